/**
 * Standardization-rate charts as SVG strings, rendered on the server with Apache ECharts
 * SSR (tree-shaken `echarts/core`), for pages under the console's strict CSP.
 *
 * ECharts' raw SVG has an inline `<style>` block (hover rules) and `style="font-…"` on each
 * text: `style-src 'self'` blocks both, and the style attribute is not even well-formed
 * when a font name is quoted with `"`. `cspSafeSvg` turns the fonts into presentation
 * attributes and drops the rest, so the result has no `style`, no script, no `on*`.
 *
 * Sizing: the root has `width="100%"`, no height and its `viewBox`, so it fills its
 * container and keeps its aspect ratio; cap it in CSS on the container (e.g.
 * `.chart { max-width: 40rem }`). The default widths are drawn for a phone, so text stays
 * near its drawn size at 360 px. Class `rate-chart` is on the root for styling.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { escapeXml, xmlChars } from './xml';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

/** One unit (a village, or a township in a county view) and its rate, a fraction 0..1. */
export interface RateUnit {
  name: string;
  rate: number;
  /** Whether the unit meets the target; defaults to `rate > target` (pass `meetsTarget` for exactness). */
  met?: boolean;
}

/** One year of a trend: the rate then and that year's target (`rateAbove`), if any. */
export interface RatePoint {
  year: number;
  rate: number;
  target?: number;
}

/** Fonts that render Chinese on Windows, macOS/iOS, Android and Linux. */
const fontFamily = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif";
/** Okabe–Ito blue and vermillion: distinguishable with every common colour-vision deficiency. */
const colours = { met: '#0072B2', notMet: '#D55E00', unknown: '#7F7F7F', target: '#333333', text: '#222222' };
const rowHeight = 28;
/** Grid margins measured from the chart's edge to the axis labels (ECharts 6's containLabel). */
const labelsInside = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };
/** The value axis of a rate: 0 to 100% in quarters. */
const rateAxis = {
  type: 'value',
  min: 0,
  max: 1,
  interval: 0.25,
  axisLabel: { formatter: (v: number) => formatRate(v), color: colours.text },
};
const defaultWidth = 400;

/** A rate as a percentage with at most one decimal: 0.6667 → "66.7%", 0.75 → "75%". */
export function formatRate(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The target line's label: 0.65 → "目标 >65%" (the target is "more than", 超过). */
export function targetLabel(target: number): string {
  return `目标 >${formatRate(target)}`;
}

function checkRate(what: string, rate: number): void {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new RangeError(`${what} must be in [0, 1], got ${rate}`);
}

function metText(met: boolean | undefined): string {
  return met === undefined ? '' : met ? '达标' : '未达标';
}

/**
 * Horizontal bars of each unit's rate, in the given order from the top, each labelled with
 * its percentage and 达标/未达标 (so colour is not the only cue), and a dashed target line.
 * The height grows with the number of units; no units gives a small "暂无数据" chart.
 */
export function rateBarChart(input: {
  units: RateUnit[];
  target?: number;
  width?: number;
  title?: string;
}): string {
  const { units, target } = input;
  const width = input.width ?? defaultWidth;
  const title = input.title === undefined ? undefined : xmlChars(input.title);
  if (target !== undefined) checkRate('target', target);
  const rows = units.map((u) => {
    checkRate(`rate of ${u.name}`, u.rate);
    const met = u.met ?? (target === undefined ? undefined : u.rate > target);
    return { name: xmlChars(u.name), rate: u.rate, met };
  });
  const summary = `${title ?? '各单位规范化建设率'}：`;
  if (rows.length === 0) return emptyChart(width, title, `${summary}暂无数据`);

  const top = (title ? 36 : 8) + (target === undefined ? 0 : 20);
  const bottom = 28;
  const height = top + rows.length * rowHeight + bottom;
  const labels = rows.map((r) => [formatRate(r.rate), metText(r.met)].filter(Boolean).join(' '));
  const ariaLabel =
    summary +
    rows
      .map((r) => `${r.name} ${formatRate(r.rate)}${r.met === undefined ? '' : `（${metText(r.met)}）`}`)
      .join('；') +
    (target === undefined ? '' : `。${targetLabel(target)}`);

  return render(width, height, ariaLabel, {
    ...baseOption(title),
    grid: { left: 8, right: 92, top, bottom, ...labelsInside },
    xAxis: rateAxis,
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisTick: { show: false },
      // Long names wrap instead of pushing the bars out; the aria label has them whole.
      axisLabel: { width: Math.round(width * 0.3), overflow: 'break', lineHeight: 13, color: colours.text },
    },
    series: [
      {
        type: 'bar',
        silent: true,
        barMaxWidth: 18,
        data: rows.map((r) => ({
          value: r.rate,
          itemStyle: { color: r.met === undefined ? colours.unknown : r.met ? colours.met : colours.notMet },
        })),
        label: {
          show: true,
          position: 'right',
          color: colours.text,
          formatter: (p: { dataIndex: number }) => labels[p.dataIndex] ?? '',
        },
        markLine: target === undefined ? undefined : targetMarkLine(target),
      },
    ],
  });
}

/**
 * The rate by year as a solid line with its percentages, and the yearly targets as a
 * dashed second line (a gap where a year has none). No points gives a "暂无数据" chart.
 */
