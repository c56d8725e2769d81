import { readdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Bench, type BenchResult, makeTempDir, repoRoot } from './harness';
import { formatTable } from './report';

/**
 * `npm run bench [-- substring …]`: runs every bench/*.bench.ts (or those whose file name
 * contains one of the substrings), prints a table to stdout and writes bench/results.json.
 */

function isBench(value: unknown): value is Bench {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Bench>;
  return typeof candidate.name === 'string' && typeof candidate.run === 'function';
}

async function discover(filters: readonly string[]): Promise<string[]> {
  const files = (await readdir(join(repoRoot, 'bench')))
    .filter((f) => f.endsWith('.bench.ts'))
    // Sorted so the run order, and thus any order effects, is the same every time.
    .sort();
  return filters.length === 0 ? files : files.filter((f) => filters.some((s) => f.includes(s)));
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => a !== '--');
  const files = await discover(filters);
  if (files.length === 0) {
    throw new Error(`no bench/*.bench.ts file matches ${JSON.stringify(filters)}`);
  }

  const results: BenchResult[] = [];
  let failed = 0;
  for (const file of files) {
    const mod: { bench?: unknown } = await import(pathToFileURL(join(repoRoot, 'bench', file)).href);
    if (!isBench(mod.bench)) throw new Error(`${file} must export \`const bench: Bench\``);
    const bench = mod.bench;
    const tmpName = file.replace(/\.bench\.ts$/, '');
    process.stderr.write(`▶ ${bench.name} (${file})\n`);
    const started = performance.now();
    try {
      const own = await bench.run({
        root: repoRoot,
        tmpDir: () => makeTempDir(tmpName),
        log: (step) => process.stderr.write(`  ${bench.name}: ${step}\n`),
      });
      results.push(...own);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`✔ ${bench.name} in ${seconds} s\n`);
    } catch (err) {
      // One broken bench must not hide the figures of the others; the exit code still fails.
      failed++;
      process.stderr.write(`✘ ${bench.name} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
  }

  process.stdout.write(`${formatTable(results)}\n`);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    results,
  };
  const out = join(repoRoot, 'bench', 'results.json');
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
  if (failed > 0) process.exitCode = 1;
}

try {
  await main();
} catch (err) {
  // Usage and discovery errors are for the person at the terminal; a stack trace adds nothing.
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
