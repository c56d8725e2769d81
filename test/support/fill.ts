import fc from 'fast-check';
import type { CompiledForm } from '../../shared/forms/compiled-form';
import { fixers, type RawAnswers, validAnswersArb } from '../unit/forms/answer-arbitraries';
import type { TestStack } from './stack';

/** Request init for a JSON body. */
export const json = (body: unknown, init: RequestInit & { token?: string } = {}) => ({
  ...init,
  headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  body: JSON.stringify(body),
});

export interface IssuedRow {
  id: string;
  orgCode: string;
  orgName: string;
  url: string;
  expiresAt: string;
}

/** Issues links through the API and returns the rows (throws unless 201). */
export async function issue(t: TestStack, token: string, body: unknown): Promise<IssuedRow[]> {
  const res = await t.request('/api/v1/links', json(body, { method: 'POST', token }));
  if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as IssuedRow[];
}

export const xiaoFu = '341022104204';

/**
 * The tokens most fill tests need, issued as `admin`: self-evaluation links for 小阜村 (A)
 * and another village of 东临溪镇 (B), and a baseline link for 小阜村.
 */
export async function issueVillageTokens(t: TestStack, admin: string) {
  const rows = await issue(t, admin, { formId: 'self-evaluation', parentCode: '341022104' });
  const [baseline] = await issue(t, admin, { formId: 'baseline', orgCodes: [xiaoFu] });
  return {
    tokenA: tokenOf(rows.find((r) => r.orgCode === xiaoFu)?.url ?? ''),
    tokenB: tokenOf(rows.find((r) => r.orgCode !== xiaoFu)?.url ?? ''),
    baselineA: tokenOf(baseline?.url ?? ''),
  };
}

/** The token of a `/f/{token}` URL. */
export const tokenOf = (url: string): string => url.replace(/^.*\/f\//, '');

/** The compiled latest version of a form, as the app sees it. */
export async function compiledForm(t: TestStack, id: string): Promise<CompiledForm> {
  return t.stack.deps.forms.compile(await t.stack.deps.forms.get(id));
}

/** Drops the attachment answers (top level and in repeat rows): they need real uploads. */
export function withoutAttachments(form: CompiledForm, answers: RawAnswers): RawAnswers {
  const out = { ...answers };
  for (const field of form.fields.values()) {
    if (field.field.type === 'attachment' && field.parent === undefined) delete out[field.key];
  }
  for (const section of form.sections) {
    for (const field of section.fields) {
      const rows = out[field.key];
      if (field.field.type !== 'repeat' || !Array.isArray(rows)) continue;
      const attachments = field.children.filter((c) => c.field.type === 'attachment').map((c) => c.key);
      out[field.key] = rows.map((row: RawAnswers) =>
        Object.fromEntries(Object.entries(row).filter(([k]) => !attachments.includes(k))),
      );
    }
  }
  return out;
}

/** `count` valid answer sets for a form, without attachments, reproducibly. */
export function validAnswers(form: CompiledForm, count: number, seed = 7): RawAnswers[] {
  const arb = validAnswersArb(form, fixers[form.id]).map((a) => withoutAttachments(form, a));
  return fc.sample(arb, { numRuns: count, seed });
}

/** Items of one kind in the table (tests only: the product never scans). */
export async function itemsWhere(t: TestStack, test: (item: Record<string, unknown>) => boolean) {
  return (await t.scanAll()).filter(test);
}

/** Submission items (not the idempotency claims). */
export const isSubmission = (item: Record<string, unknown>) => String(item.sk).startsWith('SUB#');
/** Idempotency claims of submissions. */
export const isClaim = (item: Record<string, unknown>) => String(item.sk).startsWith('SUBKEY#');
