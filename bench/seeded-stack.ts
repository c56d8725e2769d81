import { ScanCommand } from '@aws-sdk/lib-dynamodb';

export { countCommands } from '../test/support/store-calls';

import { readShippedForms } from '../bin/form-files';
import { type LocalStack, readDivisionsCsv, startLocalStack } from '../bin/local-stack';
import { adminScope, adminUsername, ensureAdmin, seedDemoOrgs } from '../shared/app/setup/seed-demo';
import { syncShippedForms } from '../shared/app/setup/sync-forms';
import type { CompiledForm } from '../shared/forms/compiled-form';

/** 东临溪镇: its 12 villages get the links, as in the integration tests. */
export const benchTownship = '341022104';

/** The tests' clock: links issued at this time are active for the whole run. */
export const benchNow = new Date('2026-11-28T08:00:00Z');

export interface SeededStack {
  stack: LocalStack;
  /** Survey tokens of the township's villages, per form id, in village-code order. */
  tokens: Record<string, { orgCode: string; token: string }[]>;
  /** The compiled latest version of a form, as the app sees it. */
  compiled(formId: string): Promise<CompiledForm>;
  /** Items in the table (a bench-only Scan with Select COUNT: the product never scans). */
  countItems(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The stack the tests use — in-memory dynalite, the shared table, the real services and
 * app — seeded the same way (demo organisation, administrator, shipped forms), with
 * links issued for `formIds` to every village of 东临溪镇.
 */
export async function startSeededStack(dataDir: string, formIds: readonly string[]): Promise<SeededStack> {
  const stack = await startLocalStack(
    { dataDir, tableName: 'bench-table', sessionTtlSeconds: 3600, maxBodyBytes: 64 * 1024 },
    { inMemory: true, now: () => benchNow },
  );
  try {
    await seedDemoOrgs(stack.repos, await readDivisionsCsv(), benchNow);
    await ensureAdmin(stack.repos.users, 'bench-admin-password', benchNow);
    await syncShippedForms(stack.deps.forms, await readShippedForms(), benchNow);
    const admin = { username: adminUsername, role: 'admin' as const, scope: adminScope };
    const tokens: SeededStack['tokens'] = {};
    for (const formId of formIds) {
      const issued = await stack.deps.links.issueLinks(
        admin,
        { formId, parentCode: benchTownship },
        benchNow,
      );
      tokens[formId] = issued.map((l) => ({ orgCode: l.orgCode, token: l.url.replace(/^\/f\//, '') }));
    }
    return {
      stack,
      tokens,
      compiled: async (formId) => stack.deps.forms.compile(await stack.deps.forms.get(formId)),
      async countItems() {
        let count = 0;
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const out = await stack.table.client.send(
            new ScanCommand({ TableName: stack.table.name, Select: 'COUNT', ExclusiveStartKey }),
          );
          count += out.Count ?? 0;
          ExclusiveStartKey = out.LastEvaluatedKey;
        } while (ExclusiveStartKey);
        return count;
      },
      close: () => stack.close(),
    };
  } catch (err) {
    await stack.close();
    throw err;
  }
}
