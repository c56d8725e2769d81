import { renderDocument } from '../survey/page-shell';
import { consoleAssets } from '../survey-assets';

/** The staff login page: a plain form (works without JavaScript) posting to `/login`. */
/**
 * A page to go back to after signing in: a console page or an API download of this site,
 * as a path (never another site: no scheme, no `//`). Anything else is dropped.
 */
export function loginNext(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(console|api\/v1)(\/[\w\-.~%]*)*(\?[\w\-.~%=&+]*)?$/.test(value)
    ? value
    : undefined;
}

export function renderLogin(props: {
  error?: string;
  notice?: string;
  username?: string;
  next?: string;
}): string {
  return renderDocument({
    title: '登录 · 老年协会规范化建设',
    assets: consoleAssets,
    script: false,
    children: (
      <main class="login">
        <div class="card">
          <h1>工作人员登录</h1>
          <p class="muted">城乡社区老年协会规范化建设 · 乡镇、县级工作人员使用</p>
          {props.notice ? (
            <p class="flash" role="status">
              {props.notice}
            </p>
          ) : null}
          {props.error ? (
            <p class="flash bad" role="alert">
              {props.error}
            </p>
          ) : null}
          {/* The page to go back to rides in the address, so a refused attempt keeps it too. */}
          <form
            method="post"
            action={props.next ? `/login?${new URLSearchParams({ next: props.next })}` : '/login'}
          >
            <label for="username">用户名</label>
            <input
              type="text"
              id="username"
              name="username"
              autocomplete="username"
              autocapitalize="none"
              required
              value={props.username ?? ''}
            />
            <label for="password">密码</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required />
            <p>
              <button type="submit">登录</button>
            </p>
          </form>
          <p class="muted">忘记密码请联系上级管理员重置。</p>
        </div>
      </main>
    ),
  });
}
