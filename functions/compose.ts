import { createSessionService } from '../shared/app/accounts/sessions';
import { createUserService } from '../shared/app/accounts/users';
import { createCertificates } from '../shared/app/certificates/certificate-service';
import { createAttachmentService } from '../shared/app/fill/attachment-service';
import { createFillService } from '../shared/app/fill/fill-service';
import { createFormCatalogue } from '../shared/app/forms/form-catalogue';
import type { JobName, JobTask } from '../shared/app/jobs/job-registry';
import { createLinkService } from '../shared/app/links/link-service';
import { createLinkSheetService } from '../shared/app/links/link-sheet';
import { createAreaService } from '../shared/app/orgs/area';
import { createOrgLookup } from '../shared/app/orgs/org-lookup';
import { createOrgService } from '../shared/app/orgs/org-service';
import { createRosterService } from '../shared/app/roster/roster-service';
import { createAggregation } from '../shared/app/stats/aggregation';
import { createReports } from '../shared/app/stats/reports';
import { createStatsService } from '../shared/app/stats/stats-service';
import { createSubmissionQueries } from '../shared/app/submissions/submission-queries';
import { createEvaluationService } from '../shared/app/villages/evaluation-service';
import { createReviewService } from '../shared/app/villages/review-service';
import { createStatusService } from '../shared/app/villages/status-service';
import { createVillageRecords } from '../shared/app/villages/village-records';
import type { LinkRates } from '../shared/auth/throttle';
import type { BlobStore } from '../shared/blobs/blob-store';
import type { Config } from '../shared/config';
import { loadCjkFont } from '../shared/printables/font-file';
import { dynamoAggregateRepository } from '../shared/store/aggregate-repository';
import { dynamoCertificateRepository } from '../shared/store/certificate-repository';
import type { Table } from '../shared/store/dynamo';
import { dynamoFormRepository } from '../shared/store/form-repository';
import { dynamoLinkRepository } from '../shared/store/link-repository';
import {
  dynamoLinkRateRepository,
  dynamoMetaRepository,
  dynamoOrgRepository,
  dynamoThrottleRepository,
  dynamoUploadRepository,
  dynamoUserRepository,
} from '../shared/store/repositories';
import {
  dynamoDraftRepository,
  dynamoEvaluationRepository,
  dynamoSubmissionRepository,
  dynamoVillageHistoryRepository,
} from '../shared/store/submission-repository';
import type { AppDeps } from './http/deps';

/** What `compose()` takes: the table, the signing key, the blob store and a few settings. */
export interface ComposeInput {
  table: Table;
  secret: Buffer;
  blobs: BlobStore;
  /** Where browsers upload attachments when not to this site (presigned S3). */
  uploadOrigin?: string;
  config: Pick<Config, 'sessionTtlSeconds' | 'maxBodyBytes'> & Partial<Pick<Config, 'publicUrl' | 'runtime'>>;
  now?: () => Date;
  /**
   * Per-link limits of draft saves, submissions and upload slots per minute (default `linkRates`):
   * raised only by tests and benchmarks that send many requests in one minute of a fixed clock.
   */
  linkRates?: LinkRates;
}

