import type { FormCatalogue } from '../../shared/services/form-catalogue';
import type { OrgService } from '../../shared/services/org-service';
import type { SessionService } from '../../shared/services/sessions';

/** Everything the HTTP app needs, built once by an entry point (local runner, Lambda, tests). */
export interface AppDeps {
  sessions: SessionService;
  orgs: OrgService;
  forms: FormCatalogue;
  now: () => Date;
  maxBodyBytes: number;
}
