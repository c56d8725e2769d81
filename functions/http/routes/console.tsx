import { Hono } from 'hono';
import { createUserSchema, setPasswordSchema } from '../../../shared/app/accounts/users';
import { issueLinksInputSchema } from '../../../shared/app/links/link-service';
import { retireInputSchema } from '../../../shared/app/roster/roster-service';
import { assignableRoles, canManage, scopeFitsRole, scopeLevelsOf } from '../../../shared/auth/manage';
import { AppError } from '../../../shared/errors';
import { formIdSchema } from '../../../shared/forms/meta-schema';
import { villageFormIds } from '../../../shared/programme/shipped-programme';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readFormBody } from '../form-body';
import { requireSession } from '../middleware/auth';
import { renderArea } from '../pages/console/area';
import { renderLinks } from '../pages/console/links';
import { loginNext, renderLogin } from '../pages/console/login';
import { renderRoster } from '../pages/console/roster';
import { renderUsers } from '../pages/console/users';
import { loginSchema, loginWithCookie, logoutWithCookie } from './auth';
import { backTo, codeOf, consoleKit, flashOf, see, text } from './console-kit';
import { consoleStatsRoutes } from './console-stats';
import { consoleVillageRoutes } from './console-villages';

/**
 * The staff console: server-rendered pages (zh-CN, phone and desktop, no JavaScript
 * needed) over the same use cases as the API. Every POST carries the session's CSRF
 * token and comes from this origin; a missing or ended session goes to the login page
 * (the app's `onError`).
 */
