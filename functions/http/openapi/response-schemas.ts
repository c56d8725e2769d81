import * as z from 'zod/mini';
import type { SessionService } from '../../../shared/app/accounts/sessions';
import type { CertificateView } from '../../../shared/app/certificates/certificate-service';
import type { AttachmentService } from '../../../shared/app/fill/attachment-service';
import type { FillView } from '../../../shared/app/fill/fill-service';
import type { PublishedForm } from '../../../shared/app/forms/form-catalogue';
import { type JobResult, jobNameSchema } from '../../../shared/app/jobs/job-registry';
import type { IssuedLink, LinkRow } from '../../../shared/app/links/link-service';
import type { RosterImportResult } from '../../../shared/app/roster/roster-service';
import type { ChaseItem } from '../../../shared/app/stats/reports';
import type { SubmissionListItem } from '../../../shared/app/submissions/submission-queries';
import type { EvaluationResult } from '../../../shared/app/villages/evaluation-service';
import type { ReviewedSubmission } from '../../../shared/app/villages/review-service';
import type { VillageStatusView } from '../../../shared/app/villages/status-service';
import { roles, type UserView } from '../../../shared/auth/user';
import { divisionCodeSchema } from '../../../shared/org/division';
import { villageKinds } from '../../../shared/org/org-unit';
import { stages } from '../../../shared/programme/village-events';
import {
  reviewSchema,
  reviewStates,
  type SubmissionReceipt,
  scoreSummarySchema,
  submissionSchema,
} from '../../../shared/submissions/submission';
import type { Proves, SameShape } from './components';

/**
 * Response bodies of the OpenAPI document that no exported zod schema describes: the
 * services return TypeScript types. Each schema here carries a compile-time proof that
 * it has exactly the shape of the type the route returns, so neither drifts alone.
 */

const principal = z.object({
  username: z.string(),
  role: z.enum(roles),
  scope: divisionCodeSchema,
  displayName: z.optional(z.string()),
});

/** `POST /api/v1/auth/login`. */
export const loginResponse = z.object({ token: z.string(), user: principal, expiresAt: z.iso.datetime() });
export type LoginProof = Proves<
  SameShape<z.infer<typeof loginResponse>, Awaited<ReturnType<SessionService['login']>>>
>;

export const userView = z.object({
  username: z.string(),
  role: z.enum(roles),
  scope: divisionCodeSchema,
  displayName: z.string(),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
  createdBy: z.optional(z.string()),
});
export type UserViewProof = Proves<SameShape<z.infer<typeof userView>, UserView>>;

export const publishedForm = z.object({ id: z.string(), version: z.int(), title: z.string() });
export type PublishedFormProof = Proves<SameShape<z.infer<typeof publishedForm>, PublishedForm>>;
export const publishResult = z.object({ id: z.string(), version: z.int() });

