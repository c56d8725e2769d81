import { type ConsoleViewer, Csrf, DataTable, type Flash, renderConsole } from './shell';

/** A row the import would change, as the roster service reports it. */
export interface RosterChange {
  row: number;
  code: string;
  name: string;
  action: 'create' | 'update' | 'unchanged';
  before?: { name?: string | undefined } | undefined;
}

export type RosterPageView =
  | { step: 'upload' }
  | { step: 'rejected'; fileName: string; problems: { row?: number; column?: string; message: string }[] }
  | {
      step: 'preview';
      fileName: string;
      /** The file again, for the confirm post (base64), and its type. */
      file: string;
      contentType: string;
      counts: { created: number; updated: number; unchanged: number };
      changes: RosterChange[];
    };

const actionText: Record<RosterChange['action'], [string, string]> = {
  create: ['新增', 'tag ok'],
  update: ['更新', 'tag warn'],
  unchanged: ['不变', 'tag'],
};

const Upload = (props: { csrf: string }) => (
  <form method="post" action="/console/roster/preview" enctype="multipart/form-data" class="card">
    <Csrf token={props.csrf} />
    <h2>上传名单文件</h2>
    <p class="muted">
      Excel（.xlsx）或 CSV，第一行为表头：区划代码、名称、级别（村/社区）、上级代码，可选
      成立日期（生效日期）。 WPS、Excel 另存的 CSV（UTF-8 或 GBK/GB18030）都可以。先预览，确认后才写入。
    </p>
    <label for="file">名单文件</label>
    <input
      type="file"
      id="file"
      name="file"
      accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      required
    />
    <p>
      <button type="submit">预览</button>
    </p>
  </form>
);

/** 村居名单: upload → preview of what will change (or every rejected row explained) → confirm. */
export function renderRoster(view: RosterPageView, viewer: ConsoleViewer, flash?: Flash): string {
  return renderConsole({
    title: '村居名单',
    viewer,
    section: 'roster',
    flash,
    children: (
      <>
        <h1>村居名单导入</h1>
        {view.step === 'rejected' ? (
          <div class="card" data-testid="rejected">
            <h2>
              “{view.fileName}”有 {view.problems.length} 处问题，未写入任何数据
            </h2>
            <p>请在表格中改正以下各行后重新上传：</p>
            <DataTable
              head={
                <>
                  <th>行</th>
                  <th>列</th>
                  <th>问题</th>
                </>
              }
            >
              {view.problems.map((p) => (
                <tr>
                  <td data-label="行">{p.row ?? ''}</td>
                  <td data-label="列">{p.column ?? ''}</td>
                  <td data-label="问题" class="errors">
                    {p.message}
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        ) : null}
        {view.step === 'preview' ? (
          <div class="card" data-testid="preview">
            <h2>预览“{view.fileName}”</h2>
            <p>
              将新增 <strong>{view.counts.created}</strong> 个，更新 <strong>{view.counts.updated}</strong>{' '}
              个， 不变 {view.counts.unchanged} 个。确认后写入。
            </p>
            <form method="post" action="/console/roster/import">
              <Csrf token={viewer.csrf} />
              <input type="hidden" name="file" value={view.file} />
              <input type="hidden" name="contentType" value={view.contentType} />
              <input type="hidden" name="fileName" value={view.fileName} />
              <button type="submit">确认导入</button>
              <a class="button secondary" href="/console/roster">
                取消
              </a>
            </form>
            <DataTable
              head={
                <>
                  <th>行</th>
                  <th>区划代码</th>
                  <th>名称</th>
                  <th>变化</th>
                </>
              }
            >
              {view.changes.map((c) => (
                <tr>
                  <td data-label="行">{c.row}</td>
                  <td data-label="区划代码">{c.code}</td>
                  <td data-label="名称">
                    {c.name}
                    {c.action === 'update' && c.before?.name && c.before.name !== c.name ? (
                      <span class="muted">（原名 {c.before.name}）</span>
                    ) : null}
                  </td>
                  <td data-label="变化">
                    <span class={actionText[c.action][1]}>{actionText[c.action][0]}</span>
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        ) : null}
        {view.step === 'preview' ? null : <Upload csrf={viewer.csrf} />}
      </>
    ),
  });
}
