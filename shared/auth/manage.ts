import { isWithinScope, levelOfCode, type OrgLevel } from '../org/division';
import type { Principal, Role } from './user';

const rank: Record<Role, number> = { admin: 3, county: 2, township: 1 };

/** The levels a role's scope may be: a township clerk has a township, a county officer a county (or city). */
export const scopeLevelsOf: Record<Role, readonly OrgLevel[]> = {
  admin: ['province', 'city', 'county'],
  county: ['city', 'county'],
  township: ['township'],
};

/**
 * Whether `manager` may create or manage an account of `role` at `scope`: strictly inside
 * the manager's scope (never at it: peers do not manage peers) and no wider a role.
 */
export function canManage(manager: Principal, target: { role: Role; scope: string }): boolean {
  return (
    target.scope !== manager.scope &&
    isWithinScope(manager.scope, target.scope) &&
    rank[target.role] <= rank[manager.role]
  );
}

/** Whether `scope` is a fitting scope for `role` (by the level its code denotes). */
export function scopeFitsRole(role: Role, scope: string): boolean {
  const level = levelOfCode(scope);
  return level !== undefined && scopeLevelsOf[role].includes(level);
}

/** The roles `manager` may give to new accounts (no wider than its own), narrowest first. */
export function assignableRoles(manager: Principal): Role[] {
  return (Object.keys(rank) as Role[])
    .filter((r) => rank[r] <= rank[manager.role])
    .sort((a, b) => rank[a] - rank[b]);
}
