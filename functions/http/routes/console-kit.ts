import type { Context } from 'hono';
import { AppError } from '../../../shared/errors';
import { divisionCodeSchema, isWithinScope } from '../../../shared/org/division';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readFormBody } from '../form-body';
import { requestSite } from '../middleware/same-site';
import { type ConsoleViewer, consoleCsp, type Flash } from '../pages/console/shell';
import { sendPage } from '../pages/send-page';

/** Flash messages after an action (post → redirect → get): `?msg=key`. */
const messages: Record<string, string> = {
  issued: '链接已下发。',
  revoked: '链接已停用。',
  retired: '已撤并，该村（居）自所填日期起不再计入名单。',
  imported: '名单已导入。',
  created: '账号已创建，请把用户名和初始密码交给本人。',
  disabled: '账号已停用，其登录已立即失效。',
  enabled: '账号已启用。',
  password: '密码已重置，该账号原有登录已失效。',
  'own-password': '密码已修改，请用新密码重新登录。',
  out: '已退出登录。',
  approved: '已审核通过{org}。',
  returned: '已退回{org}，村（居）打开填报链接就能看到退回意见。',
  evaluated: '评估已记录。',
};

/** The flash message of a page (`?msg=`), with `{org}` the unit it names (or nothing). */
const flashText = (c: Context, org = ''): Flash | undefined => {
  const text = messages[c.req.query('msg') ?? ''];
  return text ? { ok: true, text: text.replace('{org}', org) } : undefined;
};

export const flashOf = (c: Context): Flash | undefined => flashText(c);

/** Redirects (303) to a console page, with a flash message key (and the unit it was about). */
export const see = (c: Context, path: string, msg?: string, org?: string) =>
  c.redirect(
    msg ? `${path}${path.includes('?') ? '&' : '?'}msg=${msg}${org ? `&org=${org}` : ''}` : path,
    303,
  );

/** A local path to go back to (never another site). */
export const backTo = (value: unknown, fallback: string) =>
  typeof value === 'string' && /^\/console(\/[\w./-]*)?(\?[\w=&%.-]*)?$/.test(value) ? value : fallback;

/** A posted text field, trimmed; undefined when absent or blank. */
export const text = (body: Record<string, unknown>, name: string): string | undefined => {
  const v = body[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

export const codeOf = (raw: string) => parseOrThrow(divisionCodeSchema, raw, 'org.code_invalid');

/** What every console route needs from the session: the viewer, the page sender, the CSRF-checked form reader. */
export function consoleKit(deps: AppDeps) {
  return {
    /**
     * `items` with each staff username in `by` replaced by that person's display name, so a
     * timeline reads 王办事员, not dlx-clerk; the village's link and the roster stay as they are.
     */
    /**
     * The flash message, naming the unit it was about (已审核通过（小阜村）) when the
     * redirect said which (`see`'s `org`) and it is inside the viewer's scope.
     */
    namedFlashOf: async (c: Context<AppEnv>): Promise<Flash | undefined> => {
      const org = divisionCodeSchema.safeParse(c.req.query('org'));
      const inScope = org.success && isWithinScope(c.get('principal').scope, org.data);
      const name = inScope && flashText(c) ? await deps.areas.nameOf(org.data) : '';
      return flashText(c, name ? `（${name}）` : '');
    },

    withNames: async <T extends { by: string }>(items: readonly T[]): Promise<T[]> => {
      const names = await deps.users.displayNames(items.map((i) => i.by));
      return items.map((i) => {
        const name = names.get(i.by);
        return name ? { ...i, by: name } : i;
      });
    },

    viewerOf: async (c: Context<AppEnv>): Promise<ConsoleViewer> => {
      const s = c.get('session');
      return {
        principal: s.principal,
        scopeName: await deps.areas.nameOf(s.principal.scope),
        csrf: deps.sessions.csrfTokenOf(s),
      };
    },

    page: (c: Context, html: string, status = 200) => sendPage(c, html, status, consoleCsp),

    /** Reads a console form post and checks its CSRF token (403 `auth.csrf` otherwise). */
    formOf: async (c: Context<AppEnv>) => {
      const body = await readFormBody(c);
      // Another site is refused by what the browser says (`requestSite`); without a word from
      // it (an old browser) the token decides.
      const cross = requestSite(c, deps.sessions.publicUrl) === 'cross';
      if (cross || !deps.sessions.isCsrfToken(c.get('session'), text(body, '_csrf')))
        throw new AppError('auth.csrf');
      return body as Record<string, unknown>;
    },
  };
}
