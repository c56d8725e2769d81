import { isCalendarDate } from '../lib/dates';
import { type CompiledField, type CompiledSection, exprTypeOfField, fieldIssue } from './compiled-form';
import { reservedWords } from './expr';
import type { AnyField } from './field-schema';
import { type FormIssue, issueAt } from './form-issues';
import type { ResolvedSection } from './resolve-form';

function compileField(
  field: AnyField,
  sub: string,
  section: ResolvedSection,
  parent: string | undefined,
): CompiledField {
  const compiled: CompiledField = {
    key: field.key,
    field,
    sub,
    origin: section.origin,
    sectionKey: section.section.key,
    exprType: exprTypeOfField[field.type],
    children: [],
    constraints: [],
    ...(parent ? { parent } : {}),
  };
  if (field.type === 'repeat') {
    compiled.children = field.fields.map((child, i) =>
      compileField(child, `${sub}.fields[${i}]`, section, field.key),
    );
  }
  return compiled;
}

/** Builds sections and the key table, reporting duplicate or reserved keys. */
export function buildSections(resolved: readonly ResolvedSection[], issues: FormIssue[]) {
  const sections: CompiledSection[] = [];
  const fields = new Map<string, CompiledField>();
  const sectionKeys = new Set<string>();
  const register = (compiled: CompiledField) => {
    const first = fields.get(compiled.key);
    if (first) {
      const where = issueAt(first.origin, first.sub, '').path;
      issues.push(fieldIssue(compiled, '.key', `字段标识“${compiled.key}”重复（已用于 ${where}）`));
    } else fields.set(compiled.key, compiled);
    if (reservedWords.has(compiled.key)) {
      issues.push(fieldIssue(compiled, '.key', `字段标识“${compiled.key}”是表达式保留字，请换一个`));
    }
    for (const child of compiled.children) register(child);
  };
  for (const entry of resolved) {
    const { section, origin } = entry;
    if (sectionKeys.has(section.key)) issues.push(issueAt(origin, '.key', `分区标识“${section.key}”重复`));
    sectionKeys.add(section.key);
    const compiled = section.fields.map((f, i) => compileField(f, `.fields[${i}]`, entry, undefined));
    compiled.forEach(register);
    sections.push({ key: section.key, section, origin, fields: compiled });
  }
  return { sections, fields };
}

function checkRange(
  issues: FormIssue[],
  field: CompiledField,
  [minProp, min]: [string, number | string | undefined],
  max: number | string | undefined,
  message: string,
): void {
  if (min !== undefined && max !== undefined && min > max)
    issues.push(fieldIssue(field, `.${minProp}`, message));
}

/** Options, ranges and patterns of one field. */
export function checkFieldStructure(compiled: CompiledField, issues: FormIssue[]): void {
  const { field } = compiled;
  if ('options' in field) {
    const seen = new Set<string>();
    field.options.forEach((option, i) => {
      if (seen.has(option.value)) {
        issues.push(fieldIssue(compiled, `.options[${i}].value`, `选项值“${option.value}”重复`));
      }
      seen.add(option.value);
    });
  }
  switch (field.type) {
    case 'text':
    case 'textarea':
      checkRange(
        issues,
        compiled,
        ['minLength', field.minLength],
        field.maxLength,
        '最少字数不能大于最多字数',
      );
      if (field.type === 'text' && field.pattern !== undefined) {
        try {
          new RegExp(field.pattern, 'u');
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          issues.push(fieldIssue(compiled, '.pattern', `正则表达式无效：${reason}`));
        }
      }
      if (field.type === 'text' && field.patternMessage !== undefined && field.pattern === undefined) {
        issues.push(fieldIssue(compiled, '.patternMessage', '设置了 patternMessage 却没有 pattern'));
      }
      break;
    case 'integer':
    case 'decimal':
      checkRange(issues, compiled, ['min', field.min], field.max, '最小值不能大于最大值');
      break;
    case 'multiple':
      checkRange(
        issues,
        compiled,
        ['minSelected', field.minSelected],
        field.maxSelected,
        '最少选择数不能大于最多选择数',
      );
      checkRange(
        issues,
        compiled,
        ['minSelected', field.minSelected],
        field.options.length,
        '最少选择数超过了选项数',
      );
      break;
    case 'date':
      for (const prop of ['min', 'max'] as const) {
        const value = field[prop];
        if (value !== undefined && !isCalendarDate(value)) {
          issues.push(fieldIssue(compiled, `.${prop}`, `“${value}”不是有效日期`));
        }
      }
      checkRange(issues, compiled, ['min', field.min], field.max, '最早日期不能晚于最晚日期');
      break;
    case 'repeat':
      checkRange(issues, compiled, ['minRows', field.minRows], field.maxRows, '最少行数不能大于最多行数');
      break;
    case 'calculated':
      if (field.required || field.requiredIf) {
        issues.push(
          fieldIssue(
            compiled,
            field.required ? '.required' : '.requiredIf',
            '计算字段由系统计算，不能设为必填',
          ),
        );
      }
      break;
    default:
      break;
  }
}
