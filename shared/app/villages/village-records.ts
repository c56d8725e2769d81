import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import type { OrgUnit } from '../../org/org-unit';
import { assertInScope } from '../../org/scope';
import type { VillageRecords } from '../../programme/event-sources';
import type { VillageHistoryRepository } from '../../store/ports';
import type { OrgLookup } from '../orgs/org-lookup';

/** Reads what a village's status is folded from, after the caller's scope is checked. */
export function createVillageRecords(deps: { orgLookup: OrgLookup; history: VillageHistoryRepository }) {
  /** The village `code` in the caller's scope: 403 outside it, 404 unknown, 422 not a village. */
  async function village(principal: Principal, code: string): Promise<OrgUnit> {
    assertInScope(principal, code);
    const unit = await deps.orgLookup.get(code);
    if (!unit) throw new AppError('org.not_found', { details: { code } });
    if (unit.level !== 'village') {
      throw new AppError('evaluation.not_allowed', {
        message: '只有村（居）有审核、评估和状态，请选择一个村（居）',
        details: { code },
      });
    }
    return unit;
  }

  return {
    village,
    /** The village's unit (cached), submissions (with reviews) and evaluations (one Query). */
    async load(principal: Principal, code: string): Promise<VillageRecords> {
      const unit = await village(principal, code);
      return { unit, ...(await deps.history.read(code)) };
    },
  };
}

export type VillageRecordsReader = ReturnType<typeof createVillageRecords>;
