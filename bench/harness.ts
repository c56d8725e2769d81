import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Repository root, so benches resolve paths the same way whatever the caller's cwd. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BenchResult {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  baseline: { label: string; value: number };
  /** ours ÷ baseline; see `better` for which side of 1 is good. */
  ratio: number;
  better: 'lower' | 'higher';
  note?: string;
}

export interface BenchContext {
  root: string;
  /** A fresh, empty directory under bench/.tmp/ owned by the running bench. */
  tmpDir(): Promise<string>;
  /** Progress line on stderr, so stdout carries only the table. */
  log(step: string): void;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list is undefined');
  // Copy before sorting: callers keep their samples in measurement order for inspection.
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** ours ÷ baseline. Throws rather than report Infinity/NaN as a figure. */
export function ratio(ours: number, baseline: number): number {
  if (!Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) {
    throw new Error(`cannot form ratio ${ours} ÷ ${baseline}`);
  }
  return ours / baseline;
}

/** Recreates bench/.tmp/<name> empty; stale bundles from an earlier run must not be measured. */
export async function makeTempDir(name: string): Promise<string> {
  const dir = join(repoRoot, 'bench', '.tmp', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

export interface ChildOptions {
  /** The child's whole environment: nothing is inherited, so tsx loaders and AWS profiles stay out. */
  env: Record<string, string>;
  /** Extra node flags placed before the script. */
  nodeArgs?: string[];
}

/** Runs an ESM `script` (source text) once in a fresh `node` process. */
export async function runNodeScript(
  script: string,
  options: ChildOptions,
): Promise<{ stdout: string; stderr: string }> {
  const args = [...(options.nodeArgs ?? []), '--input-type=module', '--eval', script];
  return execFileAsync(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    cwd: repoRoot,
  });
}

/**
 * Runs an ESM `script` (source text) in n fresh `node` processes, one after another so
 * they do not compete for CPU, and returns the number each printed as its last stdout line.
 */
export async function measureFreshProcesses(
  script: string,
  n: number,
  options: ChildOptions,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const { stdout, stderr } = await runNodeScript(script, options);
    const last = stdout.trim().split('\n').at(-1) ?? '';
    const value = Number(last);
    if (last === '' || !Number.isFinite(value)) {
      throw new Error(`child printed no number (stdout: ${JSON.stringify(stdout)}, stderr: ${stderr})`);
    }
    // Unexpected child warnings can skew timings; surface them instead of hiding them.
    if (stderr.trim() !== '') process.stderr.write(`  child stderr: ${stderr.trim()}\n`);
    samples.push(value);
  }
  return samples;
}

/**
 * Alternates the scripts (A, B, A, B, …) so machine drift during the run hits all of
 * them alike; the first `warmup` rounds warm the file cache and are discarded.
 */
export async function measureInterleaved<K extends string>(
  scripts: Record<K, string>,
  rounds: number,
  options: ChildOptions & { warmup?: number; onRound?: (label: string) => void },
): Promise<Record<K, number[]>> {
  const keys = Object.keys(scripts) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const warmup = options.warmup ?? 1;
  for (let round = 0; round < warmup + rounds; round++) {
    options.onRound?.(
      round < warmup ? `warm-up ${round + 1}/${warmup}` : `round ${round - warmup + 1}/${rounds}`,
    );
    for (const key of keys) {
      const [value] = await measureFreshProcesses(scripts[key], 1, options);
      if (round >= warmup && value !== undefined) samples[key].push(value);
    }
  }
  return samples;
}
