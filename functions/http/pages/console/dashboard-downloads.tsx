import type { ExportQuery } from '../../../../shared/app/stats/reports';
import { type OfficialTableKind, officialTableNames } from '../../../../shared/printables/official-tables';
import { type ConsoleViewer, renderConsole } from './shell';

const formats = [
  ['xlsx', 'Excel（XLSX）'],
  ['csv', 'CSV'],
] as const;

const tables: [OfficialTableKind, string][] = [
  ['summary', '每个乡镇一行'],
  ['statistics', '每个村（居）一行'],
];

/**
 * Where a table downloads from. The 汇总表 comes from the stored aggregates and always
 * answers at once: straight from the API. The 统计表 reads every village and may be left
 * to the job in a large scope, so it goes through the console, which says so on a page
 * instead of the API's 202.
 */
export function exportHref(code: string, query: ExportQuery): string {
  const params = new URLSearchParams({ table: query.table, format: query.format });
  if (query.year !== undefined) params.set('year', String(query.year));
  const base = query.table === 'summary' ? '/api/v1/stats' : '/console/stats';
  return `${base}/${code}/export?${params}`;
}

/** 下载报表: the 汇总表 and the 统计表, each as XLSX and CSV, as of the year shown. */
export const Downloads = (props: { code: string; unitName: string; year?: number | undefined }) => (
  <div class="card" data-testid="downloads">
    <h2>下载报表{props.year === undefined ? '' : `（${props.year} 年）`}</h2>
    <ul class="downloads">
      {tables.map(([table, note]) => (
        <li>
          《{props.unitName}
          {officialTableNames[table]}》<span class="muted">（{note}）</span>
          <br />
          {formats.map(([format, label]) => (
            <a
              class="button secondary"
              href={exportHref(props.code, { table, format, year: props.year })}
              data-download={`${table}-${format}`}
            >
              {label}
            </a>
          ))}
        </li>
      ))}
    </ul>
    <p class="muted">统计表要逐村读取，辖区较大时由后台任务生成：点下载后若提示“正在生成”，请稍后刷新。</p>
  </div>
);

/** The page a large 统计表 download shows until the job has written it. */
export function renderExportQueued(
  props: { code: string; unitName: string; query: ExportQuery },
  viewer: ConsoleViewer,
): string {
  const name = `${props.unitName}${officialTableNames[props.query.table]}`;
  return renderConsole({
    title: '报表生成中',
    viewer,
    section: 'stats',
    children: (
      <div class="card" data-testid="export-queued">
        <h1>正在生成，请稍后刷新</h1>
        <p role="status">《{name}》较大，正在由后台任务生成，一般一两分钟即可完成。请稍后刷新本页下载。</p>
        <p>
          <a class="button" href={exportHref(props.code, props.query)}>
            刷新
          </a>
          <a class="button secondary" href={`/console/stats/${props.code}`}>
            返回统计
          </a>
        </p>
      </div>
    ),
  });
}
