import type { CompiledField, CompiledSection } from './compiled-form';
import { fieldIssue } from './compiled-form';
import type { FieldType } from './field-schema';
import { type FormIssue, issueAt, jsonPath, type Origin } from './form-issues';
import type { Scoring } from './meta-schema';
import { choiceValues, maxPointsOf, sectionFieldPoints, sectionMaxPoints } from './score-rules';

const fitting: Record<'byChoice' | 'bands' | 'perItem' | 'countBands', readonly FieldType[]> = {
  byChoice: ['single', 'yesNo'],
  bands: ['integer', 'decimal', 'calculated'],
  perItem: ['multiple', 'repeat', 'attachment'],
  countBands: ['multiple', 'repeat', 'attachment'],
};

function checkBands(compiled: CompiledField, prop: string, bands: readonly { min?: number; max?: number }[]) {
  const issues: FormIssue[] = [];
  bands.forEach((band, i) => {
    if (band.min !== undefined && band.max !== undefined && band.min >= band.max) {
      issues.push(fieldIssue(compiled, `.score.${prop}[${i}].min`, '区间下限（含）必须小于上限（不含）'));
    }
  });
  return issues;
}

/** Score rule and veto of one field: the rule fits the type and names only existing options. */
export function checkFieldScore(compiled: CompiledField, issues: FormIssue[]): void {
  const { field } = compiled;
  if (compiled.parent && (field.score || field.veto)) {
    issues.push(fieldIssue(compiled, field.score ? '.score' : '.veto', '重复组内的字段不能计分或设为否决项'));
    return;
  }
  if (field.veto && !field.score)
    issues.push(fieldIssue(compiled, '.veto', '否决项必须设置计分规则（score）'));
  const rule = field.score;
  if (!rule) return;
  const kind =
    'byChoice' in rule
      ? 'byChoice'
      : 'bands' in rule
        ? 'bands'
        : 'perItem' in rule
          ? 'perItem'
          : 'countBands';
  if (!fitting[kind].includes(field.type)) {
    issues.push(fieldIssue(compiled, `.score.${kind}`, `${field.type} 类型的字段不能使用 ${kind} 计分`));
    return;
  }
  if ('byChoice' in rule) {
    const values = choiceValues(field);
    for (const value of Object.keys(rule.byChoice)) {
      if (!values.includes(value)) {
        const path = `.score.byChoice${jsonPath([value], '')}`;
        issues.push(
          fieldIssue(compiled, path, `计分规则引用了不存在的选项“${value}”（可选：${values.join('、')}）`),
        );
      }
    }
  }
  if ('bands' in rule) issues.push(...checkBands(compiled, 'bands', rule.bands));
  if ('countBands' in rule) issues.push(...checkBands(compiled, 'countBands', rule.countBands));
  if (!Number.isFinite(maxPointsOf(field))) {
    issues.push(fieldIssue(compiled, '.score', '每项计分的重复组或附件须设置封顶分 max'));
  }
}

/** A section cap must be reachable: not above what its fields can earn. */
export function checkSectionCap(section: CompiledSection, issues: FormIssue[]): void {
  const cap = section.section.maxPoints;
  if (cap === undefined) return;
  const available = sectionFieldPoints(section.section.fields);
  if (available === 0) issues.push(issueAt(section.origin, '.maxPoints', '该分区没有计分项，不能设置满分'));
  else if (cap > available) {
    issues.push(
      issueAt(section.origin, '.maxPoints', `分区满分（${cap}）超过了各项最高分之和（${available}）`),
    );
  }
}

/** Grades descend to 0, keys are unique, the veto grade exists, thresholds are reachable. */
export function checkScoring(
  scoring: Scoring,
  origin: Origin,
  sections: readonly CompiledSection[],
  issues: FormIssue[],
): void {
  const maxTotal = sections.reduce((sum, s) => sum + sectionMaxPoints(s.section), 0);
  if (maxTotal === 0) {
    issues.push(issueAt(origin, '', '表单设置了评分等级，但没有任何计分项'));
    return;
  }
  const keys = new Set<string>();
  scoring.grades.forEach((grade, i) => {
    const previous = scoring.grades[i - 1];
    if (keys.has(grade.key)) issues.push(issueAt(origin, `.grades[${i}].key`, `等级标识“${grade.key}”重复`));
    keys.add(grade.key);
    if (previous && grade.minPoints >= previous.minPoints) {
      issues.push(issueAt(origin, `.grades[${i}].minPoints`, '等级须按分数线从高到低排列'));
    }
    if (grade.minPoints > maxTotal) {
      issues.push(
        issueAt(origin, `.grades[${i}].minPoints`, `分数线 ${grade.minPoints} 超过了满分 ${maxTotal}`),
      );
    }
  });
  const last = scoring.grades.length - 1;
  if (scoring.grades[last]?.minPoints !== 0) {
    issues.push(
      issueAt(origin, `.grades[${last}].minPoints`, '最后一个等级的分数线必须为 0，使每个总分都有等级'),
    );
  }
  if (!keys.has(scoring.vetoGrade)) {
    issues.push(issueAt(origin, '.vetoGrade', `否决时的等级“${scoring.vetoGrade}”不在 grades 中`));
  }
  if (scoring.standardized.minPoints > maxTotal) {
    issues.push(issueAt(origin, '.standardized.minPoints', `达标分数线超过了满分 ${maxTotal}`));
  }
}
