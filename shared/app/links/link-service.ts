import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import type { CompiledForm } from '../../forms/compiled-form';
import { formIdSchema } from '../../forms/meta-schema';
import { mapLimit } from '../../lib/map-limit';
import { expiryOf, type Link, type LinkStatus, linkDays, linkStatus } from '../../links/link';
import { isLinkId, linkIdFromToken, linkPath, linkToken, newLinkId } from '../../links/link-token';
import { divisionCodeSchema, levelOfCode } from '../../org/division';
import type { OrgUnit } from '../../org/org-unit';
import { assertInScope } from '../../org/scope';
import type { LinkRepository, OrgRepository, StoredForm } from '../../store/ports';
import type { FormCatalogue } from '../forms/form-catalogue';
import type { OrgLookup } from '../orgs/org-lookup';
import { selectVillages } from './link-villages';

/** The body of `POST /api/v1/links` (also what the CLI passes). */
export const issueLinksInputSchema = z
  .object({
    formId: formIdSchema,
    orgCodes: z.optional(
      z.array(divisionCodeSchema).check(z.minLength(1, '至少选择一个村（居）'), z.maxLength(2000)),
    ),
    parentCode: z.optional(divisionCodeSchema),
    expiresInDays: z.optional(
      z
        .int('有效期应为整数天数')
        .check(z.gte(1, '有效期至少 1 天'), z.lte(linkDays.max, `有效期最多 ${linkDays.max} 天`)),
    ),
    /** Revoke each village's active link and issue a new one. */
    rotate: z.optional(z.boolean()),
  })
  .check(
    z.refine((v) => (v.orgCodes === undefined) !== (v.parentCode === undefined), {
      message: '请提供 orgCodes 或 parentCode 之一',
      path: ['parentCode'],
    }),
  );
export type IssueLinksInput = z.infer<typeof issueLinksInputSchema>;

/** One issued link, as `POST /api/v1/links` answers. `url` is relative: `/f/{token}`. */
export interface IssuedLink {
  id: string;
  orgCode: string;
  orgName: string;
  url: string;
  expiresAt: string;
}

/** A row of the link list (and of the printable link sheet). */
export interface LinkRow extends IssuedLink {
  issuedAt: string;
  status: LinkStatus;
}

/** What a valid token opens: the link, its village, and the latest published form. */
export interface ResolvedLink {
  /** The token it was opened with (it addresses the link's own routes). */
  token: string;
  link: Link;
  org: OrgUnit;
  stored: StoredForm;
  form: CompiledForm;
}

/** Village code order; within a village the newest link first (the active one on a tie). */
function byCodeThenNewest(a: LinkRow, b: LinkRow): number {
  if (a.orgCode !== b.orgCode) return a.orgCode < b.orgCode ? -1 : 1;
  if (a.issuedAt !== b.issuedAt) return a.issuedAt < b.issuedAt ? 1 : -1;
  return Number(b.status === 'active') - Number(a.status === 'active');
}

/** Parallel issues per request: enough to hide latency, few enough to stay under throttling. */
const concurrency = 8;

/**
 * Survey links: issuing (idempotent per village and form), listing, revoking, and
 * resolving a token back to its village and form.
 */
