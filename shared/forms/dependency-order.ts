import { type CompiledField, type CompiledSection, fieldIssue } from './compiled-form';
import { collectRefs, type Expr } from './expr';
import type { FormIssue } from './form-issues';

interface Edge {
  to: string;
  /** Reports an issue at the expression that creates this dependency. */
  at: (message: string) => FormIssue;
}

function edgesFrom(
  expr: Expr | undefined,
  nodes: ReadonlyMap<string, CompiledField>,
  at: Edge['at'],
  into: Edge[],
): void {
  if (!expr) return;
  for (const to of collectRefs(expr)) if (nodes.has(to)) into.push({ to, at });
}

/**
 * Orders `nodes` so each comes after the fields its value or visibility reads
 * (`visibleIf`, the section's `visibleIf`, a calculated `expr`, and for a repeat
 * group its rows' `visibleIf`). Cycles are issues showing the chain `a → b → a`.
 */
function orderNodes(
  list: readonly CompiledField[],
  sectionOf: (field: CompiledField) => CompiledSection | undefined,
  issues: FormIssue[],
): CompiledField[] {
  const nodes = new Map(list.map((f) => [f.key, f]));
  const edges = new Map<string, Edge[]>();
  for (const field of list) {
    const out: Edge[] = [];
    const section = sectionOf(field);
    const sectionAt = (m: string) => fieldIssue({ origin: field.origin, sub: '' }, '.visibleIf', m);
    edgesFrom(section?.visibleIf, nodes, sectionAt, out);
    edgesFrom(field.visibleIf, nodes, (m) => fieldIssue(field, '.visibleIf', m), out);
    edgesFrom(field.calc, nodes, (m) => fieldIssue(field, '.expr', m), out);
    for (const child of field.children) {
      edgesFrom(child.visibleIf, nodes, (m) => fieldIssue(child, '.visibleIf', m), out);
    }
    edges.set(field.key, out);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const order: CompiledField[] = [];
  const stack: string[] = [];
  const visit = (key: string): void => {
    state.set(key, 'visiting');
    stack.push(key);
    for (const edge of edges.get(key) ?? []) {
      const seen = state.get(edge.to);
      if (seen === 'visiting') {
        const chain = [...stack.slice(stack.indexOf(edge.to)), edge.to];
        const start = edges.get(edge.to)?.find((e) => e.to === chain[1]) ?? edge;
        issues.push(start.at(`字段之间存在循环依赖：${chain.join(' → ')}`));
      } else if (seen === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(key, 'done');
    const node = nodes.get(key);
    if (node) order.push(node);
  };
  for (const field of list) if (!state.has(field.key)) visit(field.key);
  return order;
}

/**
 * Dependency order of the top-level fields, and of each repeat group's row fields
 * (stored back into `children`). Reports every cycle found.
 */
export function dependencyOrder(sections: readonly CompiledSection[], issues: FormIssue[]): CompiledField[] {
  const sectionByField = new Map<string, CompiledSection>();
  for (const section of sections) for (const field of section.fields) sectionByField.set(field.key, section);
  const topLevel = sections.flatMap((s) => s.fields);
  for (const field of topLevel) {
    if (field.children.length > 0) field.children = orderNodes(field.children, () => undefined, issues);
  }
  return orderNodes(topLevel, (f) => sectionByField.get(f.key), issues);
}
