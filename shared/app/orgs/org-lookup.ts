import { mapLimit } from '../../lib/map-limit';
import { ttlCache } from '../../lib/ttl-cache';
import type { OrgUnit } from '../../org/org-unit';
import type { OrgRepository } from '../../store/ports';

/** How long an instance keeps a unit it read (names change rarely: a roster re-import). */
export const orgLookupTtlMs = 60_000;

/** Parallel reads of one batch of names: enough to hide latency, few enough to stay under throttling. */
const batchConcurrency = 16;

/**
 * Org units by code for hot paths (a survey link's village, the names beside a page of
 * submissions), cached in-process for `ttlMs`. Scope checks never depend on it: scopes
 * are code prefixes.
 */
export function createOrgLookup(orgs: OrgRepository, options: { ttlMs?: number } = {}) {
  const cache = ttlCache<string, OrgUnit>({
    ttlMs: options.ttlMs ?? orgLookupTtlMs,
    maxEntries: 5000,
    clock: () => performance.now(),
  });
  const get = (code: string) => cache.get(code, () => orgs.get(code));
  return {
    get,
    /** Replaces the cached unit after a write on this instance (others see it within `ttlMs`). */
    remember: (unit: OrgUnit) => cache.set(unit.code, unit),
    /** The units of `codes` that exist, by code (each distinct code read at most once). */
    async many(codes: readonly string[]): Promise<Map<string, OrgUnit>> {
      const distinct = [...new Set(codes)];
      const units = await mapLimit(distinct, batchConcurrency, get);
      return new Map(units.flatMap((u) => (u ? [[u.code, u] as const] : [])));
    },
  };
}

export type OrgLookup = ReturnType<typeof createOrgLookup>;
