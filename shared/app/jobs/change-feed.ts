import type { AggregateRepository } from '../../store/aggregate-repository';
import type { OrgRepository } from '../../store/ports';

/**
 * The change feed as the jobs read it: every write that moves a village's status carries
 * a key in the time-ordered `byChange` index, and each job keeps its own watermark per
 * province.
 *
 * Changes are re-read from this long before the watermark: a write stamped just before a
 * run started can become visible after the run read the index (GSIs are eventually
 * consistent, a Lambda may take seconds between stamping and writing). Re-reading costs a
 * recompute of the same townships; missing one would leave a number wrong.
 */
export const changeLagMs = 5 * 60_000;

/**
 * The townships of a province a job must look at in this run: all of them on its first
 * run (no watermark yet), else those with changes since the watermark (less the lag).
 */
export async function townshipsToDo(
  deps: { orgs: OrgRepository; changes: AggregateRepository },
  job: string,
  province: string,
  nowIso: string,
): Promise<{ townships: string[]; changes: number }> {
  const watermark = await deps.changes.watermark(province, job);
  if (watermark === undefined) {
    const all = (await deps.orgs.subtree(province)).filter((u) => u.level === 'township');
    return { townships: all.map((u) => u.code), changes: 0 };
  }
  const from = new Date(Date.parse(watermark) - changeLagMs).toISOString();
  return deps.changes.changedTownships(province, from, nowIso);
}
