import type { LinkRow } from '../../../../shared/app/links/link-service';
import { chinaIsoDate } from '../../../../shared/lib/china-time';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import { formTitle, linkStatusText } from './area';
import { type ConsoleViewer, Csrf, DataTable, type Flash, renderConsole } from './shell';

export interface LinksPageView {
  /** The townships the viewer can issue for. */
  townships: OrgUnit[];
  formIds: readonly string[];
  /** The chosen township and form, with the current link of each village (or none). */
  chosen?: { township: OrgUnit; formId: string; rows: LinkRow[]; villages: OrgUnit[] };
  origin: string;
}

/** 填报链接: issue a township's links for a form, see them, download the printable sheet. */
export function renderLinks(view: LinksPageView, viewer: ConsoleViewer, flash?: Flash): string {
  const chosen = view.chosen;
  const sheet = (format: string) =>
    chosen
      ? `/api/v1/links/sheet?parentCode=${chosen.township.code}&formId=${chosen.formId}&format=${format}`
      : '#';
  return renderConsole({
    title: '填报链接',
    viewer,
    section: 'links',
    flash,
    children: (
      <>
        <h1>填报链接</h1>
        <form method="get" action="/console/links" class="card">
          <div class="row">
            <div>
              <label for="parent">乡镇</label>
              <select id="parent" name="parent">
                {view.townships.map((t) => (
                  <option value={t.code} selected={chosen?.township.code === t.code}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="form">表单</label>
              <select id="form" name="form">
                {view.formIds.map((f) => (
                  <option value={f} selected={chosen?.formId === f}>
                    {formTitle(f)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button type="submit" class="secondary">
                查看
              </button>
            </div>
          </div>
        </form>
        {chosen ? (
          <div class="card">
            <h2>
              {chosen.township.name} · {formTitle(chosen.formId)}
            </h2>
            <form method="post" action="/console/links" class="inline">
              <Csrf token={viewer.csrf} />
              <input type="hidden" name="parentCode" value={chosen.township.code} />
              <input type="hidden" name="formId" value={chosen.formId} />
              <button type="submit">为全部村（居）下发链接</button>
            </form>
            {chosen.rows.some((r) => r.status === 'active') ? (
              <>
                <a class="button secondary" href={sheet('pdf')}>
                  下载打印版（PDF，含二维码）
                </a>
                <a class="button secondary" href={sheet('xlsx')}>
                  下载 Excel
                </a>
                <p class="muted">已有有效链接的村（居）不会重复下发；打印版只含有效链接。</p>
              </>
            ) : (
              <p class="muted" data-testid="no-links">
                还没有有效的填报链接：下发后即可下载打印版和 Excel。
              </p>
            )}
            <DataTable
              head={
                <>
                  <th>村（居）</th>
                  <th>状态</th>
                  <th>链接</th>
                </>
              }
            >
              {chosen.villages.map((v) => {
                const row = chosen.rows.find((r) => r.orgCode === v.code);
                const [text, cls] = row ? linkStatusText[row.status] : ['未下发', 'tag'];
                return (
                  <tr>
                    <td data-label="村（居）">
                      <a href={`/console/villages/${v.code}`}>{v.name}</a>
                    </td>
                    <td data-label="状态">
                      <span class={cls}>{text}</span>
                      {row?.status === 'active' ? (
                        <span class="muted"> 至 {chinaIsoDate(row.expiresAt)}</span>
                      ) : null}
                    </td>
                    <td data-label="链接">{row?.status === 'active' ? `${view.origin}${row.url}` : ''}</td>
                  </tr>
                );
              })}
            </DataTable>
          </div>
        ) : (
          <p class="card">请选择乡镇和表单。</p>
        )}
      </>
    ),
  });
}
