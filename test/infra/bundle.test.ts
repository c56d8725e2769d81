import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
  NODE_OPTIONS: '--enable-source-maps',
  RUNTIME: 'aws',
  TABLE_NAME: 'x',
  BLOB_BUCKET: 'x',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:x',
  AWS_REGION: 'cn-north-1',
};

// Prints what the module exports; the handler must exist without having been invoked.
const probe = `
const mod = await import(process.argv[1]);
console.log(JSON.stringify({ exports: Object.keys(mod), handler: typeof mod.handler }));
`;

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
      // The SDK is bundled (bundleAwsSDK), so the bundle needs no node_modules next to it.
      expect(existsSync(join(assetDir, 'node_modules'))).toBe(false);

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
      expect(result, bundle).toEqual({ exports: ['handler'], handler: 'function' });
    }
  });
});
