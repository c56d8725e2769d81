import { describe, expect, it } from 'vitest';
import { ScoreLine, scoreBrief } from '../../../functions/http/pages/console/answers-view';

const score = (total: number, grade: string, standardized: boolean, vetoes: string[] = []) => ({
  total,
  maxTotal: 100,
  grade: { key: grade, label: grade },
  standardized,
  failedVetoes: vetoes.map((label, i) => ({ key: `v${i}`, label, message: `${label}未达到` })),
});

describe('a score in the console', () => {
  it('in a table cell says the grade and the ★ items failed, which outweigh the points', () => {
    expect(scoreBrief(score(97, '不达标', false, ['★财务制度']))).toBe('97 分 · 不达标（★未达到 1 项）');
    expect(scoreBrief(score(92, '优秀', true))).toBe('92 分 · 优秀');
  });

  it('on a page says 达标 once: the grade when it is the verdict, else grade and verdict', () => {
    const html = (s: ReturnType<typeof score>) => String(ScoreLine({ score: s }));
    expect(html(score(97, '不达标', false, ['★财务制度']))).toContain(
      ' · <span class="tag bad">不达标</span>',
    );
    expect(html(score(97, '不达标', false))).not.toContain('未达标');
    expect(html(score(84, '达标', true))).toContain('/ 100 · <span class="tag ok">达标</span>');
    expect(html(score(84, '达标', true)).match(/达标/g)).toHaveLength(1);
    expect(html(score(92, '优秀', true))).toContain(' · 优秀 · <span class="tag ok">达标</span>');
    expect(html(score(70, '基本达标', false))).toContain(' · 基本达标 · <span class="tag bad">未达标</span>');
  });
});
