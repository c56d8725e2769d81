import type { SessionService } from '../../shared/app/accounts/sessions';
import type { AttachmentService } from '../../shared/app/fill/attachment-service';
import type { FillService } from '../../shared/app/fill/fill-service';
import type { FormCatalogue } from '../../shared/app/forms/form-catalogue';
import type { LinkService } from '../../shared/app/links/link-service';
import type { LinkSheetService } from '../../shared/app/links/link-sheet';
import type { OrgService } from '../../shared/app/orgs/org-service';
import type { SubmissionQueries } from '../../shared/app/submissions/submission-queries';

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