export function rateTrendChart(input: { points: RatePoint[]; width?: number }): string {
  const width = input.width ?? defaultWidth;
  const points = [...input.points].sort((a, b) => a.year - b.year);
  for (const p of points) {
    checkRate(`rate of ${p.year}`, p.rate);
    if (p.target !== undefined) checkRate(`target of ${p.year}`, p.target);
  }
  const summary = '规范化建设率逐年变化：';
  if (points.length === 0) return emptyChart(width, undefined, `${summary}暂无数据`);

  const ariaLabel =
    summary +
    points
      .map(
        (p) =>
          `${p.year}年 ${formatRate(p.rate)}${p.target === undefined ? '' : `（${targetLabel(p.target)}）`}`,
      )
      .join('；');
  const hasTargets = points.some((p) => p.target !== undefined);
  const series: Record<string, unknown>[] = [
    {
      name: '规范化建设率',
      type: 'line',
      silent: true,
      color: colours.met,
      symbolSize: 7,
      data: points.map((p) => p.rate),
      label: { show: true, color: colours.text, formatter: (p: { value: number }) => formatRate(p.value) },
    },
  ];
  if (hasTargets) {
    series.push({
      name: '年度目标（超过）',
      type: 'line',
      silent: true,
      color: colours.notMet,
      symbol: 'rect',
      symbolSize: 6,
      lineStyle: { type: 'dashed' },
      data: points.map((p) => p.target ?? null),
    });
  }

  return render(width, 260, ariaLabel, {
    ...baseOption(undefined),
    legend: hasTargets ? { top: 4, silent: true, textStyle: { color: colours.text } } : undefined,
    grid: { left: 8, right: 16, top: hasTargets ? 40 : 16, bottom: 8, ...labelsInside },
    xAxis: { type: 'category', data: points.map((p) => `${p.year}年`), axisLabel: { color: colours.text } },
    yAxis: rateAxis,
    series,
  });
}

/** Options every chart shares: static (no animation), Chinese fonts, an optional title. */
function baseOption(title: string | undefined): Record<string, unknown> {
  return {
    animation: false,
    textStyle: { fontFamily, fontSize: 12 },
    title: title
      ? { text: title, left: 'center', top: 6, textStyle: { fontSize: 15, color: colours.text } }
      : undefined,
  };
}

/** A dashed vertical line at the target, labelled "目标 >65%" above the bars. */
function targetMarkLine(target: number): Record<string, unknown> {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { type: 'dashed', color: colours.target, width: 1.5 },
    // The category axis is inverted (first unit on top), so the line starts at the top.
    label: { formatter: targetLabel(target), position: 'start', color: colours.target },
    data: [{ xAxis: target }],
  };
}

/** A small chart that only says 暂无数据 (under the title, if any). */
function emptyChart(width: number, title: string | undefined, ariaLabel: string): string {
  return render(width, title ? 90 : 60, ariaLabel, {
    ...baseOption(title),
    series: [],
    title: [
      ...(title
        ? [{ text: title, left: 'center', top: 6, textStyle: { fontSize: 15, color: colours.text } }]
        : []),
      {
        text: '暂无数据',
        left: 'center',
        bottom: 16,
        textStyle: { fontSize: 13, fontWeight: 'normal', color: '#666' },
      },
    ],
  });
}

/** Renders an option to an SVG string with ECharts SSR, then makes it CSP-safe and accessible. */
function render(width: number, height: number, ariaLabel: string, option: Record<string, unknown>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return cspSafeSvg(chart.renderToSVGString(), ariaLabel);
  } finally {
    chart.dispose();
  }
}

const fontAttributes = new Set(['font-size', 'font-family', 'font-style', 'font-weight']);

/**
 * ECharts SVG → SVG for a strict CSP: font styles become presentation attributes, the hover
 * `<style>`, its classes and ECharts' hydration metadata go, and the root gets
 * `width="100%"`, `role="img"`, an aria label and a `<title>`. The patterns are safe on
 * ECharts' output because it escapes `<`, `>`, `"` and `'` in text, so no text can look
 * like markup; user data never reaches an attribute there.
 */
export function cspSafeSvg(svg: string, ariaLabel: string): string {
  const body = svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/ ecmeta_\w+="[^"]*"/g, '')
    .replace(/ style="([^"]*)"/g, (_, css: string) => styleToAttributes(css));
  const open = /^<svg\b[^>]*>/.exec(body)?.[0];
  if (!open?.includes(' viewBox="')) throw new Error('ECharts SVG without a viewBox');
  const label = escapeXml(ariaLabel);
  const root = open
    .replace(/ width="[^"]*"/, ' width="100%"')
    .replace(/ height="[^"]*"/, '')
    .replace(/>$/, ` class="rate-chart" role="img" aria-label="${label}">`);
  return `${root}<title>${label}</title>${body.slice(open.length)}`;
}

/** `font-size:12px;font-family:…;` → ` font-size="12px" font-family="…"`; anything else is a bug. */
function styleToAttributes(css: string): string {
  let out = '';
  for (const declaration of css.split(';')) {
    if (!declaration.trim()) continue;
    const colon = declaration.indexOf(':');
    const property = declaration.slice(0, colon).trim();
    if (colon < 0 || !fontAttributes.has(property))
      throw new Error(`unexpected inline style: ${declaration}`);
    out += ` ${property}="${declaration.slice(colon + 1).trim()}"`;
  }
  return out;
}
