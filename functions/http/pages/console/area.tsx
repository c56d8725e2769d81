import type { AreaView, FormCell } from '../../../../shared/app/orgs/area';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import type { LinkStatus } from '../../../../shared/links/link';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import { stepOfForm } from '../../../../shared/programme/shipped-programme';
import { type ConsoleViewer, DataTable, type Flash, renderConsole } from './shell';

export const levelNames: Record<OrgUnit['level'], string> = {
  province: '省',
  city: '市',
  county: '县（区）',
  township: '乡镇',
  village: '村（居）',
};

export const linkStatusText: Record<LinkStatus, [string, string]> = {
  active: ['已下发', 'tag ok'],
  expired: ['已过期', 'tag warn'],
  revoked: ['已停用', 'tag bad'],
};

/** Where a unit's page is: villages have their own page, others the drill-down. */
export const unitHref = (unit: Pick<OrgUnit, 'code' | 'level'>) =>
  unit.level === 'village' ? `/console/villages/${unit.code}` : `/console/area/${unit.code}`;

/** Enough of a unit to name it and link to it. */
export type UnitRef = Pick<OrgUnit, 'code' | 'level' | 'name'>;

/** The path from the viewer's scope down to a unit, as links (to `href`, by default the drill-down). */
export const Trail = (props: {
  trail: UnitRef[];
  here: Pick<OrgUnit, 'name'>;
  href?: (u: UnitRef) => string;
}) => (
  <p class="crumbs">
    {props.trail.map((u) => (
      <>
        <a href={(props.href ?? unitHref)(u)}>{u.name}</a>›{' '}
      </>
    ))}
    <span>{props.here.name}</span>
  </p>
);

export const formTitle = (formId: string) => stepOfForm(formId)?.title ?? formId;

const Cell = (props: { cell: FormCell }) => {
  const { link, lastSubmission } = props.cell;
  const [text, cls] = link ? linkStatusText[link.status] : ['未下发', 'tag'];
  return (
    <>
      <span class={cls}>{text}</span>
      <br />
      {lastSubmission ? (
        <span class="muted">已提交 {formatChinaTime(lastSubmission.receivedAt)}</span>
      ) : (
        <span class="muted">尚未提交</span>
      )}
    </>
  );
};

/** 我的辖区: a unit's children; for a township, each village's links and newest submission per form. */
export function renderArea(view: AreaView, viewer: ConsoleViewer, flash?: Flash): string {
  const { unit } = view;
  return renderConsole({
    title: unit.name,
    viewer,
    section: 'area',
    flash,
    children: (
      <>
        <Trail trail={view.trail} here={unit} />
        <h1>
          {unit.name}{' '}
          <span class="muted">
            {levelNames[unit.level]} · {unit.code}
          </span>
        </h1>
        {unit.level === 'village' ? null : (
          <p>
            <a class="button secondary" href={`/console/stats/${unit.code}`} data-testid="stats-link">
              查看统计（建设率、催报、报表下载）
            </a>
          </p>
        )}
        {view.villages ? (
          <div class="card">
            <h2>各村（居）填报情况（{view.villages.length} 个）</h2>
            <p>
              <a class="button secondary" href={`/console/links?parent=${unit.code}`}>
                下发链接 / 打印链接单
              </a>
            </p>
            <DataTable
              head={
                <>
                  <th>村（居）</th>
                  {view.formIds.map((f) => (
                    <th>{formTitle(f)}</th>
                  ))}
                </>
              }
            >
              {view.villages.map((v) => (
                <tr>
                  <td>
                    <a href={unitHref(v.unit)}>{v.unit.name}</a>
                    {v.unit.illustrative ? <span class="muted">（示例代码）</span> : null}
                    {v.unit.retired ? <span class="tag bad">{v.unit.retired.from} 起撤并</span> : null}
                  </td>
                  {v.forms.map((cell) => (
                    <td data-label={formTitle(cell.formId)}>
                      <Cell cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </DataTable>
            {view.villages.length === 0 ? (
              <p>
                本乡镇还没有村（居）名单，请先 <a href="/console/roster">导入名单</a>。
              </p>
            ) : null}
          </div>
        ) : (
          <div class="card">
            <h2>下辖单位（{view.children.length} 个）</h2>
            <ul>
              {view.children.map((c) => (
                <li>
                  <a href={unitHref(c)}>{c.name}</a> <span class="muted">{c.code}</span>
                </li>
              ))}
            </ul>
            {view.children.length === 0 ? <p class="muted">暂无下辖单位。</p> : null}
          </div>
        )}
      </>
    ),
  });
}
