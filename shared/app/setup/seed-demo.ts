import { hashPassword } from '../../auth/password';
import type { User } from '../../auth/user';
import { demoOrgUnits } from '../../org/demo-units';
import type { MetaRepository, OrgRepository, UserRepository } from '../../store/ports';

export const adminUsername = 'admin';
export const adminScope = '34';

/**
 * Seeds the demo organisation once. Org writes are idempotent overwrites and the marker
 * is written last, so a start interrupted half-way simply seeds again next time.
 */
export async function seedDemoOrgs(
  deps: { orgs: OrgRepository; meta: MetaRepository },
  divisionsCsv: string,
  now: Date,
  options: { exampleVillages?: boolean } = {},
): Promise<{ seeded: boolean; units: number }> {
  if (await deps.meta.has('seed')) return { seeded: false, units: 0 };
  const units = demoOrgUnits(divisionsCsv, options);
  await deps.orgs.putMany(units);
  await deps.meta.markOnce('seed', now.toISOString());
  return { seeded: true, units: units.length };
}

/** Creates the administrator (scope: the province) unless it exists; never changes an existing one. */
export async function ensureAdmin(users: UserRepository, password: string, now: Date): Promise<boolean> {
  if (await users.get(adminUsername)) return false;
  const admin: User = {
    username: adminUsername,
    role: 'admin',
    scope: adminScope,
    displayName: '系统管理员',
    passwordHash: await hashPassword(password),
    createdAt: now.toISOString(),
  };
  return users.create(admin);
}
