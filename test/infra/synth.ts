import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCdkApp } from '../../infra/app';

const cdkJson: unknown = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));

/** The feature flags from cdk.json, so tests synthesize what `cdk synth` synthesizes. */
export function cdkJsonContext(): Record<string, unknown> {
  if (typeof cdkJson === 'object' && cdkJson !== null && 'context' in cdkJson) {
    const { context } = cdkJson;
    if (typeof context === 'object' && context !== null) return { ...context };
  }
  throw new Error('cdk.json has no "context" object');
}

export interface SynthOptions {
  /** Run esbuild for the function assets (slow); otherwise bundling is skipped. */
  readonly bundle?: boolean;
  /** Keep the cdk-nag AwsSolutions checks that infra/app.ts registers (off: template-only tests). */
  readonly nag?: boolean;
}

const outdirs: string[] = [];

/** Deletes every outdir made by `createTestApp` in this test file (call from afterAll). */
export function removeTestOutdirs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh App in its own temp outdir with the product stack in it (not yet synthesized). */
export function createTestApp({ bundle = false, nag = false }: SynthOptions = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'infra-test-'));
  outdirs.push(outdir);
  const { app, stack } = createCdkApp(
    {
      outdir,
      context: {
        ...cdkJsonContext(),
        // An empty list skips asset bundling for every stack; '**' bundles all of them.
        'aws:cdk:bundling-stacks': bundle ? ['**'] : [],
      },
    },
    { nag },
  );
  return { app, stack, outdir };
}
