import { isCalendarDate } from '../lib/dates';
import type {
  AcceptanceEvent,
  LookbackEvent,
  RosterEvent,
  SubmissionEvent,
  VillageEvent,
  VillageStatus,
} from './village-events';
import { type Labels, villageFlags } from './village-flags';

/**
 * The status of a village as of a date, folded from its dated events. Only the
 * township's acceptance makes a village standardized; look-backs can take that away
 * ("防止出现滑坡"), and a rectification that misses its deadline ends it on the deadline.
 * Everything is a function of the events and the date, so a rebuild of any aggregate from
 * the events gives the same numbers as the incremental job did.
 */

/** Options of `villageStatus`. */
export interface VillageStatusOptions {
  /** Display names of fact keys and veto items in flag messages (default: the keys). */
  labels?: Labels;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical order of events: effective date, then recorded time, then type, then id.
 * Sorting with it makes the fold independent of the order the store returned events in;
 * the last two keys only break ties, ids being unique per village.
 */
export function compareEvents(a: VillageEvent, b: VillageEvent): number {
  return (
    compareText(a.effectiveDate, b.effectiveDate) ||
    compareText(a.recordedAt, b.recordedAt) ||
    compareText(a.type, b.type) ||
    compareText(a.id, b.id)
  );
}

/** Where the acceptance and look-backs left the village (absent until its first acceptance). */
interface Standing {
  stage: 'accepted' | 'not_accepted' | 'rectifying' | 'revoked';
  standardized: boolean;
  since: string;
  grade?: string;
  rectifyBy?: string;
}

// A rectification deadline that has passed ends the standardized status on the deadline.
function lapsed(standing: Standing | undefined, date: string): Standing | undefined {
  if (standing?.stage !== 'rectifying' || standing.rectifyBy === undefined || date <= standing.rectifyBy) {
    return standing;
  }
  return { stage: 'revoked', standardized: false, since: standing.rectifyBy };
}

function accept(event: AcceptanceEvent): Standing {
  const { score, effectiveDate } = event;
  if (!score.standardized) return { stage: 'not_accepted', standardized: false, since: effectiveDate };
  return {
    stage: 'accepted',
    standardized: true,
    since: effectiveDate,
    ...(score.grade !== null && { grade: score.grade }),
  };
}

// A look-back re-checks a standardized association; on any other there is nothing to
// keep, rectify or revoke, so it changes nothing.
function lookBack(standing: Standing | undefined, event: LookbackEvent): Standing | undefined {
  if (standing === undefined || !standing.standardized) return standing;
  switch (event.conclusion) {
    case 'keep':
      return standing;
    case 'revoke':
      return { stage: 'revoked', standardized: false, since: event.effectiveDate };
    case 'rectify': {
      // A deadline before the look-back itself is a slip of the pen: it lapses the next day.
      const by =
        event.rectifyBy === undefined || event.rectifyBy >= event.effectiveDate
          ? event.rectifyBy
          : event.effectiveDate;
      const { grade, since } = standing;
      return {
        stage: 'rectifying',
        standardized: true,
        since,
        ...(grade !== undefined && { grade }),
        ...(by !== undefined && { rectifyBy: by }),
      };
    }
  }
}

function earliest(events: readonly RosterEvent[], change: RosterEvent['change']): string | undefined {
  let date: string | undefined;
  for (const e of events) {
    if (e.change === change && (date === undefined || e.effectiveDate < date)) date = e.effectiveDate;
  }
  return date;
}

function roundGap(gap: number): number {
  const rounded = Math.round(gap * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded; // no −0
}

/**
 * The status of a village as of `asOf` (`YYYY-MM-DD`, inclusive), a pure fold over its
 * events: events effective after `asOf` are dropped, the rest sorted by `compareEvents`.
 *
 * - Survey: no counted submission → `not_started`; a counted baseline → `surveyed`; a
 *   counted self-evaluation → `self_evaluated` (`selfScore` from the latest). A submission
 *   counts unless its latest review returned it; a later `approve` counts it again.
 * - Acceptance: the latest wins; standardized → `accepted` (with grade), else
 *   `not_accepted`. Once accepted or not, survey events no longer move the stage.
 * - Look-back on a standardized village: `keep` nothing; `rectify` → `rectifying` until a
 *   standardized acceptance on or before the deadline, else `revoked` after it (since the
 *   deadline); `revoke` → `revoked`. A revoked village can be accepted again.
 * - Roster: from the earliest `retired` date on → `retired`, not standardized (scores and
 *   flags stay). Before the earliest `joined` date → `not_in_roster`. The joined date is
 *   read from all events, even later ones: a roster entry's start is known in advance,
 *   and without it the village could not be told apart from one that has not started.
 *
 * Throws a RangeError for an `asOf` that is not a calendar date (dates compare as text).
 */
export function villageStatus(
  events: readonly VillageEvent[],
  asOf: string,
  options: VillageStatusOptions = {},
): VillageStatus {
  if (!isCalendarDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got ${asOf}`);
  const sorted = events.filter((e) => e.effectiveDate <= asOf).sort(compareEvents);

  const submissions: SubmissionEvent[] = [];
  const returned = new Map<string, boolean>();
  const roster: RosterEvent[] = [];
  let standing: Standing | undefined;
  let acceptance: AcceptanceEvent | undefined;
  for (const event of sorted) {
    // Only acceptances and look-backs read the standing, so only they need the lapse applied first.
    if (event.type === 'acceptance' || event.type === 'lookback') {
      standing = lapsed(standing, event.effectiveDate);
    }
    switch (event.type) {
      case 'submission':
        submissions.push(event);
        break;
      case 'review':
        returned.set(event.submissionId, event.decision === 'return');
        break;
      case 'acceptance':
        acceptance = event;
        standing = accept(event);
        break;
      case 'lookback':
        standing = lookBack(standing, event);
        break;
      case 'roster':
        roster.push(event);
        break;
    }
  }
  standing = lapsed(standing, asOf);

  // The latest counted submission of a form; a resent submission id replaces its earlier event.
  const latestCounted = (formId: string): SubmissionEvent | undefined => {
    const seen = new Set<string>();
    for (let i = submissions.length - 1; i >= 0; i--) {
      const s = submissions[i];
      if (s === undefined || seen.has(s.submissionId)) continue;
      seen.add(s.submissionId);
      if (s.formId === formId && returned.get(s.submissionId) !== true) return s;
    }
    return undefined;
  };
  const baseline = latestCounted('baseline');
  const selfEvaluation = latestCounted('self-evaluation');

  const status: VillageStatus = standing
    ? {
        asOf,
        stage: standing.stage,
        standardized: standing.standardized,
        since: standing.since,
        ...(standing.grade !== undefined && { grade: standing.grade }),
        ...(standing.rectifyBy !== undefined && { rectifyBy: standing.rectifyBy }),
        flags: [],
      }
    : {
        asOf,
        stage: selfEvaluation ? 'self_evaluated' : baseline ? 'surveyed' : 'not_started',
        standardized: false,
        flags: [],
      };

  const selfScore = selfEvaluation?.score?.total;
  if (selfScore !== undefined) status.selfScore = selfScore;
  if (acceptance) status.acceptanceScore = acceptance.score.total;
  if (selfScore !== undefined && acceptance) status.scoreGap = roundGap(selfScore - acceptance.score.total);
  status.flags = villageFlags({ baseline, selfEvaluation, acceptance }, options.labels);

  const retiredFrom = earliest(roster, 'retired');
  const joinedFrom = earliest(
    events.filter((e): e is RosterEvent => e.type === 'roster'),
    'joined',
  );
  if (retiredFrom !== undefined || (joinedFrom !== undefined && asOf < joinedFrom)) {
    const { grade: _grade, rectifyBy: _rectifyBy, since: _since, ...kept } = status;
    return {
      ...kept,
      stage: retiredFrom !== undefined ? 'retired' : 'not_in_roster',
      standardized: false,
      ...(retiredFrom !== undefined && { since: retiredFrom }),
    };
  }
  return status;
}
