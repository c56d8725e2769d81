import * as z from 'zod/mini';
import { AppError } from '../errors';
import { divisionCodeSchema } from '../org/division';
import { type Evaluation, evaluationSchema } from '../submissions/evaluation';
import {
  answersJsonSchema,
  type Draft,
  reviewSchema,
  type Submission,
  scoreSummarySchema,
  submissionSchema,
} from '../submissions/submission';
import { parseOrThrow } from '../validation';
import type { Table } from './dynamo';
import { changeKeys, draftKeys, evaluationKeys, submissionKeys } from './keys';
import type {
  DraftRepository,
  EvaluationRepository,
  SubmissionClaim,
  SubmissionRepository,
  VillageHistoryRepository,
} from './ports';

/** A submission item: the answers as JSON text (see `answersJsonSchema`). */
const submissionItemSchema = z.pipe(
  z.object({
    id: z.string(),
    orgCode: divisionCodeSchema,
    formId: z.string(),
    formVersion: z.number(),
    receivedAt: z.string(),
    linkId: z.string(),
    answers: answersJsonSchema,
    score: z.optional(scoreSummarySchema),
    idempotencyKey: z.optional(z.string()),
    review: z.optional(reviewSchema),
  }),
  submissionSchema,
);

const toItem = (s: Submission) => ({ ...s, answers: JSON.stringify(s.answers) });

/** A submission's whole item: its keys, its index keys, its change mark and itself. */
const submissionItem = (s: Submission) => ({
  ...submissionKeys.item(s),
  ...submissionKeys.indexes(s),
  ...changeKeys.mark(s.orgCode, s.receivedAt, `SUB#${s.id}`),
  ...toItem(s),
});

const draftItem = (draft: Draft) => ({
  ...draftKeys.item(draft.orgCode, draft.formId),
  ...draft,
  answers: JSON.stringify(draft.answers),
});

const claimItemSchema = z.object({ requestHash: z.string(), submission: z.string() });

/** Reads a claim: the submission inside is checked like any stored submission. */
function parseClaim(item: z.infer<typeof claimItemSchema>): SubmissionClaim {
  let raw: unknown;
  try {
    raw = JSON.parse(item.submission);
  } catch {
    raw = undefined;
  }
  const parsed = submissionSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('store.corrupt_item', { details: { claim: item.requestHash } });
  return { requestHash: item.requestHash, submission: parsed.data };
}

/** The index query of the submissions under `code`: of one form, or of every form. */
export function submissionScopeQuery(code: string, formId: string | undefined) {
  if (formId === undefined) {
    const { gsi2pk, gsi2sk } = submissionKeys.scope(code);
    return { index: 'byScope', partition: ['gsi2pk', gsi2pk], sortPrefix: ['gsi2sk', gsi2sk] } as const;
  }
  const { gsi1pk, gsi1sk } = submissionKeys.formScope(formId, code);
  return { index: 'byParent', partition: ['gsi1pk', gsi1pk], sortPrefix: ['gsi1sk', gsi1sk] } as const;
}

/**
 * Submissions live in the village's partition (newest first by a descending query) and
 * in the province's scope partition (a subtree is a prefix of the village code). An
 * idempotency claim is a separate item holding the whole submission, written with a
 * conditional put before the submission itself, so a retry can always finish the write.
 */
