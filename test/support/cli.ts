import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runCli } from '../../bin/cli';
import { readShippedForms } from '../../bin/form-files';
import { type LocalStack, readDivisionsCsv, startLocalStack } from '../../bin/local-stack';
import { seedDemoOrgs } from '../../shared/app/setup/seed-demo';
import { syncShippedForms } from '../../shared/app/setup/sync-forms';

/** Runs a CLI command in-process and captures its output and exit code. */
export async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * A DATA_DIR prepared as a first `npm start` would (the organisation, and the forms
 * unless `forms: false`), closed again so the CLI can open it; removed after the file.
 */
export function useCliDataDir(name: string, options: { forms?: boolean } = {}) {
  const ctx = { dir: '' };
  const config = () => ({
    dataDir: ctx.dir,
    tableName: 'elder-assoc',
    sessionTtlSeconds: 3600,
    maxBodyBytes: 262_144,
  });
  beforeAll(async () => {
    ctx.dir = await mkdtemp(join(tmpdir(), `${name}-`));
    const stack = await startLocalStack(config());
    await seedDemoOrgs(stack.repos, await readDivisionsCsv(), stack.now());
    if (options.forms !== false)
      await syncShippedForms(stack.services.forms, await readShippedForms(), stack.now());
    await stack.close();
  });
  afterAll(async () => {
    await rm(ctx.dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return ctx.dir;
    },
    config,
    /** Opens the data dir (after the command closed it) for `read`, then closes it. */
    async read<T>(read: (stack: LocalStack) => Promise<T>): Promise<T> {
      const stack = await startLocalStack(config());
      try {
        return await read(stack);
      } finally {
        await stack.close();
      }
    },
  };
}
