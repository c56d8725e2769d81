import type { SessionService } from '../../shared/auth/sessions';
import type { OrgService } from '../../shared/org/org-service';

/** Everything the HTTP app needs, built once by an entry point (local runner, Lambda, tests). */
export interface AppDeps {
  sessions: SessionService;
  orgs: OrgService;
  maxBodyBytes: number;
}
