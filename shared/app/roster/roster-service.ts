import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import type { OrgRepository } from '../../store/ports';
import type { OrgLookup } from '../orgs/org-lookup';

/**
 * The village roster: imports (CSV/XLSX, all or nothing) and retirements (撤并).
 * Placeholder: filled in by the roster work (issue 8).
 */
export function createRosterService(_deps: { orgs: OrgRepository; orgLookup: OrgLookup }) {
  return {
    async importRoster(
      _principal: Principal,
      _file: { contentType: string; bytes: Uint8Array },
      _now: Date,
      _options: { dryRun?: boolean } = {},
    ): Promise<{ created: number; updated: number; unchanged: number }> {
      throw new AppError('internal');
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;
