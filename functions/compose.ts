import { createSessionService } from '../shared/app/accounts/sessions';
import { createAttachmentService } from '../shared/app/fill/attachment-service';
import { createFillService } from '../shared/app/fill/fill-service';
import { createFormCatalogue } from '../shared/app/forms/form-catalogue';
import { createLinkService } from '../shared/app/links/link-service';
import { createLinkSheetService } from '../shared/app/links/link-sheet';
import { createOrgService } from '../shared/app/orgs/org-service';
import { createSubmissionQueries } from '../shared/app/submissions/submission-queries';
import type { BlobStore } from '../shared/blobs/blob-store';
import type { Config } from '../shared/config';
import { loadCjkFont } from '../shared/printables/font-file';
import type { Table } from '../shared/store/dynamo';
import { dynamoFormRepository } from '../shared/store/form-repository';
import { dynamoLinkRepository } from '../shared/store/link-repository';
import {
  dynamoMetaRepository,
  dynamoOrgRepository,
  dynamoUserRepository,
} from '../shared/store/repositories';
import { dynamoDraftRepository, dynamoSubmissionRepository } from '../shared/store/submission-repository';
import type { AppDeps } from './http/deps';

/**
 * The composition root shared by every entry point: the same repositories and services
 * whether the table is dynalite on a laptop or DynamoDB on AWS, and the blobs a folder
 * or S3.
 */
export function compose(input: {
  table: Table;
  secret: Buffer;
  blobs: BlobStore;
  /** Where browsers upload attachments when not to this site (presigned S3). */
  uploadOrigin?: string;
  config: Pick<Config, 'sessionTtlSeconds' | 'maxBodyBytes'>;
  now?: () => Date;
}) {
  const now = input.now ?? (() => new Date());
  const repos = {
    orgs: dynamoOrgRepository(input.table),
    users: dynamoUserRepository(input.table),
    meta: dynamoMetaRepository(input.table),
    forms: dynamoFormRepository(input.table),
    links: dynamoLinkRepository(input.table),
    drafts: dynamoDraftRepository(input.table),
    submissions: dynamoSubmissionRepository(input.table),
  };
  const forms = createFormCatalogue(repos.forms);
  const links = createLinkService({ links: repos.links, orgs: repos.orgs, forms, secret: input.secret });
  const attachments = createAttachmentService({ links, blobs: input.blobs });
  const orgs = createOrgService(repos.orgs);
  const deps: AppDeps = {
    sessions: createSessionService({
      users: repos.users,
      secret: input.secret,
      ttlSeconds: input.config.sessionTtlSeconds,
      now,
    }),
    orgs,
    forms,
    links,
    linkSheets: createLinkSheetService({ links, orgs, forms, loadFont: loadCjkFont }),
    fill: createFillService({ links, drafts: repos.drafts, submissions: repos.submissions, attachments }),
    attachments,
    submissions: createSubmissionQueries({ orgs: repos.orgs, submissions: repos.submissions }),
    now,
    maxBodyBytes: input.config.maxBodyBytes,
    ...(input.uploadOrigin ? { uploadOrigin: input.uploadOrigin } : {}),
  };
  return { repos, deps, now };
}
