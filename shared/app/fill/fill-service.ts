import { randomUUID } from 'node:crypto';
import type { LinkRates } from '../../auth/throttle';
import { AppError } from '../../errors';
import { validateAnswers } from '../../forms/answers';
import { scoreAnswers } from '../../forms/scoring';
import type { IdempotencyKey } from '../../lib/idempotency-key';
import type {
  DraftRepository,
  LinkRateRepository,
  SubmissionClaim,
  SubmissionRepository,
} from '../../store/ports';
import {
  jsonBytes,
  receiptOf,
  type Submission,
  type SubmissionReceipt,
  scoreSummary,
} from '../../submissions/submission';
import type { ResolvedLink } from '../links/link-service';
import type { AttachmentService } from './attachment-service';
import { requestHash } from './fill-requests';
import { createLinkLimiter } from './link-limiter';
import { type Attempt, type PageOutcome, refusal } from './page-outcome';

export { draftAnswersSchema, draftBodySchema, submissionBodySchema } from './fill-requests';
export type { PageOutcome, PageRefusal } from './page-outcome';

/** Size caps of answers, serialized: a draft is anything, so it is capped tighter. */
export const fillLimits = { draftBytes: 64 * 1024, answersBytes: 128 * 1024 } as const;

/** What `GET /api/v1/fill/{token}` returns: everything the survey page needs. */
export interface FillView {
  org: { code: string; name: string };
  form: { id: string; version: number; title: string; definition: unknown };
  link: { expiresAt: string };
  /** The server draft; each new submission replaces it with its own answers, at its own time. */
  draft: { answers: Record<string, unknown>; savedAt: string; formVersion: number } | null;
  /** Newest first; the newest one counts. */
  submissions: SubmissionReceipt[];
}

/** What the survey page shows beside the form: the server draft and the newest submission. */
export interface PageState {
  draft: FillView['draft'];
  lastSubmission: SubmissionReceipt | null;
  /**
   * The answers to start from: the draft when it is newer than the last submission,
   * else that submission's (so a correction never means typing everything again).
   */
  start: { answers: Record<string, unknown>; from: 'draft' | 'submission'; at: string } | null;
}

/**
 * Filling a survey through its link: the page's data, drafts, and submissions. Every
 * call takes the link as resolved once per request (`requireLink`), so a token only ever
 * reaches its own village and form.
 */
