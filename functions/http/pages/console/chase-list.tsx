import type { ChaseItem } from '../../../../shared/app/stats/reports';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import { formTitle } from './area';
import { DataTable } from './shell';

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
    <div class="card" data-chase={formId}>
      <h2>
        催报 · {title}（{items.length === 0 ? '已全部填报' : `${items.length} 个村（居）未完成`}）
      </h2>
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
