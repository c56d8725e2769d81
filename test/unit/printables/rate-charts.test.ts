import { describe, expect, it } from 'vitest';
import {
  cspSafeSvg,
  formatRate,
  rateBarChart,
  rateTrendChart,
  targetLabel,
} from '../../../shared/printables/rate-charts';

/**
 * A tiny well-formedness check: one `<svg>` root, tags balanced, attributes quoted with no
 * raw `<`, and text with no raw `<` or bare `&`. Returns the problem, or undefined.
 */
function wellFormedProblem(svg: string): string | undefined {
  if (!svg.startsWith('<svg ')) return 'does not start with <svg';
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  const text = /(?:[^<&]|&(?:[a-z]+|#\d+|#x[\da-f]+);)*/iy;
  let at = 0;
  while (at < svg.length) {
    text.lastIndex = at;
    text.exec(svg);
    at = text.lastIndex;
    if (at >= svg.length) break;
    tag.lastIndex = at;
    const m = tag.exec(svg);
    if (!m) return `bad markup at ${at}: ${svg.slice(at, at + 60)}`;
    at = tag.lastIndex;
    const [, close, name = '', , selfClosing] = m;
    if (close) {
      if (stack.pop() !== name) return `unbalanced </${name}>`;
      if (stack.length === 0 && at !== svg.length) return 'content after the root';
    } else if (!selfClosing) stack.push(name);
  }
  return stack.length ? `unclosed <${stack.join('><')}>` : undefined;
}

/** The root's viewBox as [width, height]. */
function viewBox(svg: string): [number, number] {
  const m = /^<svg\b[^>]*\sviewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!m) throw new Error('no viewBox on the root');
  return [Number(m[1]), Number(m[2])];
}

/**
 * What a strict CSP (`style-src 'self'`, `script-src 'self'`) would block or run: a script
 * or style element, an `on*` handler, a style attribute, a `javascript:` URL. Checks the
 * markup, not text (where ECharts escapes quotes, so `x' onload='…` stays text).
 */
function expectCspSafe(svg: string): void {
  const elements = new Set<string>();
  const attributes = new Set<string>();
  for (const [, element = '', attrs = ''] of svg.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    elements.add(element.toLowerCase());
    for (const [, name = '', value = ''] of attrs.matchAll(/\s([\w:-]+)="([^"]*)"/g)) {
      attributes.add(name.toLowerCase());
      expect(value).not.toMatch(/javascript:/i);
    }
  }
  expect([...elements].filter((e) => e === 'script' || e === 'style' || e === 'foreignobject')).toEqual([]);
  expect([...attributes].filter((a) => a.startsWith('on') || a === 'style')).toEqual([]);
  expect(svg).not.toMatch(/<script/i);
}

const townships = [
  { name: '东临溪镇', rate: 8 / 12 },
  { name: '溪口镇', rate: 0.5 },
  { name: '流口镇', rate: 1, met: true },
];

describe('formatRate and targetLabel', () => {
  it('shows at most one decimal and drops a trailing .0', () => {
    expect([0, 8 / 12, 0.75, 0.675, 1].map(formatRate)).toEqual(['0%', '66.7%', '75%', '67.5%', '100%']);
    expect(targetLabel(0.65)).toBe('目标 >65%');
    expect(targetLabel(0.68)).toBe('目标 >68%');
  });
});

