import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import { isoDateSchema } from '../../lib/dates';
import { mapLimit } from '../../lib/map-limit';
import { levelOfCode } from '../../org/division';
import { type OrgUnit, retirementSchema, villageCodeSchema } from '../../org/org-unit';
import { findRosterHeader } from '../../org/roster-columns';
import { checkRosterRows, planRoster, type RosterChange, type RowIssue } from '../../org/roster-rows';
import { assertInScope } from '../../org/scope';
import { readTableFile } from '../../printables/table-file';
import type { OrgRepository } from '../../store/ports';
import type { OrgLookup } from '../orgs/org-lookup';

/** `POST /api/v1/orgs/{code}/retire`: the first day the village no longer counts, and why. */
export const retireInputSchema = z.object({
  date: isoDateSchema,
  reason: retirementSchema.shape.reason,
  mergedInto: z.optional(villageCodeSchema),
});
export type RetireInput = z.infer<typeof retireInputSchema>;

export interface RosterImportResult {
  /** True for a preview: the same checks and changes, nothing written. */
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  changes: RosterChange[];
}

/** Township subtrees read at once: a county file names ~20 townships, a city file ~110. */
const readConcurrency = 8;

type RosterFile = { contentType: string; bytes: Uint8Array };

/** The console's preview: the dry run's counts and changes, or the problems of a rejected file. */
export type RosterPreview =
  | {
      ok: true;
      counts: Pick<RosterImportResult, 'created' | 'updated' | 'unchanged'>;
      changes: RosterChange[];
    }
  | { ok: false; problems: (RowIssue | { message: string })[] };

/** Errors of a file as a whole, which a preview shows as one problem. */
const fileErrors = [
  'import.columns_missing',
  'import.unsupported_type',
  'import.unreadable',
  'import.too_large',
] as const;

/**
 * The village roster: imports (CSV/XLSX, all or nothing) and retirements (撤并).
 * Callers act inside their scope: a township clerk imports their own villages.
 */
export function createRosterService(deps: { orgs: OrgRepository; orgLookup: OrgLookup }) {
  /** Reads and checks the file against the stored roster: every problem, or the changes. */
  const plan = async (principal: Principal, file: RosterFile) => {
    const rows = await readTableFile(file);
    const header = findRosterHeader(rows);
    const checked = checkRosterRows(rows, header, principal.scope);
    const townships = [...checked.townshipRows.keys()];
    const subtrees = await mapLimit(townships, readConcurrency, (t) => deps.orgs.subtree(t));
    const planned = planRoster(checked, new Map(townships.map((t, i) => [t, subtrees[i] ?? []])), header);
    const issues = [...checked.issues, ...planned.issues].sort((a, b) => a.row - b.row);
    const count = (action: RosterChange['action']) =>
      planned.changes.filter((c) => c.action === action).length;
    const counts = { created: count('create'), updated: count('update'), unchanged: count('unchanged') };
    return { issues, counts, changes: planned.changes, writes: planned.writes };
  };

  const importRoster = async (
    principal: Principal,
    file: RosterFile,
    _now: Date,
    options: { dryRun?: boolean } = {},
  ): Promise<RosterImportResult> => {
    const { issues, counts, changes, writes } = await plan(principal, file);
    if (issues.length > 0)
      throw new AppError('import.invalid', {
        message: `导入文件有 ${issues.length} 处错误，未导入任何数据，请按提示修改后重新导入`,
        details: issues,
      });
    const dryRun = options.dryRun === true;
    if (!dryRun && writes.length > 0) {
      await deps.orgs.putMany(writes);
      for (const unit of writes) deps.orgLookup.remember(unit);
    }
    return { dryRun, ...counts, changes };
  };

  return {
    /**
     * Checks every row of the file and, when all pass, writes the new and changed
     * villages (BatchWrite, idempotent overwrites; unchanged rows are not rewritten).
     * 422 `import.invalid` with `[{row, column, message}]` for every problem, nothing
     * written. Existing units are read with one subtree query per township named.
     * `dryRun` runs the very same path and stops before the write (the preview).
     */
    importRoster,

    /**
     * The same path as `importRoster` without the write, answered as a result for the
     * console's preview page: a rejected file (bad rows, missing columns, not a table)
     * is `ok: false` with its problems instead of an error.
     */
    async previewRoster(principal: Principal, file: RosterFile, _now: Date): Promise<RosterPreview> {
      try {
        const { issues, counts, changes } = await plan(principal, file);
        return issues.length > 0 ? { ok: false, problems: issues } : { ok: true, counts, changes };
      } catch (err) {
        if (AppError.is(err, ...fileErrors)) return { ok: false, problems: [{ message: err.message }] };
        throw err;
      }
    },

    /**
     * Retires a village in scope from `input.date` (撤并): 422 `org.not_village`, 404
     * unknown, 409 `org.already_retired`; `mergedInto` must be another village in scope,
     * known and not retired (422 `org.merge_invalid`). The write is conditional, so of
     * two concurrent retirements one wins and the other gets 409.
     */
    async retire(principal: Principal, code: string, input: RetireInput, now: Date): Promise<OrgUnit> {
      assertInScope(principal, code);
      if (levelOfCode(code) !== 'village') throw new AppError('org.not_village', { details: { code } });
      const unit = await deps.orgs.get(code);
      if (!unit) throw new AppError('org.not_found', { details: { code } });
      const alreadyRetired = (u: OrgUnit) =>
        new AppError('org.already_retired', { details: { code, retired: u.retired } });
      if (unit.retired) throw alreadyRetired(unit);
      if (unit.validFrom !== undefined && input.date <= unit.validFrom)
        throw new AppError('request.invalid', {
          details: [{ field: 'date', message: `撤并日期应晚于成立日期 ${unit.validFrom}` }],
        });
      if (input.mergedInto !== undefined) {
        assertInScope(principal, input.mergedInto);
        const target = input.mergedInto === code ? undefined : await deps.orgs.get(input.mergedInto);
        if (!target || target.retired)
          throw new AppError('org.merge_invalid', { details: { mergedInto: input.mergedInto } });
      }
      const retired: OrgUnit = {
        ...unit,
        retired: {
          from: input.date,
          reason: input.reason,
          ...(input.mergedInto ? { mergedInto: input.mergedInto } : {}),
          by: principal.username,
          at: now.toISOString(),
        },
      };
      if (!(await deps.orgs.putRetired(retired))) {
        const latest = await deps.orgs.get(code);
        throw latest ? alreadyRetired(latest) : new AppError('org.not_found', { details: { code } });
      }
      deps.orgLookup.remember(retired);
      return retired;
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;
