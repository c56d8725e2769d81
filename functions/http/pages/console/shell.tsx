import type { Child } from 'hono/jsx';
import type { Principal } from '../../../../shared/auth/user';
import { renderDocument } from '../survey/page-shell';
import { consoleAssets } from '../survey-assets';

/** The console's Content-Security-Policy: this origin only, QR codes as data: images. */
export const consoleCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ConsoleSection = 'area' | 'stats' | 'review' | 'links' | 'roster' | 'users';

const menu: [ConsoleSection, string, string][] = [
  ['area', '我的辖区', '/console'],
  ['stats', '统计', '/console/stats'],
  ['review', '审核', '/console/review'],
  ['links', '填报链接', '/console/links'],
  ['roster', '村居名单', '/console/roster'],
  ['users', '账号管理', '/console/users'],
];

/** What every console page knows about its viewer. */
export interface ConsoleViewer {
  principal: Principal;
  /** The name of the viewer's scope, e.g. 东临溪镇. */
  scopeName: string;
  csrf: string;
}

/** A hidden CSRF field for a console form. */
export const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

/** A table that reads as cards on a phone (each cell labelled by its `data-label`). */
export const DataTable = (props: { head: Child; children: Child }) => (
  <div class="tablewrap">
    <table class="cards">
      <thead>
        <tr>{props.head}</tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  </div>
);

/** A one-line message above the page: done (green) or refused (red). */
export interface Flash {
  ok: boolean;
  text: string;
}

/**
 * The console's frame: who is signed in and for which area, the menu, and the page.
 * Server-rendered, works without JavaScript; the small script only adds copy buttons
 * and confirmations.
 */
export function renderConsole(props: {
  title: string;
  viewer: ConsoleViewer;
  section: ConsoleSection;
  flash?: Flash | undefined;
  children: Child;
}): string {
  const { viewer } = props;
  return renderDocument({
    title: `${props.title} · 老年协会规范化建设`,
    assets: consoleAssets,
    script: true,
    children: (
      <>
        <header class="top">
          <span class="app">老年协会规范化建设 · 工作台</span>
          <span class="who">
            <span data-testid="who">
              {viewer.principal.displayName ?? viewer.principal.username} · {viewer.scopeName}
            </span>
            <form method="post" action="/logout">
              <Csrf token={viewer.csrf} />
              <button type="submit">退出登录</button>
            </form>
          </span>
        </header>
        <nav class="menu" aria-label="主菜单">
          {menu.map(([key, label, href]) => (
            <a href={href} aria-current={key === props.section ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <main>
          {props.flash ? (
            <p class={props.flash.ok ? 'flash' : 'flash bad'} role="status">
              {props.flash.text}
            </p>
          ) : null}
          {props.children}
        </main>
      </>
    ),
  });
}
