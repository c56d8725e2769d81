import {
  type ReviewQueueQuery,
  reviewQueueMaxItems,
  type SubmissionListItem,
} from '../../../../shared/app/submissions/submission-queries';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import type { Review, ReviewState } from '../../../../shared/submissions/submission';
import { scoreBrief } from './answers-view';
import { formTitle } from './area';
import { type ConsoleViewer, Csrf, DataTable, type Flash, renderConsole } from './shell';

/** A review state as a tag: its name and the tag's class. */
export const reviewStateText: Record<ReviewState, [string, string]> = {
  pending: ['待审核', 'tag warn'],
  approved: ['已通过', 'tag ok'],
  returned: ['已退回', 'tag bad'],
};

export const ReviewTag = (props: { state: ReviewState }) => {
  const [label, cls] = reviewStateText[props.state];
  return (
    <span class={cls} data-review={props.state}>
      {label}
    </span>
  );
};

const stateChoices: [ReviewQueueQuery['state'], string][] = [
  ['pending', '待审核'],
  ['returned', '已退回'],
  ['approved', '已通过'],
  ['all', '全部'],
];

/** What the review queue page shows. */
export interface ReviewQueueView {
  items: SubmissionListItem[];
  truncated: boolean;
  formId: string;
  state: ReviewQueueQuery['state'];
  /** The township picked (county and wider), or undefined for the whole scope. */
  code?: string | undefined;
  /** Townships to pick from (empty for a township clerk). */
  townships: OrgUnit[];
  /** Township code → name, for the township column. */
  townshipNames: ReadonlyMap<string, string>;
  formIds: readonly string[];
  /** This page's own URL, where the review page returns to. */
  here: string;
}

/** The township of a village code (its first 9 digits). */
export const townshipOf = (villageCode: string) => villageCode.slice(0, 9);

/** 审核: the submissions of my area in one review state, newest first, with a filter. */
export function renderReviewQueue(view: ReviewQueueView, viewer: ConsoleViewer, flash?: Flash): string {
  return renderConsole({
    title: '审核',
    viewer,
    section: 'review',
    flash,
    children: (
      <>
        <h1>审核 · {viewer.scopeName}</h1>
        <div class="card">
          <form method="get" action="/console/review" class="row" data-testid="queue-filter">
            <div>
              <label for="q-form">表单</label>
              <select id="q-form" name="formId">
                <option value="" selected={view.formId === ''}>
                  全部
                </option>
                {view.formIds.map((f) => (
                  <option value={f} selected={view.formId === f}>
                    {formTitle(f)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="q-state">审核状态</label>
              <select id="q-state" name="state">
                {stateChoices.map(([value, label]) => (
                  <option value={value} selected={view.state === value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            {view.townships.length > 0 ? (
              <div>
                <label for="q-code">乡镇</label>
                <select id="q-code" name="code">
                  <option value="" selected={view.code === undefined}>
                    全部（{viewer.scopeName}）
                  </option>
                  {view.townships.map((t) => (
                    <option value={t.code} selected={view.code === t.code}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div>
              <button type="submit">筛选</button>
            </div>
          </form>
        </div>
        <div class="card" data-testid="queue">
          <h2>共 {view.items.length} 条（最新的在前）</h2>
          {view.truncated ? (
            <p class="flash bad">
              辖区内提交较多，只查看了其中 {reviewQueueMaxItems} 条，结果可能不全；请选择乡镇或表单缩小范围。
            </p>
          ) : null}
          {view.items.length === 0 ? (
            <p class="muted">{view.state === 'pending' ? '没有待审核的提交。' : '没有符合条件的提交。'}</p>
          ) : (
            <DataTable
              head={
                <>
                  <th>村（居）</th>
                  <th>乡镇</th>
                  <th>表单</th>
                  <th>提交时间</th>
                  <th>得分</th>
                  <th>审核状态</th>
                  <th />
                </>
              }
            >
              {view.items.map((s) => (
                <tr data-submission={s.id}>
                  <td data-label="村（居）">
                    <a href={`/console/villages/${s.orgCode}`}>{s.orgName ?? s.orgCode}</a>
                  </td>
                  <td data-label="乡镇">{view.townshipNames.get(townshipOf(s.orgCode)) ?? ''}</td>
                  <td data-label="表单">{formTitle(s.formId)}</td>
                  <td data-label="提交时间">{formatChinaTime(s.receivedAt)}</td>
                  <td data-label="得分">{s.score ? scoreBrief(s.score) : '—'}</td>
                  <td data-label="审核状态">
                    <ReviewTag state={s.review.state} />
                  </td>
                  <td>
                    <a
                      class="button secondary"
                      href={`/console/villages/${s.orgCode}/submissions/${s.id}?back=${encodeURIComponent(view.here)}`}
                    >
                      审核
                    </a>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
      </>
    ),
  });
}

/** What the review panel of a submission needs besides the review itself. */
export interface ReviewPanelProps {
  action: string;
  review: Review;
  /** Where to return after a decision. */
  back: string;
  csrf: string;
  /** A refused decision's reason (a return without a comment), shown above the form. */
  error?: string | undefined;
  /** The comment as typed, kept when the decision was refused. */
  comment?: string | undefined;
}

/** A submission's review: its state, every change (who, when, comment), and approve / return. */
export function ReviewPanel(props: ReviewPanelProps) {
  const { review } = props;
  return (
    <div class="card" id="review">
      <h2>
        乡镇审核 <ReviewTag state={review.state} />
      </h2>
      {review.history.length === 0 ? (
        <p class="muted">尚未审核。</p>
      ) : (
        <ol class="history" data-testid="review-history">
          {review.history.map((h) => (
            <li>
              <ReviewTag state={h.state} /> {h.by} · {formatChinaTime(h.at)}
              {h.comment ? <p class="comment">{h.comment}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <form method="post" action={props.action}>
        <Csrf token={props.csrf} />
        <input type="hidden" name="back" value={props.back} />
        {props.error ? (
          <p class="flash bad" role="alert" id="review-error">
            {props.error}
          </p>
        ) : null}
        <label for="review-comment">审核意见（退回时必填，村（居）打开填报链接会看到）</label>
        <textarea
          id="review-comment"
          name="comment"
          rows={3}
          maxlength={500}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? 'review-error' : undefined}
        >
          {props.comment ?? ''}
        </textarea>
        <div>
          <button type="submit" name="decision" value="approve">
            审核通过
          </button>
          <button type="submit" name="decision" value="return" class="danger">
            退回修改
          </button>
        </div>
      </form>
    </div>
  );
}