function createRepositories(table: Table, now: () => Date) {
  return {
    orgs: dynamoOrgRepository(table, now),
    users: dynamoUserRepository(table),
    throttles: dynamoThrottleRepository(table),
    linkRates: dynamoLinkRateRepository(table),
    uploads: dynamoUploadRepository(table),
    meta: dynamoMetaRepository(table),
    forms: dynamoFormRepository(table),
    links: dynamoLinkRepository(table),
    drafts: dynamoDraftRepository(table),
    submissions: dynamoSubmissionRepository(table),
    evaluations: dynamoEvaluationRepository(table),
    history: dynamoVillageHistoryRepository(table),
    aggregates: dynamoAggregateRepository(table),
    certificates: dynamoCertificateRepository(table),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

function createServices(repos: Repositories, input: ComposeInput, now: () => Date) {
  const forms = createFormCatalogue(repos.forms);
  const orgLookup = createOrgLookup(repos.orgs);
  const orgs = createOrgService(repos.orgs);
  const links = createLinkService({
    links: repos.links,
    orgs: repos.orgs,
    orgLookup,
    forms,
    secret: input.secret,
  });
  const attachments = createAttachmentService({
    blobs: input.blobs,
    uploads: repos.uploads,
    rates: repos.linkRates,
    ...(input.linkRates ? { limits: input.linkRates } : {}),
  });
  const records = createVillageRecords({ orgLookup, history: repos.history });
  const aggregation = createAggregation({
    orgs: repos.orgs,
    history: repos.history,
    aggregates: repos.aggregates,
  });
  const reports = createReports({
    orgLookup,
    aggregates: repos.aggregates,
    aggregation,
    links,
    forms,
    blobs: input.blobs,
  });
  const certificates = createCertificates({
    orgs: repos.orgs,
    orgLookup,
    history: repos.history,
    certificates: repos.certificates,
    changes: repos.aggregates,
    throttles: repos.throttles,
    blobs: input.blobs,
    loadFont: loadCjkFont,
    publicUrl: input.config.publicUrl ?? 'http://localhost:3000',
  });
  const jobs: Record<JobName, JobTask> = {
    // Aggregates first: a queued 统计表 is then written from fresh numbers.
    aggregate: async (_trigger, at) => {
      const counts = await aggregation.run(at);
      return { ...counts, exports: await reports.processQueuedExports(at) };
    },
    certificates: async (_trigger, at) => ({ ...(await certificates.run(at)) }),
  };
  return {
    sessions: createSessionService({
      users: repos.users,
      throttles: repos.throttles,
      secret: input.secret,
      ttlSeconds: input.config.sessionTtlSeconds,
      now,
      publicUrl: input.config.publicUrl,
    }),
    users: createUserService({ users: repos.users, orgLookup, throttles: repos.throttles, now }),
    areas: createAreaService({
      orgs: repos.orgs,
      orgLookup,
      links,
      submissions: repos.submissions,
      forms,
    }),
    orgs,
    forms,
    links,
    linkSheets: createLinkSheetService({ links, orgs, forms, loadFont: loadCjkFont }),
    fill: createFillService({
      drafts: repos.drafts,
      submissions: repos.submissions,
      attachments,
      rates: repos.linkRates,
      ...(input.linkRates ? { limits: input.linkRates } : {}),
    }),
    attachments,
    submissions: createSubmissionQueries({ orgLookup, submissions: repos.submissions }),
    roster: createRosterService({ orgs: repos.orgs, orgLookup }),
    reviews: createReviewService({ records, submissions: repos.submissions }),
    evaluations: createEvaluationService({ records, forms, evaluations: repos.evaluations }),
    statuses: createStatusService({ records }),
    aggregation,
    stats: createStatsService({ orgLookup, aggregates: repos.aggregates, aggregation }),
    reports,
    certificates,
    jobs,
  };
}
export type Services = ReturnType<typeof createServices>;

/**
 * The composition root shared by every entry point: the same repositories and services
 * whether the table is dynalite on a laptop or DynamoDB on AWS, and the blobs a folder
 * or S3. The HTTP app's deps are a projection of the services, so another entry point
 * (the CLI, a job) uses the very same objects.
 */
export function compose(input: ComposeInput) {
  const now = input.now ?? (() => new Date());
  const repos = createRepositories(input.table, now);
  const services = createServices(repos, input, now);
  const deps: AppDeps = {
    ...services,
    now,
    maxBodyBytes: input.config.maxBodyBytes,
    secureCookies: input.config.runtime === 'aws' || /^https:/i.test(input.config.publicUrl ?? ''),
    ...(input.uploadOrigin ? { uploadOrigin: input.uploadOrigin } : {}),
  };
  return { repos, services, deps, now };
}
