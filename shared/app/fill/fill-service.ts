import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../errors';
import { validateAnswers } from '../../forms/answers';
import { scoreAnswers } from '../../forms/scoring';
import type { DraftRepository, SubmissionClaim, SubmissionRepository } from '../../store/ports';
import {
  jsonBytes,
  receiptOf,
  type Submission,
  type SubmissionReceipt,
  scoreSummary,
} from '../../submissions/submission';
import type { LinkService } from '../links/link-service';
import type { AttachmentService } from './attachment-service';

/** Size caps of answers, serialized: a draft is anything, so it is capped tighter. */
export const fillLimits = { draftBytes: 64 * 1024, answersBytes: 128 * 1024 } as const;

/** Idempotency keys: 8–128 characters of letters, digits, `_` and `-`. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,128}$/;

/** What `GET /api/v1/fill/{token}` returns: everything the survey page needs. */
export interface FillView {
  org: { code: string; name: string };
  form: { id: string; version: number; title: string; definition: unknown };
  link: { expiresAt: string };
  draft: { answers: Record<string, unknown>; savedAt: string; formVersion: number } | null;
  /** Newest first; the newest one counts. */
  submissions: SubmissionReceipt[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function requestHash(answers: unknown): string {
  try {
    return createHash('sha256')
      .update(JSON.stringify(answers) ?? '')
      .digest('base64url');
  } catch {
    throw new AppError('request.invalid', { details: [{ field: 'answers', message: '无法读取答案' }] });
  }
}

/**
 * Filling a survey through its link: the page's data, drafts, and submissions. Every
 * call resolves the token first, so a token only ever reaches its own village and form.
 */
export function createFillService(deps: {
  links: LinkService;
  drafts: DraftRepository;
  submissions: SubmissionRepository;
  attachments: AttachmentService;
}) {
  /** A claim found for a key: the same submission again (re-written in case the first write stopped). */
  const replay = async (claim: SubmissionClaim, hash: string): Promise<SubmissionReceipt> => {
    if (claim.requestHash !== hash) throw new AppError('submission.key_reused');
    await deps.submissions.put(claim.submission);
    return receiptOf(claim.submission);
  };

  return {
    /** The village, the latest form version (resolved definition), the draft and past submissions. */
    async view(token: string, now: Date): Promise<FillView> {
      const { link, org, stored, form } = await deps.links.resolveLink(token, now);
      const [draft, submissions] = await Promise.all([
        deps.drafts.get(org.code, link.formId),
        deps.submissions.listForVillage(org.code, link.formId),
      ]);
      return {
        org: { code: org.code, name: org.name },
        form: { id: stored.id, version: stored.version, title: stored.title, definition: form.definition },
        link: { expiresAt: link.expiresAt },
        draft: draft
          ? { answers: draft.answers, savedAt: draft.savedAt, formVersion: draft.formVersion }
          : null,
        submissions: submissions.map(receiptOf),
      };
    },

    /**
     * Saves the village's draft (last write wins). Answers are not validated against the
     * form — a draft may be half done — but must be a JSON object of at most
     * `fillLimits.draftBytes` (422 `draft.invalid`, 413 `answers.too_large`).
     */
    async saveDraft(token: string, answers: unknown, now: Date): Promise<void> {
      const { link, stored } = await deps.links.resolveLink(token, now);
      if (!isPlainObject(answers)) throw new AppError('draft.invalid');
      if (jsonBytes(answers) > fillLimits.draftBytes)
        throw new AppError('answers.too_large', { details: { maxBytes: fillLimits.draftBytes } });
      await deps.drafts.put({
        orgCode: link.orgCode,
        formId: link.formId,
        answers,
        savedAt: now.toISOString(),
        formVersion: stored.version,
      });
    },

    /**
     * Validates answers against the latest form version, checks their attachments,
     * scores them (forms with `scoring`) and stores a new submission; earlier ones are
     * kept as history. 422 `submission.invalid` with `validateAnswers`' issues (or the
     * attachment issues) as details; nothing is stored then.
     *
     * With an idempotency key, the key is claimed by a conditional write of an item that
     * holds the whole submission, before the submission item is written. A retry (even a
     * concurrent one) finds the claim and returns — and re-writes — that same submission;
     * the same key with different answers is 409 `submission.key_reused`.
     */
    async submit(
      token: string,
      answers: unknown,
      idempotencyKey: string | undefined,
      now: Date,
    ): Promise<SubmissionReceipt> {
      const resolved = await deps.links.resolveLink(token, now);
      const { link, stored, form } = resolved;
      if (idempotencyKey !== undefined && !idempotencyKeyPattern.test(idempotencyKey))
        throw new AppError('request.invalid', {
          details: [{ field: 'Idempotency-Key', message: '应为 8–128 位字母、数字、下划线或连字符' }],
        });
      const hash = idempotencyKey === undefined ? '' : requestHash(answers);
      if (idempotencyKey !== undefined) {
        const claim = await deps.submissions.findClaim(link.orgCode, link.formId, idempotencyKey);
        if (claim) return replay(claim, hash);
      }
      const result = validateAnswers(form, answers);
      if (!result.ok) throw new AppError('submission.invalid', { details: result.issues });
      if (jsonBytes(result.answers) > fillLimits.answersBytes)
        throw new AppError('answers.too_large', { details: { maxBytes: fillLimits.answersBytes } });
      const attachmentIssues = await deps.attachments.verify(resolved, result.answers);
      if (attachmentIssues.length > 0)
        throw new AppError('submission.invalid', { details: attachmentIssues });
      const submission: Submission = {
        id: randomUUID(),
        orgCode: link.orgCode,
        formId: link.formId,
        formVersion: stored.version,
        receivedAt: now.toISOString(),
        linkId: link.id,
        answers: result.answers,
        ...(form.scoring ? { score: scoreSummary(scoreAnswers(form, result.answers)) } : {}),
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      };
      if (idempotencyKey !== undefined) {
        const claim = await deps.submissions.claim(idempotencyKey, { submission, requestHash: hash });
        if (!claim.won) return replay(claim, hash);
      }
      await deps.submissions.put(submission);
      return receiptOf(submission);
    },
  };
}

export type FillService = ReturnType<typeof createFillService>;