export function consoleRoutes(deps: AppDeps) {
  const session = requireSession(deps.sessions);
  const { viewerOf, page, formOf } = consoleKit(deps);

  return new Hono<AppEnv>()
    .get('/login', (c) => {
      const next = loginNext(c.req.query('next'));
      const notice = flashOf(c)?.text;
      return page(c, renderLogin({ ...(notice ? { notice } : {}), ...(next ? { next } : {}) }));
    })
    .post('/login', async (c) => {
      const body = await readFormBody(c);
      await loginWithCookie(c, deps, parseOrThrow(loginSchema, body));
      return see(c, loginNext(c.req.query('next')) ?? '/console');
    })
    .use('/logout', session)
    .post('/logout', async (c) => {
      await formOf(c);
      await logoutWithCookie(c, deps);
      return see(c, '/login', 'out');
    })
    .use('/console', session)
    .use('/console/*', session)
    .get('/console', (c) => see(c, `/console/area/${c.get('principal').scope}`))
    .get('/console/area/:code', async (c) => {
      const view = await deps.areas.overview(c.get('principal'), codeOf(c.req.param('code')), deps.now());
      return page(c, renderArea(view, await viewerOf(c), flashOf(c)));
    })
    .route('/', consoleVillageRoutes(deps))
    .route('/', consoleStatsRoutes(deps))
    .post('/console/villages/:code/links', async (c) => {
      const body = await formOf(c);
      const code = codeOf(c.req.param('code'));
      const input = parseOrThrow(issueLinksInputSchema, {
        formId: text(body, 'formId'),
        orgCodes: [code],
        ...(text(body, 'rotate') ? { rotate: true } : {}),
      });
      await deps.links.issueLinks(c.get('principal'), input, deps.now());
      return see(c, `/console/villages/${code}`, 'issued');
    })
    .post('/console/links/:id/revoke', async (c) => {
      const body = await formOf(c);
      await deps.links.revokeLink(c.get('principal'), c.req.param('id'), deps.now());
      return see(c, backTo(body.back, '/console/links'), 'revoked');
    })
    .post('/console/villages/:code/retire', async (c) => {
      const body = await formOf(c);
      const code = codeOf(c.req.param('code'));
      const input = parseOrThrow(retireInputSchema, {
        date: text(body, 'date'),
        reason: text(body, 'reason'),
        ...(text(body, 'mergedInto') ? { mergedInto: text(body, 'mergedInto') } : {}),
      });
      await deps.roster.retire(c.get('principal'), code, input, deps.now());
      return see(c, `/console/villages/${code}`, 'retired');
    })
    .get('/console/links', async (c) => {
      const principal = c.get('principal');
      const townships =
        principal.scope.length === 9
          ? [await deps.orgs.get(principal, principal.scope)]
          : await deps.areas.unitsBelow(principal, ['township']);
      const parent =
        townships.find((t) => t.code === c.req.query('parent')) ??
        (townships.length === 1 ? townships[0] : undefined);
      const formId = formIdSchema.safeParse(c.req.query('form')).data ?? villageFormIds[0] ?? 'baseline';
      const chosen = parent
        ? {
            township: parent,
            formId,
            rows: await deps.links.listLinks(principal, parent.code, formId, deps.now()),
            villages: (await deps.orgs.children(principal, parent.code)).filter((u) => u.level === 'village'),
          }
        : undefined;
      const view = {
        townships,
        formIds: villageFormIds,
        origin: new URL(c.req.url).origin,
        ...(chosen ? { chosen } : {}),
      };
      return page(c, renderLinks(view, await viewerOf(c), flashOf(c)));
    })
    .post('/console/links', async (c) => {
      const body = await formOf(c);
      const input = parseOrThrow(issueLinksInputSchema, {
        formId: text(body, 'formId'),
        parentCode: text(body, 'parentCode'),
      });
      await deps.links.issueLinks(c.get('principal'), input, deps.now());
      return see(c, `/console/links?parent=${input.parentCode}&form=${input.formId}`, 'issued');
    })
    .get('/console/roster', async (c) =>
      page(c, renderRoster({ step: 'upload' }, await viewerOf(c), flashOf(c))),
    )
    .post('/console/roster/preview', async (c) => {
      const body = await formOf(c);
      const file = body.file;
      if (!(file instanceof File) || file.size === 0)
        throw new AppError('request.invalid', { message: '请选择要上传的名单文件（.xlsx 或 .csv）' });
      const bytes = new Uint8Array(await file.arrayBuffer());
      const upload = { contentType: file.type, bytes };
      const result = await deps.roster.previewRoster(c.get('principal'), upload, deps.now());
      const view = result.ok
        ? {
            step: 'preview' as const,
            fileName: file.name,
            file: Buffer.from(bytes).toString('base64'),
            contentType: file.type,
            counts: result.counts,
            changes: result.changes,
          }
        : { step: 'rejected' as const, fileName: file.name, problems: result.problems };
      return page(c, renderRoster(view, await viewerOf(c)), result.ok ? 200 : 422);
    })
    .post('/console/roster/import', async (c) => {
      const body = await formOf(c);
      const bytes = new Uint8Array(Buffer.from(text(body, 'file') ?? '', 'base64'));
      await deps.roster.importRoster(
        c.get('principal'),
        { contentType: text(body, 'contentType') ?? '', bytes },
        deps.now(),
      );
      return see(c, '/console/roster', 'imported');
    })
    .get('/console/users', async (c) => {
      const principal = c.get('principal');
      const creatable = assignableRoles(principal);
      const levels = [...new Set(creatable.flatMap((r) => scopeLevelsOf[r]))];
      const scopes = (await deps.areas.unitsBelow(principal, levels)).filter((u) =>
        creatable.some((r) => scopeFitsRole(r, u.code) && canManage(principal, { role: r, scope: u.code })),
      );
      const users = await deps.users.list(principal);
      const manageable = new Set(users.filter((u) => canManage(principal, u)).map((u) => u.username));
      const scopeNames = new Map(
        await Promise.all(
          [...new Set(users.map((u) => u.scope))].map(
            async (code) => [code, await deps.areas.nameOf(code)] as const,
          ),
        ),
      );
      const view = {
        users,
        manageable,
        scopeNames,
        roles: creatable.filter((r) => scopes.some((u) => scopeFitsRole(r, u.code))),
        scopes,
      };
      return page(c, renderUsers(view, await viewerOf(c), flashOf(c)));
    })
    .post('/console/users', async (c) => {
      const body = await formOf(c);
      const input = parseOrThrow(createUserSchema, {
        username: text(body, 'username'),
        password: typeof body.password === 'string' ? body.password : undefined,
        role: text(body, 'role'),
        scope: text(body, 'scope'),
        ...(text(body, 'displayName') ? { displayName: text(body, 'displayName') } : {}),
      });
      await deps.users.create(c.get('principal'), input, deps.now());
      return see(c, '/console/users', 'created');
    })
    .post('/console/users/:username/:action{disable|enable}', async (c) => {
      await formOf(c);
      const disable = c.req.param('action') === 'disable';
      await deps.users.setDisabled(c.get('principal'), c.req.param('username'), disable);
      return see(c, '/console/users', disable ? 'disabled' : 'enabled');
    })
    .post('/console/users/:username/password', async (c) => {
      const body = await formOf(c);
      const input = parseOrThrow(setPasswordSchema, {
        password: typeof body.password === 'string' ? body.password : undefined,
        ...(typeof body.currentPassword === 'string' ? { currentPassword: body.currentPassword } : {}),
      });
      const username = c.req.param('username');
      await deps.users.setPassword(c.get('principal'), username, input);
      return username === c.get('principal').username
        ? see(c, '/login', 'own-password')
        : see(c, '/console/users', 'password');
    });
}
