import { randomPassword } from '../../auth/password';
import type { MetaRepository, OrgRepository, UserRepository } from '../../store/ports';
import type { FormCatalogue } from '../forms/form-catalogue';
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
  parts: {
    repos: { orgs: OrgRepository; meta: MetaRepository; users: UserRepository };
    forms: FormCatalogue;
  },
  input: {
    /** The division list (`shared/org/data/huangshan-divisions.csv`), read by the entry point. */
    divisionsCsv: string;
    /** The shipped form files (`forms/`), read by the entry point. */
    formFiles: { name: string; definition: unknown }[];
    adminPassword?: string | undefined;
    exampleVillages: boolean;
  },
  now: Date,
): Promise<BootstrapOutcome> {
  const seed = await seedDemoOrgs(parts.repos, input.divisionsCsv, now, {
    exampleVillages: input.exampleVillages,
  });
  const forms = await syncShippedForms(parts.forms, input.formFiles, now);
  const password = input.adminPassword ?? randomPassword();
  const created = await ensureAdmin(parts.repos.users, password, now);
  return { seed, forms, adminPassword: created ? password : undefined };
}

/** One line listing the forms and which were published just now. */
export const formsLine = (forms: SyncOutcome[]) =>
  forms.map((f) => `${f.id} v${f.version}${f.published ? '（新发布）' : ''}`).join('，');
