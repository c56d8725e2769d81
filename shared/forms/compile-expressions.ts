import { type CompiledField, type CompiledSection, fieldIssue } from './compiled-form';
import {
  collectRefs,
  type Expr,
  type ExprType,
  parseExpression,
  type TypeEnv,
  typeCheck,
  typeLabels,
} from './expr';
import type { FormIssue } from './form-issues';

type Report = (message: string) => FormIssue;

/** Where a field may be referenced from: top level, or inside the rows of one repeat group. */
function envFor(fields: ReadonlyMap<string, CompiledField>, row: CompiledField | undefined): TypeEnv {
  return {
    typeOf(name) {
      const target = fields.get(name);
      if (!target) return { error: `引用了不存在的字段“${name}”` };
      if (target.parent && target.parent !== row?.key) {
        return {
          error: `字段“${name}”属于重复组“${target.parent}”，只能在该组的行内引用（汇总请用 sum(${target.parent}, '${name}') 或 count(${target.parent})）`,
        };
      }
      const childTypes = new Map<string, ExprType>(target.children.map((c) => [c.key, c.exprType]));
      return { type: target.exprType, childTypes };
    },
  };
}

/**
 * Parses and type-checks one expression; reports syntax errors with their position and
 * type errors, and checks the result type. Returns the tree only when it is sound.
 */
function compileExpression(
  source: string,
  env: TypeEnv,
  want: ExprType,
  report: Report,
  issues: FormIssue[],
) {
  const parsed = parseExpression(source);
  if (!parsed.ok) {
    issues.push(report(`表达式语法错误（第 ${parsed.error.pos + 1} 个字符）：${parsed.error.message}`));
    return undefined;
  }
  const { type, errors } = typeCheck(parsed.expr, env);
  for (const error of errors) issues.push(report(`${error.message}（第 ${error.pos + 1} 个字符）`));
  if (errors.length > 0) return undefined;
  if (type !== want && type !== 'any' && type !== 'null') {
    const what = want === 'boolean' ? '条件表达式' : '计算表达式';
    issues.push(report(`${what}的结果必须是${typeLabels[want]}，这里是${typeLabels[type]}`));
    return undefined;
  }
  return parsed.expr;
}

function compileFieldExpressions(
  compiled: CompiledField,
  fields: ReadonlyMap<string, CompiledField>,
  issues: FormIssue[],
): void {
  const { field } = compiled;
  const env = envFor(fields, compiled.parent ? fields.get(compiled.parent) : undefined);
  const at =
    (prop: string): Report =>
    (message) =>
      fieldIssue(compiled, prop, message);
  const condition = (source: string | undefined, prop: string): Expr | undefined =>
    source === undefined ? undefined : compileExpression(source, env, 'boolean', at(prop), issues);
  const visibleIf = condition(field.visibleIf, '.visibleIf');
  if (visibleIf) compiled.visibleIf = visibleIf;
  const requiredIf = condition(field.requiredIf, '.requiredIf');
  if (requiredIf) compiled.requiredIf = requiredIf;
  (field.constraints ?? []).forEach((constraint, i) => {
    const expr = condition(constraint.expr, `.constraints[${i}].expr`);
    if (expr) compiled.constraints.push({ expr, refs: [...collectRefs(expr)], message: constraint.message });
  });
  if (field.type === 'calculated') {
    const calc = compileExpression(field.expr, env, 'number', at('.expr'), issues);
    if (calc) compiled.calc = calc;
  }
}

/** Parses and type-checks every expression of the form, attaching the trees to fields and sections. */
export function compileExpressions(
  sections: CompiledSection[],
  fields: ReadonlyMap<string, CompiledField>,
  issues: FormIssue[],
): void {
  for (const section of sections) {
    const source = section.section.visibleIf;
    if (source !== undefined) {
      const report: Report = (message) =>
        fieldIssue({ origin: section.origin, sub: '' }, '.visibleIf', message);
      const expr = compileExpression(source, envFor(fields, undefined), 'boolean', report, issues);
      if (expr) section.visibleIf = expr;
    }
  }
  for (const compiled of fields.values()) compileFieldExpressions(compiled, fields, issues);
}
