import type { ChaseItem } from '../../../../shared/app/stats/reports';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import { formTitle } from './area';
import { DataTable } from './shell';

/** A chase card's title: the form, and how many villages have not reported it. */
const ChaseHeading = (props: { title: string; open: number }) => (
  <h2>
    催报 · {props.title}（{props.open === 0 ? '已全部填报' : `${props.open} 个村（居）未完成`}）
  </h2>
);

/** One village form's chase list (催报) and the text for the villages' WeChat group. */
export interface ChaseCard {
  formId: string;
  items: ChaseItem[];
  /** `chaseText`: ready to paste into a WeChat group, links included. */
  text: string;
}

/**
 * 催报: the villages that have not submitted a form (or only had it returned), as a table,
 * as the WeChat text with a 复制 button (shown by the console script), and as CSV.
 */
export const ChaseList = (props: { code: string; card: ChaseCard; origin: string }) => {
  const { formId, items, text } = props.card;
  const title = formTitle(formId);
  const textId = `chase-text-${formId}`;
  const csv = `/api/v1/stats/${props.code}/chase?${new URLSearchParams({ formId, format: 'csv' })}`;
  return (
    <div class="card" data-chase={formId} id={`chase-${formId}`}>
      <ChaseHeading title={title} open={items.length} />
      {items.length > 0 ? (
        <DataTable
          head={
            <>
              <th scope="col">村（居）</th>
              <th scope="col">情况</th>
              <th scope="col">最近提交</th>
              <th scope="col">填报链接</th>
            </>
          }
        >
          {items.map((item) => (
            <tr data-row={item.orgCode}>
              <td>
                <a href={`/console/villages/${item.orgCode}`}>{item.orgName}</a>
              </td>
              <td data-label="情况">{item.reason}</td>
              <td data-label="最近提交">{item.lastActivity ? formatChinaTime(item.lastActivity) : '—'}</td>
              <td data-label="填报链接" class="url">
                {item.linkUrl ? (
                  `${props.origin}${item.linkUrl}`
                ) : (
                  <a href={`/console/villages/${item.orgCode}`}>未下发，去下发</a>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p class="muted">本乡镇所有村（居）都已提交{title}表。</p>
      )}
      <label for={textId}>发到村（居）微信群的通知</label>
      <textarea id={textId} class="chase-text" rows={Math.min(12, 3 + items.length * 2)} readonly>
        {text}
      </textarea>
      <p>
        <button type="button" class="secondary" data-copy={textId} hidden>
          复制
        </button>
        <a class="button secondary" href={csv}>
          下载催报名单（CSV）
        </a>
      </p>
    </div>
  );
};

/** A unit above the township: its own chase list of a form, counted per unit below it. */
export interface ChaseSummaryCard {
  formId: string;
  items: ChaseItem[];
  /** The units directly below, in the dashboard's order: each list is counted under the one holding the village. */
  children: readonly { code: string; name: string }[];
}

/**
 * 催报 above the township (county, city, province): how many villages have not submitted,
 * per unit below, each a link to that unit's dashboard (down at the township, its list and
 * the WeChat text), and the whole list as CSV with each village's township.
 */
export const ChaseSummary = (props: { code: string; card: ChaseSummaryCard }) => {
  const { formId, items, children } = props.card;
  const title = formTitle(formId);
  const csv = `/api/v1/stats/${props.code}/chase?${new URLSearchParams({ formId, format: 'csv' })}`;
  const counts = new Map<string, number>();
  for (const item of items) {
    const holder = children.find((child) => item.orgCode.startsWith(child.code));
    if (holder) counts.set(holder.code, (counts.get(holder.code) ?? 0) + 1);
  }
  const behind = children.filter((child) => counts.has(child.code));
  return (
    <div class="card" data-chase={formId}>
      <ChaseHeading title={title} open={items.length} />
      {behind.length > 0 ? (
        <DataTable
          head={
            <>
              <th scope="col">下级单位</th>
              <th scope="col">未完成的村（居）</th>
            </>
          }
        >
          {behind.map((child) => (
            <tr data-chase-row={child.code}>
              <td>
                <a href={`/console/stats/${child.code}#chase-${formId}`}>{child.name}</a>
              </td>
              <td data-label="未完成的村（居）">{counts.get(child.code)}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p class="muted">所有村（居）都已提交{title}表。</p>
      )}
      {items.length > 0 ? (
        <p>
          <a class="button secondary" href={csv}>
            下载催报名单（CSV，含所属乡镇）
          </a>
        </p>
      ) : null}
    </div>
  );
};
