import type { AttachmentService } from '../../shared/services/attachment-service';
import type { FillService } from '../../shared/services/fill-service';
import type { FormCatalogue } from '../../shared/services/form-catalogue';
import type { LinkService } from '../../shared/services/link-service';
import type { LinkSheetService } from '../../shared/services/link-sheet';
import type { OrgService } from '../../shared/services/org-service';
import type { SessionService } from '../../shared/services/sessions';
import type { SubmissionQueries } from '../../shared/services/submission-queries';

/** Everything the HTTP app needs, built once by an entry point (local runner, Lambda, tests). */
export interface AppDeps {
  sessions: SessionService;
  orgs: OrgService;
  forms: FormCatalogue;
  links: LinkService;
  linkSheets: LinkSheetService;
  fill: FillService;
  attachments: AttachmentService;
  submissions: SubmissionQueries;
  now: () => Date;
  maxBodyBytes: number;
  /** Cross-origin upload target the survey page must allow (S3); none locally. */
  uploadOrigin?: string;
}
