import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import type { CompiledForm } from '../../forms/compiled-form';
import { parentCodeOf } from '../../org/division';
import type { OrgUnit } from '../../org/org-unit';
import { assertInScope } from '../../org/scope';
import { villageFormIds } from '../../programme/shipped-programme';
import type { OrgRepository, SubmissionRepository } from '../../store/ports';
import type { Submission } from '../../submissions/submission';
import type { FormCatalogue } from '../forms/form-catalogue';
import type { LinkRow, LinkService } from '../links/link-service';
import type { OrgLookup } from './org-lookup';

/** One village form as a row of "my area" shows it: the current link and the newest submission. */
export interface FormCell {
  formId: string;
  link?: LinkRow;
  lastSubmission?: { id: string; receivedAt: string };
}

export interface VillageRow {
  unit: OrgUnit;
  forms: FormCell[];
}

/** "My area" at one unit: where it sits, its children, and for a township its villages' progress. */
export interface AreaView {
  unit: OrgUnit;
  /** The units from the caller's scope down to this one's parent. */
  trail: OrgUnit[];
  children: OrgUnit[];
  /** For a township: each village with its links and newest submissions per village form. */
  villages?: VillageRow[];
  formIds: readonly string[];
}

/** A village with everything its console page shows. */
export interface VillageView {
  unit: OrgUnit;
  trail: OrgUnit[];
  /** Per village form, every link issued (the current one first). */
  links: { formId: string; title: string; rows: LinkRow[] }[];
  /** Newest first, each with the form version it was filled against. */
  submissions: { submission: Submission; form: CompiledForm }[];
}

/** Enough for a township's villages and their history; a page, not an export. */
const historyLimit = 2000;

/**
 * The staff console's read models of the roster: a drill-down from the caller's scope
 * to its villages, with each village's links and submissions. Scope-checked first.
 */
export function createAreaService(deps: {
  orgs: OrgRepository;
  orgLookup: OrgLookup;
  links: LinkService;
  submissions: SubmissionRepository;
  forms: FormCatalogue;
}) {
  const unitInScope = async (principal: Principal, code: string) => {
    assertInScope(principal, code);
    const unit = await deps.orgs.get(code);
    if (!unit) throw new AppError('org.not_found', { details: { code } });
    return unit;
  };

  /** The ancestors of `code` inside the caller's scope, top first. */
  const trailOf = async (principal: Principal, code: string): Promise<OrgUnit[]> => {
    const codes: string[] = [];
    for (let c = parentCodeOf(code); c && c.length >= principal.scope.length; c = parentCodeOf(c))
      codes.unshift(c);
    const units = await deps.orgLookup.many(codes);
    return codes.flatMap((c) => {
      const u = units.get(c);
      return u ? [u] : [];
    });
  };

  const newestByVillage = (items: Submission[]) => {
    const newest = new Map<string, Submission>();
    for (const s of items) {
      const seen = newest.get(s.orgCode);
      if (!seen || seen.receivedAt < s.receivedAt) newest.set(s.orgCode, s);
    }
    return newest;
  };

  return {
    /** The name of a unit (the caller's scope in the console's header), its code if unknown. */
    async nameOf(code: string): Promise<string> {
      return (await deps.orgLookup.get(code))?.name ?? code;
    },

    /** The units strictly below `principal`'s scope whose level is one of `levels`, by code. */
    async unitsBelow(principal: Principal, levels: readonly OrgUnit['level'][]): Promise<OrgUnit[]> {
      const units = await deps.orgs.subtree(principal.scope);
      return units.filter((u) => u.code !== principal.scope && levels.includes(u.level));
    },

    async overview(principal: Principal, code: string, now: Date): Promise<AreaView> {
      const unit = await unitInScope(principal, code);
      const [trail, children] = await Promise.all([trailOf(principal, code), deps.orgs.children(code)]);
      children.sort((a, b) => (a.code < b.code ? -1 : 1));
      if (unit.level !== 'township') return { unit, trail, children, formIds: villageFormIds };
      const perForm = await Promise.all(
        villageFormIds.map(async (formId) => {
          const [links, subs] = await Promise.all([
            deps.links.listLinks(principal, code, formId, now),
            deps.submissions.listUnder(code, { limit: historyLimit, formId }),
          ]);
          const current = new Map<string, LinkRow>();
          for (const row of links) if (!current.has(row.orgCode)) current.set(row.orgCode, row);
          return { formId, current, newest: newestByVillage(subs.items) };
        }),
      );
      const villages = children
        .filter((c) => c.level === 'village')
        .map((v) => ({
          unit: v,
          forms: perForm.map(({ formId, current, newest }) => {
            const link = current.get(v.code);
            const last = newest.get(v.code);
            return {
              formId,
              ...(link ? { link } : {}),
              ...(last ? { lastSubmission: { id: last.id, receivedAt: last.receivedAt } } : {}),
            };
          }),
        }));
      return { unit, trail, children, villages, formIds: villageFormIds };
    },

    /** A village in the caller's scope and the units above it, for a page about one of its records. */
    async place(principal: Principal, code: string): Promise<{ unit: OrgUnit; trail: OrgUnit[] }> {
      const [unit, trail] = await Promise.all([unitInScope(principal, code), trailOf(principal, code)]);
      if (unit.level !== 'village') throw new AppError('org.not_found', { details: { code } });
      return { unit, trail };
    },

    /**
     * A village's page: its links, and its submissions newest first. `known`: the
     * submissions when the caller has read them already (the village's history, for its
     * status), so the page reads them once.
     */
    async village(
      principal: Principal,
      code: string,
      now: Date,
      known?: Promise<readonly Submission[]>,
    ): Promise<VillageView> {
      const unit = await unitInScope(principal, code);
      if (unit.level !== 'village') throw new AppError('org.not_found', { details: { code } });
      const [trail, links, page] = await Promise.all([
        trailOf(principal, code),
        Promise.all(
          villageFormIds.map(async (formId) => ({
            formId,
            title: (await deps.forms.get(formId)).title,
            rows: await deps.links.listLinks(principal, code, formId, now),
          })),
        ),
        known ?? deps.submissions.listUnder(code, { limit: historyLimit }).then((page) => page.items),
      ]);
      const items = [...page].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
      const submissions = await Promise.all(
        items.map(async (submission) => ({
          submission,
          form: deps.forms.compile(await deps.forms.get(submission.formId, submission.formVersion)),
        })),
      );
      return { unit, trail, links, submissions };
    },
  };
}

export type AreaService = ReturnType<typeof createAreaService>;
