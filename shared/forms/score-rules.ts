import { roundTo } from './expr';
import type { AnyField, Band, ScoreRule } from './field-schema';

/** Points a field earned and why, in Chinese. */
export interface FieldScore {
  points: number;
  reason: string;
}

const optionValuesOf = (field: AnyField): readonly { value: string; label: string }[] =>
  field.type === 'yesNo'
    ? [
        { value: 'yes', label: '是' },
        { value: 'no', label: '否' },
      ]
    : 'options' in field
      ? field.options
      : [];

/** The option values a `byChoice` rule may name for this field (`yes`/`no` for yesNo). */
export function choiceValues(field: AnyField): string[] {
  return optionValuesOf(field).map((o) => o.value);
}

/** Best points any value can earn under a rule. */
function ruleMax(rule: ScoreRule, field: AnyField): number {
  if ('byChoice' in rule) return Math.max(0, ...Object.values(rule.byChoice));
  if ('bands' in rule) return Math.max(0, ...rule.bands.map((b) => b.points));
  if ('countBands' in rule) return Math.max(0, ...rule.countBands.map((b) => b.points));
  const items = 'options' in field ? field.options.length : 'maxRows' in field ? field.maxRows : undefined;
  const uncapped = items === undefined ? Number.POSITIVE_INFINITY : rule.perItem * items;
  return Math.min(uncapped, rule.max ?? Number.POSITIVE_INFINITY);
}

/** Full points of a field: the most its score rule can give (0 when unscored). */
export function maxPointsOf(field: AnyField): number {
  return field.score ? ruleMax(field.score, field) : 0;
}

function formatNumber(field: AnyField, n: number): string {
  const percent = field.type === 'calculated' && field.format === 'percent';
  return percent ? `${roundTo(n * 100, 2)}%` : String(n);
}

/** Describes a band such as `≥ 0.6` or `0.4 ≤ 值 < 0.6`. */
function describeBand(band: Band, show: (n: number) => string = String): string {
  if (band.min !== undefined && band.max !== undefined) return `${show(band.min)} ≤ 值 < ${show(band.max)}`;
  if (band.min !== undefined) return `≥ ${show(band.min)}`;
  if (band.max !== undefined) return `< ${show(band.max)}`;
  return '任意值';
}

/** The first band containing `n` (min inclusive, max exclusive). */
function matchBand(bands: readonly Band[], n: number): Band | undefined {
  return bands.find((b) => (b.min === undefined || n >= b.min) && (b.max === undefined || n < b.max));
}

function countOf(value: unknown): number | undefined {
  return Array.isArray(value) ? value.length : undefined;
}

/**
 * Points a visible field earns for its (validated) value, with a Chinese reason.
 * Values of the wrong shape earn 0 like an unanswered field.
 */
export function scoreField(field: AnyField, value: unknown): FieldScore {
  const rule = field.score;
  if (!rule) return { points: 0, reason: '此项不计分' };
  const missing = { points: 0, reason: '未作答，得 0 分' };
  if ('byChoice' in rule) {
    const choice = typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
    if (typeof choice !== 'string') return missing;
    const label = optionValuesOf(field).find((o) => o.value === choice)?.label ?? choice;
    const points = Object.hasOwn(rule.byChoice, choice) ? (rule.byChoice[choice] ?? 0) : 0;
    return { points, reason: `选择“${label}”，得 ${points} 分` };
  }
  if ('bands' in rule) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return missing;
    const show = (n: number) => formatNumber(field, n);
    const band = matchBand(rule.bands, value);
    if (!band) return { points: 0, reason: `取值 ${show(value)}，不在任何计分区间内，得 0 分` };
    return {
      points: band.points,
      reason: `取值 ${show(value)}（${describeBand(band, show)}），得 ${band.points} 分`,
    };
  }
  const n = countOf(value);
  if (n === undefined || n === 0) return { points: 0, reason: '未选择任何项，得 0 分' };
  if ('countBands' in rule) {
    const band = matchBand(rule.countBands, n);
    const points = band?.points ?? 0;
    return { points, reason: `共 ${n} 项${band ? `（${describeBand(band)}）` : ''}，得 ${points} 分` };
  }
  const raw = n * rule.perItem;
  const points = rule.max === undefined ? raw : Math.min(raw, rule.max);
  const cap = rule.max !== undefined && raw > rule.max ? `，最高 ${rule.max} 分` : '';
  return { points, reason: `共 ${n} 项，每项 ${rule.perItem} 分${cap}，得 ${points} 分` };
}

/** Sum of the full points of a section's fields. */
export function sectionFieldPoints(fields: readonly AnyField[]): number {
  return fields.reduce((sum, field) => sum + maxPointsOf(field), 0);
}

/** Full points of a section: its fields' full points, capped by `maxPoints`. */
export function sectionMaxPoints(section: {
  fields: readonly AnyField[];
  maxPoints?: number | undefined;
}): number {
  return Math.min(sectionFieldPoints(section.fields), section.maxPoints ?? Number.POSITIVE_INFINITY);
}
