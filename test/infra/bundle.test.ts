import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaEntries } from '../../infra/bundling';
import { bundledFontFileName, fontSourcePath, projectRoot } from '../../infra/constructs/node-function';
import { bundledFontFileName as fontFileLoaded } from '../../shared/printables/font-file';
import { createTestApp, removeTestOutdirs } from './synth';

afterAll(removeTestOutdirs);

// The environment Lambda would give a function (see infra/constructs/data-access.ts), nothing more:
// no credentials, so an import that tried to reach AWS could not succeed quietly.
const lambdaEnv = {
  PATH: process.env.PATH ?? '',
  RUNTIME: 'aws',
  TABLE_NAME: 'x',
  BLOB_BUCKET: 'x',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:x',
  AWS_REGION: 'cn-north-1',
};

// Prints what the module exports (the handler must exist without having been invoked), then
// loads every chunk the way a first use would: each resolves and runs from the asset alone.
const probe = `
const mod = await import(process.argv[1]);
const { readdirSync } = await import('node:fs');
const chunks = readdirSync(new URL('./chunks/', process.argv[1])).filter((f) => f.endsWith('.mjs'));
for (const chunk of chunks) await import(new URL('./chunks/' + chunk, process.argv[1]).href);
console.log(JSON.stringify({ exports: Object.keys(mod), handler: typeof mod.handler, chunks: chunks.length }));
`;

/** Every file under `dir`, relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));

/** The modules a cold start evaluates: index.mjs and the chunks it imports statically, transitively. */
function coldPath(assetDir: string): string[] {
  const seen = new Set([join(assetDir, 'index.mjs')]);
  for (const file of seen) {
    // esbuild's minified static imports: `import{a as b}from"./chunks/x.mjs"` or `import"./chunks/x.mjs"`.
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.mjs)"/g))
      if (spec) seen.add(resolve(dirname(file), spec));
  }
  return [...seen];
}

describe('lambda bundles', () => {
  it('esbuild produces, for every entry, an ESM index.mjs that a fresh node imports without touching AWS', {
    timeout: 180_000,
  }, () => {
    const { app, stack, outdir } = createTestApp({ bundle: true });
    app.synth();

    // One function per entry (the API and the jobs), each with its own asset.
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const keys = Object.values(functions).map((fn) => String(fn.Properties.Code.S3Key));
    expect(keys).toHaveLength(Object.keys(lambdaEntries).length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      // The function's S3 key is `<asset hash>.zip`; the staged asset sits in `asset.<hash>`.
      const assetDir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      const bundle = join(assetDir, 'index.mjs');
      expect(existsSync(bundle), bundle).toBe(true);
      expect(statSync(bundle).size).toBeGreaterThan(1000);
      // The SDK is bundled, so the bundle needs no node_modules next to it.
      expect(existsSync(join(assetDir, 'node_modules'))).toBe(false);

      // No source map ships or is referenced (nothing for --enable-source-maps to parse at a cold
      // start); the maps stay in the cloud assembly, beside the assets, to decode a trace by hand.
      const files = filesUnder(assetDir);
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
      for (const f of files.filter((name) => name.endsWith('.mjs')))
        expect(readFileSync(join(assetDir, f), 'utf8'), f).not.toContain('sourceMappingURL');
      const mapsOf = readdirSync(join(outdir, 'sourcemaps')).map((d) => join(outdir, 'sourcemaps', d));
      expect(mapsOf.some((d) => existsSync(join(d, 'index.mjs.map')))).toBe(true);

      // Split at dynamic imports: the PDF renderer (pdfkit, which signs its files "PDFKit") is in
      // a chunk that a cold start does not load; it is loaded with the first link sheet or certificate.
      const cold = coldPath(assetDir);
      const pdfChunks = files.filter(
        (f) => f.endsWith('.mjs') && readFileSync(join(assetDir, f)).includes('PDFKit'),
      );
      expect(pdfChunks.length).toBeGreaterThan(0);
      expect(cold.map((f) => relative(assetDir, f)).filter((f) => pdfChunks.includes(f))).toEqual([]);

      // The CJK font for PDFs sits next to index.mjs, whole, under the name loadCjkFont reads.
      expect(fontFileLoaded).toBe(bundledFontFileName);
      const font = join(assetDir, bundledFontFileName);
      expect(existsSync(font), font).toBe(true);
      expect(statSync(font).size).toBeGreaterThan(1024 * 1024);
      expect(statSync(font).size).toBe(statSync(join(projectRoot, fontSourcePath)).size);

      const out = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', probe, pathToFileURL(bundle).href],
        {
          cwd: assetDir,
          env: lambdaEnv,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
      expect(result, bundle).toEqual({
        exports: ['handler'],
        handler: 'function',
        chunks: files.filter((f) => f.startsWith('chunks/')).length,
      });
    }
  });
});
