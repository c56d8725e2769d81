import type { CompiledForm } from './compiled-form';
import { roundTo } from './expr';
import { computeFormState } from './form-runtime';
import { maxPointsOf, scoreField, sectionMaxPoints } from './score-rules';

/** Points of one scored field, with a Chinese explanation. */
export interface ScoreLine {
  key: string;
  label: string;
  sectionKey: string;
  points: number;
  max: number;
  reason: string;
}

/** Points of one section after its cap (sections without scored fields are not listed). */
export interface SectionScore {
  key: string;
  title: string;
  points: number;
  max: number;
  /** True when the fields earned more than the section's `maxPoints`. */
  capped: boolean;
}

/** A veto item (★) that did not earn its full points. */
export interface FailedVeto {
  key: string;
  label: string;
  message: string;
}

/** The score of one answer set. */
export interface ScoreResult {
  total: number;
  maxTotal: number;
  sections: SectionScore[];
  failedVetoes: FailedVeto[];
  /** The grade, or null when the form defines no `scoring`. */
  grade: { key: string; label: string } | null;
  standardized: boolean;
  lines: ScoreLine[];
}

const tidy = (n: number): number => roundTo(n, 6) ?? 0;

/**
 * Scores answers (ideally already validated) against a form. Pure and deterministic.
 * Each visible scored field earns points by its rule; hidden fields earn 0; a
 * section earns at most its `maxPoints`. A veto item fails when it earns less than
 * its full points (a hidden or unanswered veto item therefore fails). The grade is
 * the first of `scoring.grades` whose `minPoints` the total reaches, except that a
 * failed veto forces `scoring.vetoGrade`; standardized ⇔ total ≥
 * `scoring.standardized.minPoints` and no veto failed.
 */
export function scoreAnswers(form: CompiledForm, answers: unknown): ScoreResult {
  const state = computeFormState(form, answers);
  const lines: ScoreLine[] = [];
  const sections: SectionScore[] = [];
  const failedVetoes: FailedVeto[] = [];
  for (const section of form.sections) {
    if (!section.fields.some((f) => f.field.score)) continue;
    let earned = 0;
    for (const { key, field } of section.fields) {
      if (!field.score) continue;
      const max = maxPointsOf(field);
      const { points, reason } = state.visible.has(key)
        ? scoreField(field, state.values[key] ?? null)
        : { points: 0, reason: '此项不适用（未显示），得 0 分' };
      lines.push({ key, label: field.label, sectionKey: section.key, points, max, reason });
      earned += points;
      if (field.veto && points < max) {
        const message =
          typeof field.veto === 'object'
            ? field.veto.message
            : `否决项“${field.label}”未得满分（${points}/${max} 分）`;
        failedVetoes.push({ key, label: field.label, message });
      }
    }
    const max = sectionMaxPoints(section.section);
    const points = tidy(Math.min(earned, max));
    sections.push({ key: section.key, title: section.section.title, points, max, capped: earned > max });
  }
  const total = tidy(sections.reduce((sum, s) => sum + s.points, 0));
  const maxTotal = tidy(sections.reduce((sum, s) => sum + s.max, 0));
  const { scoring } = form;
  if (!scoring) return { total, maxTotal, sections, failedVetoes, grade: null, standardized: false, lines };
  const vetoed = failedVetoes.length > 0;
  const chosen = vetoed
    ? scoring.grades.find((g) => g.key === scoring.vetoGrade)
    : scoring.grades.find((g) => total >= g.minPoints);
  const fallback = scoring.grades[scoring.grades.length - 1];
  const { key, label } = chosen ?? fallback ?? { key: 'none', label: '无等级' };
  const standardized = !vetoed && total >= scoring.standardized.minPoints;
  return { total, maxTotal, sections, failedVetoes, grade: { key, label }, standardized, lines };
}
