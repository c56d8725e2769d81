import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import { validateAnswers } from '../../forms/answers';
import type { CompiledForm } from '../../forms/compiled-form';
import { scoreAnswers } from '../../forms/scoring';
import { chinaIsoDate } from '../../lib/china-time';
import type { IdempotencyKey } from '../../lib/idempotency-key';
import { evaluationForms } from '../../programme/shipped-programme';
import type { EvaluationRepository } from '../../store/ports';
import type { Evaluation } from '../../submissions/evaluation';
import { jsonBytes, scoreSummary } from '../../submissions/submission';
import type { FieldIssue } from '../../validation';
import { fillLimits } from '../fill/fill-service';
import type { FormCatalogue } from '../forms/form-catalogue';
import type { VillageRecordsReader } from './village-records';

const evaluationFormIds = [...evaluationForms.keys()] as [string, ...string[]];

/** The body of `POST /api/v1/orgs/{village}/evaluations`: answers are checked against the form. */
export const evaluationBodySchema = z.object({
  formId: z.enum(evaluationFormIds, `评估表应为 ${evaluationFormIds.join(' 或 ')}`),
  answers: z.unknown(),
});
export type EvaluationBody = z.infer<typeof evaluationBodySchema>;

/** What `POST …/evaluations` answers (201), the same for a retried key. */
export interface EvaluationResult {
  id: string;
  formId: string;
  effectiveDate: string;
  recordedAt: string;
  score?: number;
  maxScore?: number;
  grade?: string;
  standardized?: boolean;
  failedVetoes?: string[];
  conclusion?: 'keep' | 'rectify' | 'revoke';
  rectifyBy?: string;
}

export function resultOf(e: Evaluation): EvaluationResult {
  return {
    id: e.id,
    formId: e.formId,
    effectiveDate: e.effectiveDate,
    recordedAt: e.recordedAt,
    ...(e.score
      ? {
          score: e.score.total,
          maxScore: e.score.maxTotal,
          ...(e.score.grade ? { grade: e.score.grade.label } : {}),
          standardized: e.score.standardized,
          failedVetoes: e.score.failedVetoes.map((v) => v.label),
        }
      : {}),
    ...(e.conclusion ? { conclusion: e.conclusion } : {}),
    ...(e.rectifyBy ? { rectifyBy: e.rectifyBy } : {}),
  };
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

const invalid = (issues: FieldIssue[]) => new AppError('evaluation.invalid', { details: issues });

const conclusions = ['keep', 'rectify', 'revoke'] as const;
const isConclusion = (v: unknown): v is Evaluation['conclusion'] & string =>
  typeof v === 'string' && (conclusions as readonly string[]).includes(v);

/** Attachment answers need an upload through a village link; staff keep paper copies instead. */
function attachmentIssues(form: CompiledForm, answers: Record<string, unknown>): FieldIssue[] {
  return form.order
    .filter((f) => f.field.type === 'attachment' && answers[f.key] !== undefined)
    .map((f) => ({ field: f.key, message: `评估表暂不能上传“${f.field.label}”，请留存纸质材料` }));
}

/**
 * The township's own evaluations of a village (评估验收, 回头看), validated and scored by
 * the same form engine as village submissions. The evaluation takes effect on the date
 * written in it (never after today, China time). With an idempotency key the id is
 * derived from the village and the key, so a retry — even a concurrent one — finds the
 * first write instead of adding a second event; the same key with other answers is a 409.
 */
export function createEvaluationService(deps: {
  records: VillageRecordsReader;
  forms: FormCatalogue;
  evaluations: EvaluationRepository;
}) {
  /** The latest version of an evaluation form, compiled (for the console's staff-side page too). */
  async function formOf(formId: string): Promise<CompiledForm> {
    return deps.forms.compile(await deps.forms.get(formId));
  }

  function build(
    form: CompiledForm,
    body: EvaluationBody,
    base: Pick<Evaluation, 'id' | 'orgCode' | 'recordedAt' | 'by'>,
    today: string,
  ): Evaluation {
    const checked = validateAnswers(form, body.answers);
    if (!checked.ok) throw invalid(checked.issues);
    const answers = checked.answers;
    if (jsonBytes(answers) > fillLimits.answersBytes) {
      throw new AppError('answers.too_large', { details: { maxBytes: fillLimits.answersBytes } });
    }
    const attachments = attachmentIssues(form, answers);
    if (attachments.length > 0) throw invalid(attachments);
    const dateField = evaluationForms.get(body.formId)?.dateField ?? '';
    const effectiveDate = answers[dateField];
    if (typeof effectiveDate !== 'string') {
      throw invalid([{ field: dateField, message: '请填写评估日期' }]);
    }
    if (effectiveDate > today) {
      throw new AppError('evaluation.future_date', {
        details: [{ field: dateField, message: `日期不能晚于今天（${today}）` }],
      });
    }
    const evaluation: Evaluation = {
      ...base,
      formId: body.formId,
      formVersion: form.version,
      effectiveDate,
      answers,
      ...(form.scoring ? { score: scoreSummary(scoreAnswers(form, answers)) } : {}),
    };
    if (body.formId === 'lookback') {
      const conclusion = answers.conclusion;
      if (!isConclusion(conclusion)) throw invalid([{ field: 'conclusion', message: '请选择回头看结论' }]);
      evaluation.conclusion = conclusion;
      const rectifyBy = answers.rectifyBy;
      if (conclusion === 'rectify' && typeof rectifyBy === 'string') evaluation.rectifyBy = rectifyBy;
    }
    return evaluation;
  }

  return {
    formOf,

    /** Records an evaluation of `village`: 201's body; 422 invalid or future-dated, nothing stored. */
    async record(
      principal: Principal,
      village: string,
      body: EvaluationBody,
      key: IdempotencyKey | undefined,
      now: Date,
    ): Promise<EvaluationResult> {
      const unit = await deps.records.village(principal, village);
      if (unit.retired) {
        throw new AppError('evaluation.not_allowed', { message: '该村（居）已撤并，不能再评估' });
      }
      const requestHash = hash(JSON.stringify([body.formId, body.answers]) ?? '');
      const id = key === undefined ? randomUUID() : hash(`${village}\n${key}`).slice(0, 32);
      const form = await formOf(body.formId);
      const base = { id, orgCode: village, recordedAt: now.toISOString(), by: principal.username };
      let evaluation: Evaluation;
      try {
        evaluation = build(form, body, base, chinaIsoDate(now));
      } catch (err) {
        // A retry of a stored evaluation still gets its result, even if today's checks differ.
        const earlier = key === undefined ? undefined : await deps.evaluations.get(village, id);
        if (earlier && earlier.requestHash === requestHash) return resultOf(earlier);
        throw err;
      }
      if (key !== undefined) evaluation.requestHash = requestHash;
      if (await deps.evaluations.create(evaluation)) return resultOf(evaluation);
      const earlier = await deps.evaluations.get(village, id);
      if (!earlier || earlier.requestHash !== requestHash) throw new AppError('evaluation.key_reused');
      return resultOf(earlier);
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
