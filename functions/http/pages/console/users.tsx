import { type Role, roleLabels, type UserView } from '../../../../shared/auth/user';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import { type ConsoleViewer, Csrf, DataTable, type Flash, renderConsole } from './shell';

export interface UsersPageView {
  users: UserView[];
  /** Usernames the viewer may manage (strictly below it). */
  manageable: ReadonlySet<string>;
  /** Roles the viewer may create, and the units it may give them. */
  roles: Role[];
  scopes: OrgUnit[];
  /** Names of the users' scopes, by code. */
  scopeNames: ReadonlyMap<string, string>;
}

/** 账号管理: the accounts in my scope; create, disable/enable, reset the password of those below me. */
export function renderUsers(view: UsersPageView, viewer: ConsoleViewer, flash?: Flash): string {
  const me = viewer.principal.username;
  return renderConsole({
    title: '账号管理',
    viewer,
    section: 'users',
    flash,
    children: (
      <>
        <h1>账号管理</h1>
        <div class="card">
          <DataTable
            head={
              <>
                <th>用户名</th>
                <th>姓名</th>
                <th>角色</th>
                <th>辖区</th>
                <th>状态</th>
                <th>操作</th>
              </>
            }
          >
            {view.users.map((u) => (
              <tr data-user={u.username}>
                <td data-label="用户名">{u.username}</td>
                <td data-label="姓名">{u.displayName}</td>
                <td data-label="角色">{roleLabels[u.role]}</td>
                <td data-label="辖区">
                  {view.scopeNames.get(u.scope) ?? u.scope} <span class="muted">{u.scope}</span>
                </td>
                <td data-label="状态">
                  {u.disabled ? <span class="tag bad">已停用</span> : <span class="tag ok">正常</span>}
                  <br />
                  <span class="muted">创建于 {formatChinaTime(u.createdAt)}</span>
                </td>
                <td data-label="操作">
                  {view.manageable.has(u.username) ? (
                    <>
                      <form
                        method="post"
                        action={`/console/users/${u.username}/${u.disabled ? 'enable' : 'disable'}`}
                        class="inline"
                      >
                        <Csrf token={viewer.csrf} />
                        <button
                          type="submit"
                          class={u.disabled ? 'secondary' : 'danger'}
                          data-confirm={u.disabled ? undefined : `停用 ${u.username}？其登录将立即失效。`}
                        >
                          {u.disabled ? '启用' : '停用'}
                        </button>
                      </form>
                      <details>
                        <summary>重置密码</summary>
                        <form method="post" action={`/console/users/${u.username}/password`}>
                          <Csrf token={viewer.csrf} />
                          <label for={`pw-${u.username}`}>新密码（至少 10 位，字母数字混合）</label>
                          <input
                            type="password"
                            id={`pw-${u.username}`}
                            name="password"
                            autocomplete="new-password"
                            required
                          />
                          <button type="submit">重置</button>
                        </form>
                      </details>
                    </>
                  ) : u.username === me ? (
                    <span class="muted">本人</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
        <div class="card">
          <h2>修改我的密码</h2>
          <form method="post" action={`/console/users/${me}/password`}>
            <Csrf token={viewer.csrf} />
            <label for="current">当前密码</label>
            <input
              type="password"
              id="current"
              name="currentPassword"
              autocomplete="current-password"
              required
            />
            <label for="mine">新密码（至少 10 位，字母数字混合）</label>
            <input type="password" id="mine" name="password" autocomplete="new-password" required />
            <button type="submit">修改密码</button>
          </form>
        </div>
        {view.roles.length > 0 && view.scopes.length > 0 ? (
          <div class="card">
            <h2>新建账号</h2>
            <form method="post" action="/console/users">
              <Csrf token={viewer.csrf} />
              <div class="row">
                <div>
                  <label for="new-username">用户名（小写字母、数字）</label>
                  <input type="text" id="new-username" name="username" autocapitalize="none" required />
                </div>
                <div>
                  <label for="new-name">姓名</label>
                  <input type="text" id="new-name" name="displayName" />
                </div>
                <div>
                  <label for="new-role">角色</label>
                  <select id="new-role" name="role">
                    {view.roles.map((r) => (
                      <option value={r}>{roleLabels[r]}</option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for="new-scope">辖区</label>
                  <select id="new-scope" name="scope">
                    {view.scopes.map((s) => (
                      <option value={s.code}>
                        {s.name}（{s.code}）
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for="new-password">初始密码（至少 10 位，字母数字混合）</label>
                  <input
                    type="password"
                    id="new-password"
                    name="password"
                    autocomplete="new-password"
                    required
                  />
                </div>
              </div>
              <button type="submit">创建账号</button>
            </form>
          </div>
        ) : null}
      </>
    ),
  });
}
