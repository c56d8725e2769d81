import type { Session } from '../../shared/app/accounts/sessions';
import type { ResolvedLink } from '../../shared/app/links/link-service';
import type { Principal } from '../../shared/auth/user';

/** Hono environment of the app: what middleware puts on the context for routes. */
export type AppEnv = {
  Variables: {
    /** The signed-in staff member (`requireSession`). */
    principal: Principal;
    /** Their session (`requireSession`): for logout and the console's CSRF tokens. */
    session: Session;
    /** The survey link of the path's token, resolved once per request (`requireLink`). */
    link: ResolvedLink;
  };
};