export function createLinkService(deps: {
  links: LinkRepository;
  orgs: OrgRepository;
  orgLookup: OrgLookup;
  forms: FormCatalogue;
  secret: Buffer;
}) {
  const url = (id: string) => linkPath(linkToken(deps.secret, id));

  /** One village's link: its active one, or a new one swapped in with a conditional write. */
  async function issueOne(orgCode: string, formId: string, input: IssueLinksInput, by: string, now: Date) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await deps.links.current(orgCode, formId);
      if (current) {
        let live = await deps.links.get(current.id);
        if (!live) {
          // An issue stopped between the slot and the record: finish it.
          await deps.links.put(current);
          live = current;
        }
        const active = linkStatus(live, now) === 'active';
        if (active && !input.rotate) return live;
        if (active) await deps.links.revoke(live, now.toISOString(), by);
      }
      const next: Link = {
        id: newLinkId(),
        orgCode,
        formId,
        issuedAt: now.toISOString(),
        expiresAt: expiryOf(now, input.expiresInDays ?? linkDays.default),
        issuedBy: by,
      };
      if (await deps.links.replaceCurrent(next, current?.id)) {
        await deps.links.put(next);
        return next;
      }
      // Another issue for this village got there first: look again.
    }
    throw new AppError('store.conflict', { details: { orgCode } });
  }

  const rowOf = (link: Link, orgName: string, now: Date): LinkRow => ({
    id: link.id,
    orgCode: link.orgCode,
    orgName,
    url: url(link.id),
    expiresAt: link.expiresAt,
    issuedAt: link.issuedAt,
    status: linkStatus(link, now),
  });

  return {
    /**
     * Issues one link per village — the villages under `parentCode`, or exactly
     * `orgCodes` — for the latest published version of `formId`. Every village must be
     * inside the caller's scope; nothing is written unless all checks pass. A village
     * whose link is still active gets that same link back (a retry never duplicates;
     * `expiresInDays` then does not change it); with `rotate` it is revoked and replaced.
     * Results are in village-code order.
     */
    async issueLinks(
      principal: Principal,
      input: IssueLinksInput,
      now: Date,
      options: { onProgress?: (done: number, total: number) => void } = {},
    ): Promise<IssuedLink[]> {
      if (input.parentCode !== undefined) assertInScope(principal, input.parentCode);
      await deps.forms.get(input.formId);
      const villages = await selectVillages(deps.orgs, principal, input);
      let done = 0;
      return mapLimit(villages, concurrency, async (village) => {
        const link = await issueOne(village.code, input.formId, input, principal.username, now);
        options.onProgress?.(++done, villages.length);
        const { id, orgCode, expiresAt } = link;
        return { id, orgCode, orgName: village.name, url: url(id), expiresAt };
      });
    },

    /**
     * Every link of `formId` for the villages under `parentCode` (the unit itself
     * included), with its status at `now`; sorted by village code, newest first within
     * a village. Rows with status `active` are the ones to hand out.
     */
    async listLinks(principal: Principal, parentCode: string, formId: string, now: Date): Promise<LinkRow[]> {
      assertInScope(principal, parentCode);
      const [parent] = await Promise.all([deps.orgs.get(parentCode), deps.forms.get(formId)]);
      if (!parent) throw new AppError('org.not_found', { details: { code: parentCode } });
      const [links, units] = await Promise.all([
        deps.links.listUnder(formId, parentCode),
        deps.orgs.subtree(parentCode),
      ]);
      const names = new Map(units.map((u) => [u.code, u.name]));
      return links.map((link) => rowOf(link, names.get(link.orgCode) ?? '', now)).sort(byCodeThenNewest);
    },

    /** Revokes a link by id (idempotent); 404 `link.not_found`, 403 outside the caller's scope. */
    async revokeLink(principal: Principal, id: string, now: Date): Promise<LinkRow> {
      const link = isLinkId(id) ? await deps.links.get(id) : undefined;
      if (!link) throw new AppError('link.not_found', { details: { id } });
      assertInScope(principal, link.orgCode);
      const revoked = await deps.links.revoke(link, now.toISOString(), principal.username);
      const org = await deps.orgs.get(link.orgCode);
      return rowOf(revoked, org?.name ?? '', now);
    },

    /**
     * Resolves a survey token at `now`. Throws `link.invalid` (malformed, wrong mac,
     * unknown id), `link.revoked` or `link.expired` (checked in that order). The link is
     * read from the table every time, so a revocation takes effect at once; its village
     * and form come from the in-process caches, so a warm instance makes one store call.
     */
    async resolveLink(token: string, now: Date): Promise<ResolvedLink> {
      const id = linkIdFromToken(deps.secret, token);
      const link = id ? await deps.links.get(id) : undefined;
      if (!link || levelOfCode(link.orgCode) !== 'village') throw new AppError('link.invalid');
      const status = linkStatus(link, now);
      if (status === 'revoked') throw new AppError('link.revoked');
      if (status === 'expired') throw new AppError('link.expired');
      const [org, stored] = await Promise.all([
        deps.orgLookup.get(link.orgCode),
        deps.forms.get(link.formId),
      ]);
      if (!org) throw new AppError('link.invalid');
      return { token, link, org, stored, form: deps.forms.compile(stored) };
    },
  };
}

export type LinkService = ReturnType<typeof createLinkService>;