export function dynamoSubmissionRepository(table: Table): SubmissionRepository {
  const findClaim = async (orgCode: string, formId: string, key: string) => {
    const item = await table.get(submissionKeys.claim(orgCode, formId, key), claimItemSchema);
    return item ? parseClaim(item) : undefined;
  };
  return {
    // Create-only: a replayed claim (a late retry) must not overwrite a review made since.
    put: async (s) => {
      await table.putIfAbsent(submissionItem(s));
    },
    // A fresh id has no item to keep, so no condition is needed: one batch of two puts.
    putNew: (s, draft) => table.putMany([submissionItem(s), draftItem(draft)]),
    async setReview(s, review) {
      // The review moves the item's change key to its own time: the job sees it as new.
      const at = review.history.at(-1)?.at ?? s.receivedAt;
      const item = {
        ...submissionKeys.item(s),
        ...submissionKeys.indexes(s),
        ...changeKeys.mark(s.orgCode, at, `SUB#${s.id}`),
        ...toItem({ ...s, review }),
      };
      // Conditional on the history it was read with: of two concurrent reviews one wins.
      const seen = s.review?.history.length ?? 0;
      return table.putIf(
        item,
        seen === 0
          ? { expression: 'attribute_exists(pk) AND attribute_not_exists(#r)', names: { '#r': 'review' } }
          : {
              expression: 'size(#r.#h) = :n',
              names: { '#r': 'review', '#h': 'history' },
              values: { ':n': seen },
            },
      );
    },
    async find(orgCode, id) {
      const all = await table.query(
        { partition: ['pk', submissionKeys.ofVillage(orgCode, '').pk], sortPrefix: ['sk', 'SUB#'] },
        submissionItemSchema,
      );
      return all.find((s) => s.id === id);
    },
    listAllForVillage(orgCode) {
      return table.query(
        { partition: ['pk', submissionKeys.ofVillage(orgCode, '').pk], sortPrefix: ['sk', 'SUB#'] },
        submissionItemSchema,
      );
    },
    findClaim,
    async claim(key, claim) {
      const { orgCode, formId } = claim.submission;
      const won = await table.putIfAbsent({
        ...submissionKeys.claim(orgCode, formId, key),
        requestHash: claim.requestHash,
        submission: JSON.stringify(claim.submission),
      });
      if (won) return { ...claim, won };
      const earlier = await findClaim(orgCode, formId, key);
      // Claims are never deleted: a lost condition without a claim is a store anomaly.
      if (!earlier) throw new AppError('submission.duplicate');
      return { ...earlier, won };
    },
    listForVillage(orgCode, formId, limit) {
      const { pk, skPrefix } = submissionKeys.ofVillage(orgCode, formId);
      return table.query(
        {
          partition: ['pk', pk],
          sortPrefix: ['sk', skPrefix],
          descending: true,
          ...(limit ? { limit } : {}),
        },
        submissionItemSchema,
      );
    },
    listUnder(code, page) {
      return table.queryPage(
        {
          ...submissionScopeQuery(code, page.formId),
          descending: true,
          limit: page.limit,
          ...(page.after ? { after: page.after } : {}),
        },
        submissionItemSchema,
      );
    },
  };
}

const draftItemSchema = z.object({
  orgCode: divisionCodeSchema,
  formId: z.string(),
  answers: answersJsonSchema,
  savedAt: z.string(),
  formVersion: z.number(),
});

/** Drafts: one item per village and form, overwritten on every save (and by every new submission). */
export function dynamoDraftRepository(table: Table): DraftRepository {
  return {
    get: (orgCode, formId): Promise<Draft | undefined> =>
      table.get(draftKeys.item(orgCode, formId), draftItemSchema),
    put: (draft) => table.put(draftItem(draft)),
  };
}

const evaluationItemSchema = z.pipe(
  z.object({ ...evaluationSchema.shape, answers: answersJsonSchema }),
  evaluationSchema,
);

/** Evaluations: one create-only item each in the village's partition. */
export function dynamoEvaluationRepository(table: Table): EvaluationRepository {
  return {
    create: (e) =>
      table.putIfAbsent({
        ...evaluationKeys.item(e.orgCode, e.id),
        ...changeKeys.mark(e.orgCode, e.recordedAt, `EVAL#${e.id}`),
        ...e,
        answers: JSON.stringify(e.answers),
      }),
    get: (orgCode, id) => table.get(evaluationKeys.item(orgCode, id), evaluationItemSchema),
    listForVillage(orgCode) {
      const { pk, skPrefix } = evaluationKeys.ofVillage(orgCode);
      return table.query({ partition: ['pk', pk], sortPrefix: ['sk', skPrefix] }, evaluationItemSchema);
    },
  };
}

const anyItemSchema = z.looseObject({ sk: z.string() });

/**
 * Everything a village's status is folded from, in one Query of its partition: the sort
 * keys from `EVAL#` to `SUB#\uffff` hold its evaluations, its link slots (skipped) and
 * its submissions; drafts sort before and idempotency claims (`SUBKEY#`) after.
 */
export function dynamoVillageHistoryRepository(table: Table): VillageHistoryRepository {
  return {
    async read(orgCode) {
      const pk = submissionKeys.ofVillage(orgCode, '').pk;
      const items = await table.query(
        { partition: ['pk', pk], sortBetween: ['sk', 'EVAL#', 'SUB#\uffff'] },
        anyItemSchema,
      );
      const submissions: Submission[] = [];
      const evaluations: Evaluation[] = [];
      for (const item of items) {
        if (item.sk.startsWith('SUB#'))
          submissions.push(parseOrThrow(submissionItemSchema, item, 'store.corrupt_item'));
        else if (item.sk.startsWith('EVAL#')) {
          evaluations.push(parseOrThrow(evaluationItemSchema, item, 'store.corrupt_item'));
        }
      }
      return { submissions, evaluations };
    },
  };
}