describe('rateBarChart', () => {
  const svg = rateBarChart({ units: townships, target: 0.65, title: '各乡镇规范化建设率' });

  it('is a well-formed, responsive, CSP-safe SVG', () => {
    expect(wellFormedProblem(svg)).toBeUndefined();
    expect(svg).toMatch(/^<svg [^>]*width="100%"/);
    expect(svg).not.toMatch(/^<svg [^>]*height=/);
    expect(viewBox(svg)[0]).toBe(400);
    expectCspSafe(svg);
  });

  it('labels each unit with its name, percentage and whether it is met', () => {
    for (const name of ['东临溪镇', '溪口镇', '流口镇']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain('>66.7% 达标</text>');
    expect(svg).toContain('>50% 未达标</text>');
    expect(svg).toContain('>100% 达标</text>');
    expect(svg).toContain('>各乡镇规范化建设率</text>');
  });

  it('colours met and not-met bars apart', () => {
    expect(svg).toContain('fill="#0072B2"');
    expect(svg).toContain('fill="#D55E00"');
  });

  it('draws the target as a dashed line labelled 目标 >65%', () => {
    expect(svg).toContain('>目标 &gt;65%</text>');
    expect(svg).toMatch(/stroke-dasharray="[^"]+"/);
    expect(rateBarChart({ units: townships })).not.toContain('目标');
  });

  it('uses fonts with Chinese glyphs on Windows and Android as attributes', () => {
    expect(svg).toContain(`font-family="'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif"`);
    expect(svg).toContain('font-size="12px"');
  });

  it('summarises the data in Chinese for screen readers', () => {
    const summary =
      '各乡镇规范化建设率：东临溪镇 66.7%（达标）；溪口镇 50%（未达标）；流口镇 100%（达标）。目标 &gt;65%';
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain(`aria-label="${summary}"`);
    expect(svg).toContain(`<title>${summary}</title>`);
  });

  it('escapes names with markup characters in the text and the label', () => {
    const tricky = rateBarChart({ units: [{ name: 'A<b>&"c"', rate: 0.3 }], target: 0.65 });
    expect(wellFormedProblem(tricky)).toBeUndefined();
    expect(tricky).not.toContain('A<b>');
    expect(tricky).toContain('>A&lt;b&gt;&amp;&quot;c&quot;</text>');
    expect(tricky).toContain('aria-label="各单位规范化建设率：A&lt;b&gt;&amp;&quot;c&quot; 30%（未达标）');
    expectCspSafe(tricky);
  });

  it('keeps an attribute-like name as text', () => {
    const tricky = rateBarChart({ units: [{ name: "x' onload='alert(1)", rate: 0.3 }] });
    expectCspSafe(tricky);
    expect(wellFormedProblem(tricky)).toBeUndefined();
    expect(tricky).toContain('>x&#39; onload=&#39;alert(1)</text>');
  });

  it('says 暂无数据 in a small chart when there are no units', () => {
    const empty = rateBarChart({ units: [], target: 0.65 });
    expect(wellFormedProblem(empty)).toBeUndefined();
    expect(empty).toContain('>暂无数据</text>');
    expect(empty).toContain('aria-label="各单位规范化建设率：暂无数据"');
    expect(viewBox(empty)[1]).toBeLessThan(100);
    expectCspSafe(empty);
    expect(rateBarChart({ units: [], title: '东临溪镇' })).toContain('>东临溪镇</text>');
  });

  it('grows in height with the number of units', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ name: `第${i + 1}村`, rate: (i % 10) / 10 }));
    const big = rateBarChart({ units: many, target: 0.7 });
    const [, bigHeight] = viewBox(big);
    expect(bigHeight).toBeGreaterThan(viewBox(svg)[1] * 10);
    expect(bigHeight).toBeGreaterThanOrEqual(120 * 20);
    expect(big).toContain('>第1村</text>');
    expect(big).toContain('>第120村</text>');
    expect(wellFormedProblem(big)).toBeUndefined();
  });

  it('keeps a long name whole in the summary though the axis wraps it', () => {
    const name = '某某村民委员会老年协会很长的名字';
    const long = rateBarChart({ units: [{ name, rate: 0.7 }] });
    expect(long).toContain(`aria-label="各单位规范化建设率：${name} 70%"`);
  });

  it('takes the given width and refuses rates outside 0..1', () => {
    expect(viewBox(rateBarChart({ units: townships, width: 640 }))[0]).toBe(640);
    expect(() => rateBarChart({ units: [{ name: '甲村', rate: 1.2 }] })).toThrow(RangeError);
    expect(() => rateBarChart({ units: [{ name: '甲村', rate: Number.NaN }] })).toThrow(RangeError);
  });
});

describe('rateTrendChart', () => {
  const points = [
    { year: 2025, rate: 0.72, target: 0.7 },
    { year: 2023, rate: 8 / 12, target: 0.65 },
    { year: 2024, rate: 0.7, target: 0.68 },
  ];
  const svg = rateTrendChart({ points });

  it('is a well-formed, responsive, CSP-safe SVG', () => {
    expect(wellFormedProblem(svg)).toBeUndefined();
    expect(svg).toMatch(/^<svg [^>]*width="100%"/);
    expectCspSafe(svg);
  });

  it('shows the years in order with their rates, and the targets dashed', () => {
    const years = ['2023年', '2024年', '2025年'].map((y) => svg.indexOf(`>${y}</text>`));
    expect(years.every((i) => i > 0)).toBe(true);
    expect([...years].sort((a, b) => a - b)).toEqual(years);
    for (const pct of ['66.7%', '70%', '72%']) expect(svg).toContain(`>${pct}</text>`);
    expect(svg).toContain('>年度目标（超过）</text>');
    expect(svg).toMatch(/stroke-dasharray="[^"]+"/);
  });

  it('summarises each year and its target in Chinese', () => {
    expect(svg).toContain(
      'aria-label="规范化建设率逐年变化：2023年 66.7%（目标 &gt;65%）；2024年 70%（目标 &gt;68%）；2025年 72%（目标 &gt;70%）"',
    );
  });

  it('leaves out the target line when no year has a target', () => {
    const plain = rateTrendChart({ points: [{ year: 2023, rate: 0.5 }] });
    expect(plain).not.toContain('年度目标');
    expect(plain).not.toContain('stroke-dasharray');
  });

  it('says 暂无数据 when there are no points', () => {
    const empty = rateTrendChart({ points: [] });
    expect(wellFormedProblem(empty)).toBeUndefined();
    expect(empty).toContain('>暂无数据</text>');
  });
});

describe('cspSafeSvg', () => {
  it('refuses a style it cannot turn into attributes', () => {
    const raw = '<svg width="10" height="10" viewBox="0 0 10 10"><text style="fill:red">x</text></svg>';
    expect(() => cspSafeSvg(raw, '')).toThrow(/unexpected inline style/);
  });
});
