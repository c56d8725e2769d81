import { readShippedForms } from '../../../bin/form-files';
import { readDivisionsCsv } from '../../../bin/local-stack';
import type { StackParts } from '../../../bin/open-stack';
import { randomPassword } from '../../auth/password';
import { ensureAdmin, seedDemoOrgs } from './seed-demo';
import { type SyncOutcome, syncShippedForms } from './sync-forms';

export interface BootstrapOutcome {
  seed: { seeded: boolean; units: number };
  forms: SyncOutcome[];
  /** The new administrator's password when this run created `admin`, else undefined. */
  adminPassword: string | undefined;
}

/**
 * What a first start does, on any store: seed the organisation once, publish shipped
 * forms that changed, create `admin` unless it exists. Every step is idempotent.
 */
export async function bootstrap(
  stack: StackParts,
  options: { adminPassword?: string | undefined; exampleVillages: boolean },
): Promise<BootstrapOutcome> {
  const now = stack.now();
  const seed = await seedDemoOrgs(stack.repos, await readDivisionsCsv(), now, {
    exampleVillages: options.exampleVillages,
  });
  const forms = await syncShippedForms(stack.deps.forms, await readShippedForms(), now);
  const password = options.adminPassword ?? randomPassword();
  const created = await ensureAdmin(stack.repos.users, password, now);
  return { seed, forms, adminPassword: created ? password : undefined };
}

/** One line listing the forms and which were published just now. */
export const formsLine = (forms: SyncOutcome[]) =>
  forms.map((f) => `${f.id} v${f.version}${f.published ? '（新发布）' : ''}`).join('，');
