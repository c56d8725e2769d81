import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaEntries } from '../infra/bundling';
import { type Bench, type BenchResult, measureInterleaved, median, ratio } from './harness';
import { bundleLambda, largestAdditions } from './lambda-bundle';
import { importOffline } from './offline-import';

const ROUNDS = 15;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const BASELINE_LABEL = 'hono + DynamoDB SDK only';

/** What Lambda sets, plus our config; importing must not need anything else. */
const lambdaEnv = {
  RUNTIME: 'aws',
  TABLE_NAME: 'bench',
  BLOB_BUCKET: 'bench',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:bench',
  AWS_REGION: 'cn-north-1',
  // The SDK's own switch for its Node-version notice (a plain 'Warning', so
  // --disable-warning cannot target it). It fires on client construction, which import never reaches.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const nodeArgs: string[] = [];

/**
 * The floor for our bundle: the same framework and SDK clients with no app code. Every
 * import is used inside the handler so esbuild cannot tree-shake it away, but the clients
 * are built lazily, as in ours, so import cost is module evaluation only.
 */
const baselineEntry = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

let ready;
export const handler = async (event, context) => {
  if (!ready) {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const app = new Hono();
    app.get('/', (c) => c.json({ client: typeof doc.send }));
    ready = handle(app);
  }
  return ready(event, context);
};
`;

/** The child measures only the dynamic import: node start-up is the same for both. */
function timeImportScript(bundle: string): string {
  const url = JSON.stringify(pathToFileURL(bundle).href);
  return `const t = performance.now();
await import(${url});
process.stdout.write(String(performance.now() - t) + '\\n');`;
}

export const bench: Bench = {
  name: 'api-cold-import',
  async run(ctx) {
    const dir = await ctx.tmpDir();
    ctx.log(`bundling ours (${lambdaEntries.api})`);
    const ours = await bundleLambda(join(ctx.root, lambdaEntries.api), join(dir, 'ours'));
    ctx.log('bundling baseline (dependencies only)');
    const baselineSource = join(dir, 'baseline-entry.mjs');
    await writeFile(baselineSource, baselineEntry);
    const base = await bundleLambda(baselineSource, join(dir, 'baseline'));

    ctx.log('checking that importing our bundle makes no network call');
    const offline = await importOffline(ours.outfile, { env: lambdaEnv, nodeArgs });
    if (offline.attempts.length > 0) {
      throw new Error(`importing the API bundle reached for the network: ${offline.attempts.join('; ')}`);
    }
    if (offline.handlerType !== 'function') throw new Error('the API bundle exports no handler function');

    ctx.log(`cold import: ${ROUNDS} fresh node processes each, interleaved`);
    const samples = await measureInterleaved(
      { ours: timeImportScript(ours.outfile), baseline: timeImportScript(base.outfile) },
      ROUNDS,
      { env: lambdaEnv, nodeArgs, warmup: 1, onRound: (label) => ctx.log(`cold import ${label}`) },
    );
    const oursMs = median(samples.ours);
    const baseMs = median(samples.baseline);

    const common = { benchmark: 'api-cold-import', better: 'lower' } as const;
    const results: BenchResult[] = [
      {
        ...common,
        metric: 'bundle size (minified)',
        value: ours.bytes,
        unit: 'bytes',
        baseline: { label: BASELINE_LABEL, value: base.bytes },
        ratio: ratio(ours.bytes, base.bytes),
        note:
          `code loaded at a cold start (entry and its static chunks); ${kb(ours.totalBytes - ours.bytes)} more in chunks loaded on first use. ` +
          `Largest additions over baseline: ${largestAdditions(ours, base, 4)}`,
      },
      {
        ...common,
        metric: 'bundle size (gzip)',
        value: ours.gzipBytes,
        unit: 'bytes',
        baseline: { label: BASELINE_LABEL, value: base.gzipBytes },
        ratio: ratio(ours.gzipBytes, base.gzipBytes),
      },
      {
        ...common,
        metric: 'cold import (median)',
        value: oursMs,
        unit: 'ms',
        baseline: { label: BASELINE_LABEL, value: baseMs },
        ratio: ratio(oursMs, baseMs),
        note: `median of ${ROUNDS} fresh processes each, A/B interleaved after 1 warm-up round; import made no network call`,
      },
    ];
    return results;
  },
};