export function createFillService(deps: {
  drafts: DraftRepository;
  submissions: SubmissionRepository;
  attachments: AttachmentService;
  /** The per-link counters of submissions and draft saves. */
  rates: LinkRateRepository;
  /** Per-link limits per minute (default `linkRates`). */
  limits?: LinkRates;
}) {
  const admit = createLinkLimiter(deps.rates, deps.limits);

  /** A claim found for a key: the same submission again (re-written in case the first write stopped). */
  const replay = async (claim: SubmissionClaim, hash: string): Promise<SubmissionReceipt> => {
    if (claim.requestHash !== hash) throw new AppError('submission.key_reused');
    await deps.submissions.put(claim.submission);
    return receiptOf(claim.submission);
  };

  const draftOf = async ({ link }: ResolvedLink): Promise<FillView['draft']> => {
    const draft = await deps.drafts.get(link.orgCode, link.formId);
    return draft ? { answers: draft.answers, savedAt: draft.savedAt, formVersion: draft.formVersion } : null;
  };

  /** Validates, checks attachments and scores: the submission to store, or why not. */
  async function prepare(
    resolved: ResolvedLink,
    answers: unknown,
    idempotencyKey: IdempotencyKey | undefined,
    now: Date,
  ): Promise<Attempt<Submission>> {
    const { link, stored, form } = resolved;
    const result = validateAnswers(form, answers);
    if (!result.ok)
      return { ok: false, error: new AppError('submission.invalid', { details: result.issues }) };
    if (jsonBytes(result.answers) > fillLimits.answersBytes)
      return {
        ok: false,
        error: new AppError('answers.too_large', { details: { maxBytes: fillLimits.answersBytes } }),
      };
    const attachmentIssues = await deps.attachments.verify(resolved, result.answers);
    if (attachmentIssues.length > 0)
      return { ok: false, error: new AppError('submission.invalid', { details: attachmentIssues }) };
    return {
      ok: true,
      value: {
        id: randomUUID(),
        orgCode: link.orgCode,
        formId: link.formId,
        formVersion: stored.version,
        receivedAt: now.toISOString(),
        linkId: link.id,
        answers: result.answers,
        ...(form.scoring ? { score: scoreSummary(scoreAnswers(form, result.answers)) } : {}),
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      },
    };
  }

  /**
   * Stores a new submission (earlier ones are kept as history). With an idempotency key,
   * the key is claimed first by a conditional write of an item that holds the whole
   * submission; a retry (even a concurrent one) loses that write, finds the claim and
   * returns — and re-writes — that same submission; the same key with other answers is
   * 409 `submission.key_reused`. A new submission is written in one batch with the
   * village's draft, replaced by the submitted answers stamped with the submission's
   * time, so no reader (another phone, `view`) ever restores a draft older than what was
   * submitted. A warm keyed submission is thus the link read, the rate counter, the claim
   * and that batch: four store calls (three without a key).
   */
  async function attempt(
    resolved: ResolvedLink,
    answers: unknown,
    idempotencyKey: IdempotencyKey | undefined,
    now: Date,
  ): Promise<Attempt<SubmissionReceipt>> {
    const { link } = resolved;
    const hash = idempotencyKey === undefined ? '' : requestHash(answers);
    const prepared = await prepare(resolved, answers, idempotencyKey, now);
    if (!prepared.ok) {
      // A retry of an accepted submission still gets its receipt, even if the form changed since.
      const claim =
        idempotencyKey === undefined
          ? undefined
          : await deps.submissions.findClaim(link.orgCode, link.formId, idempotencyKey);
      return claim ? { ok: true, value: await replay(claim, hash) } : prepared;
    }
    const submission = prepared.value;
    if (idempotencyKey !== undefined) {
      const claim = await deps.submissions.claim(idempotencyKey, { submission, requestHash: hash });
      if (!claim.won) return { ok: true, value: await replay(claim, hash) };
    }
    await deps.submissions.putNew(submission, {
      orgCode: submission.orgCode,
      formId: submission.formId,
      answers: submission.answers,
      savedAt: submission.receivedAt,
      formVersion: submission.formVersion,
    });
    return { ok: true, value: receiptOf(submission) };
  }

  /** Counts a draft save of the link, then saves the draft (`storeDraft`). */
  async function saveCounted(
    resolved: ResolvedLink,
    answers: Record<string, unknown>,
    now: Date,
  ): Promise<Attempt<string>> {
    const admitted = await admit(resolved, 'draft', now);
    return admitted.ok ? storeDraft(resolved, answers, now) : admitted;
  }

  /** Saves the draft when it is within `fillLimits.draftBytes`. */
  async function storeDraft(
    { link, stored }: ResolvedLink,
    answers: Record<string, unknown>,
    now: Date,
  ): Promise<Attempt<string>> {
    if (jsonBytes(answers) > fillLimits.draftBytes)
      return {
        ok: false,
        error: new AppError('answers.too_large', { details: { maxBytes: fillLimits.draftBytes } }),
      };
    const savedAt = now.toISOString();
    await deps.drafts.put({
      orgCode: link.orgCode,
      formId: link.formId,
      answers,
      savedAt,
      formVersion: stored.version,
    });
    return { ok: true, value: savedAt };
  }

  const orThrow = <T>(result: Attempt<T>): T => {
    if (!result.ok) throw result.error;
    return result.value;
  };

  return {
    /** The village, the latest form version (resolved definition), the draft and past submissions. */
    async view(resolved: ResolvedLink): Promise<FillView> {
      const { link, org, stored, form } = resolved;
      const [draft, submissions] = await Promise.all([
        draftOf(resolved),
        deps.submissions.listForVillage(org.code, link.formId),
      ]);
      return {
        org: { code: org.code, name: org.name },
        form: { id: stored.id, version: stored.version, title: stored.title, definition: form.definition },
        link: { expiresAt: link.expiresAt },
        draft,
        submissions: submissions.map(receiptOf),
      };
    },

    /**
     * The draft and the newest submission only: two store calls, whatever the history. A
     * draft stamped with the newest submission's own time is the copy that submission
     * left behind: the page then starts from (and says) the submission.
     */
    async pageState(resolved: ResolvedLink): Promise<PageState> {
      const { link } = resolved;
      const [draft, [last]] = await Promise.all([
        draftOf(resolved),
        deps.submissions.listForVillage(link.orgCode, link.formId, 1),
      ]);
      const start =
        last && (!draft || draft.savedAt <= last.receivedAt)
          ? { answers: last.answers, from: 'submission' as const, at: last.receivedAt }
          : draft
            ? { answers: draft.answers, from: 'draft' as const, at: draft.savedAt }
            : null;
      return { draft, lastSubmission: last ? receiptOf(last) : null, start };
    },

    /**
     * Saves the village's draft (last write wins). Answers are not validated against the
     * form — a draft may be half done — but are capped at `fillLimits.draftBytes` (413
     * `answers.too_large`). At most `limits.draftsPerMinute` saves per link and minute
     * (429 `fill.throttled`, nothing saved).
     */
    async saveDraft(resolved: ResolvedLink, answers: Record<string, unknown>, now: Date): Promise<void> {
      orThrow(await saveCounted(resolved, answers, now));
    },

    /**
     * Validates answers against the latest form version, checks their attachments,
     * scores them (forms with `scoring`) and stores a new submission. 422
     * `submission.invalid` with `validateAnswers`' issues (or the attachment issues) as
     * details, 413 `answers.too_large`, 429 `fill.throttled` past
     * `limits.submitsPerMinute` attempts per link and minute; nothing is stored then.
     */
    async submit(
      resolved: ResolvedLink,
      answers: unknown,
      idempotencyKey: IdempotencyKey | undefined,
      now: Date,
    ): Promise<SubmissionReceipt> {
      orThrow(await admit(resolved, 'submit', now));
      return orThrow(await attempt(resolved, answers, idempotencyKey, now));
    },

    /** The survey page's “保存并刷新”: the saved time, or the refusal to show on the page. */
    async saveFromPage(
      resolved: ResolvedLink,
      answers: Record<string, unknown>,
      now: Date,
    ): Promise<PageOutcome<string>> {
      const saved = await saveCounted(resolved, answers, now);
      return saved.ok ? saved : refusal(saved.error);
    },

    /**
     * The survey page's “提交” (its plain form post). The page's key makes a re-post of
     * the same answers show the same receipt; a key used before for other answers means
     * the page was submitted and then changed, so it is a new submission under a new key.
     * A refused submit keeps what was typed as the draft, so leaving the page loses nothing;
     * one past the link's limit (429) stores nothing — the page shows the answers again.
     */
    async submitFromPage(
      resolved: ResolvedLink,
      answers: Record<string, unknown>,
      idempotencyKey: IdempotencyKey | null,
      now: Date,
    ): Promise<PageOutcome<SubmissionReceipt>> {
      const admitted = await admit(resolved, 'submit', now);
      if (!admitted.ok) return refusal(admitted.error);
      const key = idempotencyKey ?? randomUUID();
      let result = await attempt(resolved, answers, key, now).catch((err: unknown) => {
        if (AppError.is(err, 'submission.key_reused')) return undefined;
        throw err;
      });
      result ??= await attempt(resolved, answers, randomUUID(), now);
      if (result.ok) return result;
      await storeDraft(resolved, answers, now);
      return refusal(result.error);
    },
  };
}

export type FillService = ReturnType<typeof createFillService>;
