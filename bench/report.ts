import type { BenchResult } from './harness';

/** Human units for the table only; results.json keeps raw values and units. */
export function formatValue(value: number, unit: string): string {
  if (unit === 'bytes') return `${(value / 1024).toFixed(1)} KB`;
  if (unit === 'ms') return `${value.toFixed(2)} ms`;
  return `${Number(value.toPrecision(4))} ${unit}`;
}

function pad(cells: readonly string[], widths: readonly number[], rightAligned: ReadonlySet<number>) {
  return cells
    .map((cell, i) => {
      const width = widths[i] ?? cell.length;
      return rightAligned.has(i) ? cell.padStart(width) : cell.padEnd(width);
    })
    .join('  ')
    .trimEnd();
}

/** An aligned plain-text table; numbers right-aligned so magnitudes can be compared by eye. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'metric', 'ours', 'baseline', 'baseline is', 'ratio', 'better'];
  const rows = results.map((r) => [
    r.benchmark,
    r.metric,
    formatValue(r.value, r.unit),
    formatValue(r.baseline.value, r.unit),
    r.baseline.label,
    `${r.ratio.toFixed(2)}×`,
    r.better,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const rightAligned = new Set([2, 3, 5]);
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1));
  const notes = results
    .filter((r) => r.note !== undefined)
    .map((r) => `  ${r.benchmark} / ${r.metric}: ${r.note}`);
  return [
    'ratio = ours ÷ baseline (better = lower: below 1.00× is good; better = higher: above 1.00× is good)',
    rule,
    pad(header, widths, rightAligned),
    rule,
    ...rows.map((row) => pad(row, widths, rightAligned)),
    rule,
    ...(notes.length > 0 ? ['notes:', ...notes] : []),
  ].join('\n');
}
