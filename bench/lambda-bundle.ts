import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { lambdaBundling } from '../infra/bundling';
import { repoRoot } from './harness';

/**
 * Translates the deployed `lambdaBundling` options into esbuild BuildOptions. Every key is
 * destructured and the rest must be empty: if someone adds an option to infra/bundling.ts,
 * tsc (and this check at run time) fails here instead of the bench silently measuring a
 * bundle that differs from the deployed one.
 */
export function esbuildOptionsFromLambdaBundling(): BuildOptions {
  const { format, platform, target, minify, sourcemap, mainFields, banner, ...rest } = lambdaBundling;
  const unmapped: Record<string, never> = rest;
  if (Object.keys(unmapped).length > 0) {
    throw new Error(`unmapped lambdaBundling options: ${Object.keys(unmapped).join(', ')}`);
  }
  return {
    format,
    platform,
    target,
    minify,
    sourcemap,
    mainFields: [...mainFields],
    banner: { js: banner },
  };
}

export interface BundleFigures {
  outfile: string;
  /** The .mjs only; the source map is written beside it but not loaded at run time. */
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

/** Bundles one entry exactly as deployed, resolving packages from the project's node_modules. */
export async function bundleLambda(entry: string, outfile: string): Promise<BundleFigures> {
  const result = await build({
    ...esbuildOptionsFromLambdaBundling(),
    entryPoints: [entry],
    outfile,
    bundle: true,
    metafile: true,
    absWorkingDir: repoRoot,
    nodePaths: [join(repoRoot, 'node_modules')],
    logLevel: 'silent',
  });
  const code = await readFile(outfile);
  return {
    outfile,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    metafile: result.metafile,
  };
}

export const OWN_CODE = '(own code)';

/**
 * Output bytes per npm package (inputs outside node_modules count as OWN_CODE), so a size
 * ratio can be explained by what was added rather than guessed at.
 */
export function bytesByPackage(metafile: Metafile): Map<string, number> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      // The last node_modules segment names the package that actually ships the file.
      const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const key = match?.[1] ?? OWN_CODE;
      totals.set(key, (totals.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return totals;
}

/** The `count` packages that grew most from `base` to `ours`, formatted for a note. */
export function largestAdditions(ours: Metafile, base: Metafile, count: number): string {
  const baseBytes = bytesByPackage(base);
  return [...bytesByPackage(ours)]
    .map(([name, bytes]) => [name, bytes - (baseBytes.get(name) ?? 0)] as const)
    .filter(([, added]) => added > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, added]) => `${name} +${(added / 1024).toFixed(1)} KB`)
    .join(', ');
}
