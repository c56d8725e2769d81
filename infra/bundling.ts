import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { BuildOptions, OutputFile } from 'esbuild';

/**
 * esbuild options for every Lambda bundle, shared by the CDK functions and the bundle
 * benchmark so that what is measured is what is deployed.
 */
export const lambdaBundling = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  // Dynamic imports become chunks of their own: what only some requests need (PDF, XLSX,
  // charts, QR codes) is neither parsed nor run at a cold start.
  splitting: true,
  // The maps are written, but no file refers to them and the asset does not carry them
  // (`writeBundle`): a map of several MB, parsed by --enable-source-maps on every cold start,
  // cost more than the stack traces it improved. They are kept to decode a trace by hand.
  sourcemap: 'external',
  mainFields: ['module', 'main'],
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
} as const;

export const lambdaEntries = {
  api: 'functions/http/lambda.ts',
  jobs: 'functions/jobs/handler.ts',
} as const;

/** The file a Lambda bundle's handler lives in (`index.handler`); chunks sit under `chunks/`. */
export const bundleEntryFile = 'index.mjs';

/**
 * `lambdaBundling` as esbuild BuildOptions for bundling `entry` into `outdir` (as
 * `index.mjs` and its chunks). Every key is destructured and the rest must be empty: an
 * option added to `lambdaBundling` and not mapped here fails tsc instead of silently
 * differing between the deployed bundle and the measured one.
 */
export function lambdaBuildOptions(entry: string, outdir: string): BuildOptions {
  const { format, platform, target, minify, splitting, sourcemap, mainFields, banner, ...rest } =
    lambdaBundling;
  const unmapped: Record<string, never> = rest;
  if (Object.keys(unmapped).length > 0) {
    throw new Error(`unmapped lambdaBundling options: ${Object.keys(unmapped).join(', ')}`);
  }
  return {
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    format,
    platform,
    target,
    minify,
    splitting,
    sourcemap,
    mainFields: [...mainFields],
    banner: { js: banner },
    logLevel: 'warning',
  };
}

/**
 * Writes esbuild's in-memory output (`write: false`) of a build into `outdir`: the code
 * files, and the source maps under `mapsDir` instead (the same relative paths), so that
 * they never ship with the code.
 */
export function writeBundle(outputFiles: readonly OutputFile[], outdir: string, mapsDir: string): void {
  for (const file of outputFiles) {
    const target = file.path.endsWith('.map') ? join(mapsDir, relative(outdir, file.path)) : file.path;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
}
