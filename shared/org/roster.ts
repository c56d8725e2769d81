import type { OrgUnit } from './org-unit';

/**
 * Whether a village counts in the roster on `date` (YYYY-MM-DD, China calendar day):
 * from its `validFrom` (or always, without one) until the day before its retirement's
 * `from`. The rate of a township on a date divides by the villages in the roster then,
 * so a merger never rewrites an earlier year's rate. Dates compare as text (same format).
 */
export function inRosterOn(unit: Pick<OrgUnit, 'validFrom' | 'retired'>, date: string): boolean {
  if (unit.validFrom !== undefined && unit.validFrom > date) return false;
  return unit.retired === undefined || date < unit.retired.from;
}