export const issuedLink = z.object({
  id: z.string(),
  orgCode: divisionCodeSchema,
  orgName: z.string(),
  url: z.string().check(z.meta({ description: '相对于站点的填报地址 /f/{token} / relative to the site' })),
  expiresAt: z.string(),
});
export type IssuedLinkProof = Proves<SameShape<z.infer<typeof issuedLink>, IssuedLink>>;
export const linkRow = z.extend(issuedLink, {
  issuedAt: z.string(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type LinkRowProof = Proves<SameShape<z.infer<typeof linkRow>, LinkRow>>;

export const submissionReceipt = z.object({
  id: z.string(),
  receivedAt: z.iso.datetime(),
  formVersion: z.int(),
  score: z.optional(scoreSummarySchema),
  review: z.optional(z.object({ state: z.enum(reviewStates), comment: z.optional(z.string()) })),
});
export type ReceiptProof = Proves<SameShape<z.infer<typeof submissionReceipt>, SubmissionReceipt>>;

export const fillView = z.object({
  org: z.object({ code: divisionCodeSchema, name: z.string() }),
  form: z.object({ id: z.string(), version: z.int(), title: z.string(), definition: z.unknown() }),
  link: z.object({ expiresAt: z.string() }),
  draft: z.nullable(
    z.object({ answers: z.record(z.string(), z.unknown()), savedAt: z.string(), formVersion: z.int() }),
  ),
  submissions: z.array(submissionReceipt).check(z.meta({ description: '最新的在前 / newest first' })),
});
export type FillViewProof = Proves<SameShape<z.infer<typeof fillView>, FillView>>;

export const uploadTicket = z.object({
  blobId: z.string(),
  upload: z.object({
    method: z.literal('PUT'),
    url: z
      .string()
      .check(z.meta({ description: '本站地址或预签名 S3 地址 / the app or a presigned S3 URL' })),
    headers: z.record(z.string(), z.string()),
  }),
});
export type UploadTicketProof = Proves<
  SameShape<z.infer<typeof uploadTicket>, Awaited<ReturnType<AttachmentService['requestUpload']>>>
>;

export const submissionListItem = z.object({
  id: z.string(),
  orgCode: divisionCodeSchema,
  orgName: z.optional(z.string()),
  formId: z.string(),
  formVersion: z.int(),
  receivedAt: z.iso.datetime(),
  score: z.optional(scoreSummarySchema),
  answers: z.record(z.string(), z.unknown()),
  review: reviewSchema,
});
export type ListItemProof = Proves<SameShape<z.infer<typeof submissionListItem>, SubmissionListItem>>;

export const reviewedSubmission = z.extend(submissionSchema, { review: reviewSchema });
export type ReviewedProof = Proves<SameShape<z.infer<typeof reviewedSubmission>, ReviewedSubmission>>;

export const evaluationResult = z.object({
  id: z.string(),
  formId: z.string(),
  effectiveDate: z.string(),
  recordedAt: z.string(),
  score: z.optional(z.number()),
  maxScore: z.optional(z.number()),
  grade: z.optional(z.string()),
  standardized: z.optional(z.boolean()),
  failedVetoes: z.optional(z.array(z.string())),
  conclusion: z.optional(z.enum(['keep', 'rectify', 'revoke'])),
  rectifyBy: z.optional(z.string()),
});
export type EvaluationProof = Proves<SameShape<z.infer<typeof evaluationResult>, EvaluationResult>>;

const certificateFields = {
  number: z.string(),
  association: z.string(),
  village: z.string(),
  township: z.string(),
  county: z.string(),
  grade: z.string(),
  acceptedOn: z.string(),
  issuedAt: z.string(),
  sha256: z.string(),
  status: z.enum(['valid', 'revoked']),
  revokedAt: z.optional(z.string()),
  reason: z.optional(z.string()),
};
/** `GET /api/v1/verify/{number}`: a certificate without the village's code and name fields. */
export const verifyView = z.object(certificateFields);
export const certificateView = z.object({
  ...certificateFields,
  orgCode: divisionCodeSchema,
  orgName: z.string(),
});
export type CertificateProof = Proves<SameShape<z.infer<typeof certificateView>, CertificateView>>;
export type VerifyProof = Proves<
  SameShape<z.infer<typeof verifyView>, Omit<CertificateView, 'orgCode' | 'orgName'>>
>;

export const jobResult = z.catchall(
  z.object({ job: jobNameSchema, startedAt: z.string(), finishedAt: z.string() }),
  z.union([z.number(), z.string()]),
);
export type JobResultProof = Proves<SameShape<z.infer<typeof jobResult>, JobResult>>;

export const rosterImportResult = z.object({
  dryRun: z.boolean(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  changes: z.array(
    z.object({
      row: z.int(),
      code: divisionCodeSchema,
      name: z.string(),
      action: z.enum(['create', 'update', 'unchanged']),
      before: z.optional(
        z.object({
          name: z.string(),
          kind: z.optional(z.enum(villageKinds)),
          validFrom: z.optional(z.string()),
          illustrative: z.optional(z.boolean()),
        }),
      ),
    }),
  ),
});
export type RosterImportProof = Proves<SameShape<z.infer<typeof rosterImportResult>, RosterImportResult>>;

export const chaseItem = z.object({
  orgCode: divisionCodeSchema,
  orgName: z.string(),
  township: z.string(),
  linkUrl: z.optional(z.string()),
  lastActivity: z.optional(z.string()),
  reason: z.string(),
});
export type ChaseItemProof = Proves<SameShape<z.infer<typeof chaseItem>, ChaseItem>>;

/** `GET /api/v1/stats/{code}/export` when the job writes the file: 202. */
export const exportQueued = z.object({ status: z.literal('queued'), message: z.string() });

/** `GET /api/v1/orgs/{village}/status`; events are described by their common fields only. */
export const villageStatusView = z.object({
  orgCode: divisionCodeSchema,
  asOf: z.string(),
  stage: z.enum(stages),
  standardized: z.boolean(),
  since: z.optional(z.string()),
  grade: z.optional(z.string()),
  selfScore: z.optional(z.number()),
  acceptanceScore: z.optional(z.number()),
  scoreGap: z.optional(z.number()),
  rectifyBy: z.optional(z.string()),
  flags: z.array(
    z.object({
      code: z.enum(['self_score_inflated', 'facts_disagree', 'self_evaluation_without_baseline']),
      message: z.string(),
    }),
  ),
  events: z.array(
    z.looseObject({
      id: z.string(),
      type: z.string(),
      effectiveDate: z.string(),
      recordedAt: z.string(),
      by: z.optional(z.string()),
    }),
  ),
});
export type StatusProof = Proves<
  SameShape<Omit<z.infer<typeof villageStatusView>, 'events'>, Omit<VillageStatusView, 'events'>>
>;
