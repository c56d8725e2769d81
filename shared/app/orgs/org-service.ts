import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import type { OrgUnit } from '../../org/org-unit';
import { assertInScope } from '../../org/scope';
import type { OrgRepository } from '../../store/ports';

/** Org-unit reads as a caller sees them: scope-checked, 404 when the unit is unknown. */
export function createOrgService(orgs: OrgRepository) {
  const getInScope = async (principal: Principal, code: string): Promise<OrgUnit> => {
    assertInScope(principal, code);
    const unit = await orgs.get(code);
    if (!unit) throw new AppError('org.not_found', { details: { code } });
    return unit;
  };
  return {
    get: getInScope,
    async children(principal: Principal, code: string): Promise<OrgUnit[]> {
      await getInScope(principal, code);
      return orgs.children(code);
    },
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
