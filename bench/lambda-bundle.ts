import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { bundleEntryFile, lambdaBuildOptions } from '../infra/bundling';
import { repoRoot } from './harness';

export interface BundleFigures {
  /** The entry module (index.mjs) a cold start imports. */
  outfile: string;
  /** The code a cold start loads: the entry and the chunks it imports statically (no source maps). */
  bytes: number;
  gzipBytes: number;
  /** Every chunk, those loaded on first use (dynamic imports) included. */
  totalBytes: number;
  metafile: Metafile;
  /** The output files counted in `bytes` (as the metafile names them). */
  coldOutputs: string[];
}

/** The output files `entry` loads before it runs: itself and its static imports, transitively. */
export function coldPathOutputs(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external || seen.has(imported.path)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...seen];
}

/**
 * Bundles one entry exactly as deployed (`lambdaBuildOptions`, as infra/constructs/node-function.ts
 * does) into `outdir`, resolving packages from the project's node_modules.
 */
export async function bundleLambda(entry: string, outdir: string): Promise<BundleFigures> {
  const result = await build({
    ...lambdaBuildOptions(entry, outdir),
    metafile: true,
    absWorkingDir: repoRoot,
    nodePaths: [join(repoRoot, 'node_modules')],
    logLevel: 'silent',
  });
  const outfile = join(outdir, bundleEntryFile);
  const code = async (files: string[]) =>
    Buffer.concat(await Promise.all(files.map((f) => readFile(join(repoRoot, f)))));
  const outputs = Object.keys(result.metafile.outputs).filter((f) => !f.endsWith('.map'));
  const coldOutputs = coldPathOutputs(result.metafile, relative(repoRoot, outfile));
  const cold = await code(coldOutputs);
  return {
    outfile,
    bytes: cold.byteLength,
    gzipBytes: gzipSync(cold).byteLength,
    totalBytes: (await code(outputs)).byteLength,
    metafile: result.metafile,
    coldOutputs,
  };
}

export const OWN_CODE = '(own code)';

/**
 * Output bytes per npm package (inputs outside node_modules count as OWN_CODE), so a size
 * ratio can be explained by what was added rather than guessed at.
 */
export function bytesByPackage(metafile: Metafile, outputs?: readonly string[]): Map<string, number> {
  const totals = new Map<string, number>();
  const counted = outputs ?? Object.keys(metafile.outputs);
  for (const output of counted.flatMap((name) => metafile.outputs[name] ?? [])) {
    for (const [path, input] of Object.entries(output.inputs)) {
      // The last node_modules segment names the package that actually ships the file.
      const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const key = match?.[1] ?? OWN_CODE;
      totals.set(key, (totals.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return totals;
}

/** The `count` packages whose cold-path code grew most from `base` to `ours`, formatted for a note. */
export function largestAdditions(ours: BundleFigures, base: BundleFigures, count: number): string {
  const baseBytes = bytesByPackage(base.metafile, base.coldOutputs);
  return [...bytesByPackage(ours.metafile, ours.coldOutputs)]
    .map(([name, bytes]) => [name, bytes - (baseBytes.get(name) ?? 0)] as const)
    .filter(([, added]) => added > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, added]) => `${name} +${(added / 1024).toFixed(1)} KB`)
    .join(', ');
}
