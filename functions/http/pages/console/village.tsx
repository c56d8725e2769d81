import type { CertificateView } from '../../../../shared/app/certificates/certificate-service';
import type { LinkRow } from '../../../../shared/app/links/link-service';
import type { VillageView } from '../../../../shared/app/orgs/area';
import type { ReviewedSubmission } from '../../../../shared/app/villages/review-service';
import type { VillageStatusView } from '../../../../shared/app/villages/status-service';
import type { CompiledForm } from '../../../../shared/forms/compiled-form';
import { chinaIsoDate, formatChinaTime } from '../../../../shared/lib/china-time';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import { receiptCodeOf } from '../../../../shared/submissions/receipt-code';
import { pendingReview } from '../../../../shared/submissions/submission';
import { AnswersView, ScoreLine, scoreBrief } from './answers-view';
import { formTitle, linkStatusText, Trail } from './area';
import { CertificatesCard } from './certificates';
import { ReviewPanel, ReviewTag } from './review';
import { type ConsoleViewer, Csrf, DataTable, type Flash, renderConsole } from './shell';
import { StatusCard, Timeline } from './status';

/** What the village page needs besides the view: absolute URLs and their QR images. */
export interface LinkExtras {
  origin: string;
  /** Link id → QR code (an SVG data: URL) of its absolute URL. */
  qr: ReadonlyMap<string, string>;
  /** The village's certificates with their live status. */
  certificates?: readonly CertificateView[];
}

const LinkCard = (props: {
  village: string;
  formId: string;
  title: string;
  rows: LinkRow[];
  extras: LinkExtras;
  csrf: string;
}) => {
  const [current, ...older] = props.rows;
  const active = current?.status === 'active' ? current : undefined;
  const url = active ? `${props.extras.origin}${active.url}` : '';
  const qr = active ? props.extras.qr.get(active.id) : undefined;
  return (
    <div class="card" data-form={props.formId}>
      <h2>{props.title}</h2>
      {active ? (
        <>
          <p>
            <span class="tag ok">已下发</span> 有效期至 {chinaIsoDate(active.expiresAt)}（下发于{' '}
            {formatChinaTime(active.issuedAt)}）
          </p>
          <label for={`url-${active.id}`}>填报链接（发到村里的微信群，或打印二维码）</label>
          <input type="text" id={`url-${active.id}`} value={url} readonly data-testid="link-url" />
          <button type="button" class="secondary" data-copy={`url-${active.id}`} hidden>
            复制
          </button>
          {qr ? (
            <p class="qr">
              <img src={qr} alt={`${props.title}填报链接二维码`} />
            </p>
          ) : null}
          <form method="post" action={`/console/villages/${props.village}/links`} class="inline">
            <Csrf token={props.csrf} />
            <input type="hidden" name="formId" value={props.formId} />
            <input type="hidden" name="rotate" value="1" />
            <button type="submit" class="secondary" data-confirm="旧链接将停用，确定重新生成？">
              重新生成
            </button>
          </form>
          <form method="post" action={`/console/links/${active.id}/revoke`} class="inline">
            <Csrf token={props.csrf} />
            <input type="hidden" name="back" value={`/console/villages/${props.village}`} />
            <button type="submit" class="danger" data-confirm="停用后该链接无法再填报，确定停用？">
              停用
            </button>
          </form>
        </>
      ) : (
        <>
          <p>
            {current ? (
              <span class={linkStatusText[current.status][1]}>{linkStatusText[current.status][0]}</span>
            ) : null}{' '}
            {current ? '当前没有可用的链接。' : '尚未下发链接。'}
          </p>
          <form method="post" action={`/console/villages/${props.village}/links`}>
            <Csrf token={props.csrf} />
            <input type="hidden" name="formId" value={props.formId} />
            <button type="submit">下发链接</button>
          </form>
        </>
      )}
      {older.length > 0 ? (
        <details>
          <summary>以前的链接（{older.length}）</summary>
          <ul>
            {older.map((l) => (
              <li>
                {formatChinaTime(l.issuedAt)} 下发 ·{' '}
                <span class={linkStatusText[l.status][1]}>{linkStatusText[l.status][0]}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
};

const Details = (props: { unit: OrgUnit }) => {
  const { unit } = props;
  return (
    <dl class="answers">
      <dt>统计用区划代码</dt>
      <dd>
        {unit.code}
        {unit.illustrative ? '（示例代码，非官方）' : ''}
      </dd>
      <dt>类型</dt>
      <dd>{unit.kind === 'community' ? '社区（居委会）' : '村'}</dd>
      {unit.validFrom ? (
        <>
          <dt>纳入名单日期</dt>
          <dd>{unit.validFrom}</dd>
        </>
      ) : null}
      {unit.retired ? (
        <>
          <dt>撤并</dt>
          <dd>
            自 {unit.retired.from} 起退出名单：{unit.retired.reason}
            {unit.retired.mergedInto ? `（并入 ${unit.retired.mergedInto}）` : ''}
          </dd>
        </>
      ) : null}
    </dl>
  );
};

/**
 * A village: its status (stage, scores, flags, 评估验收 and 回头看), details, its links per
 * form (issue, rotate, revoke, copy, QR), its submissions with their review, its timeline.
 */
export function renderVillage(
  view: VillageView,
  status: VillageStatusView,
  viewer: ConsoleViewer,
  extras: LinkExtras,
  flash?: Flash,
): string {
  const { unit } = view;
  return renderConsole({
    title: unit.name,
    viewer,
    section: 'area',
    flash,
    children: (
      <>
        <Trail trail={view.trail} here={unit} />
        <h1>{unit.name}</h1>
        <StatusCard status={status} unit={unit} />
        {extras.certificates ? <CertificatesCard certificates={extras.certificates} /> : null}
        <div class="card">
          <Details unit={unit} />
          {unit.retired ? null : (
            <details>
              <summary>撤并（退出名单）</summary>
              <form method="post" action={`/console/villages/${unit.code}/retire`}>
                <Csrf token={viewer.csrf} />
                <label for="retire-date">自哪天起退出名单</label>
                <input type="date" id="retire-date" name="date" required />
                <label for="retire-reason">原因</label>
                <input
                  type="text"
                  id="retire-reason"
                  name="reason"
                  required
                  maxlength={200}
                  placeholder="如：与某村合并"
                />
                <label for="retire-into">并入的村（居）代码（可不填）</label>
                <input type="text" id="retire-into" name="mergedInto" inputmode="numeric" />
                <button type="submit" class="danger" data-confirm="撤并后该村不再计入以后的统计，确定？">
                  确认撤并
                </button>
              </form>
            </details>
          )}
        </div>
        <div class="grid">
          {view.links.map((l) => (
            <LinkCard
              village={unit.code}
              formId={l.formId}
              title={l.title}
              rows={l.rows}
              extras={extras}
              csrf={viewer.csrf}
            />
          ))}
        </div>
        <div class="card">
          <h2>填报记录（{view.submissions.length}）</h2>
          {view.submissions.length === 0 ? (
            <p class="muted">还没有提交。</p>
          ) : (
            <DataTable
              head={
                <>
                  <th>表单</th>
                  <th>提交时间</th>
                  <th>得分</th>
                  <th>审核</th>
                  <th />
                </>
              }
            >
              {view.submissions.map(({ submission: s }) => (
                <tr>
                  <td data-label="表单">
                    {formTitle(s.formId)} <span class="muted">第 {s.formVersion} 版</span>
                  </td>
                  <td data-label="提交时间">{formatChinaTime(s.receivedAt)}</td>
                  <td data-label="得分">{s.score ? scoreBrief(s.score) : '—'}</td>
                  <td data-label="审核">
                    <ReviewTag state={(s.review ?? pendingReview).state} />
                  </td>
                  <td>
                    <a href={`/console/villages/${unit.code}/submissions/${s.id}`}>查看</a>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
        <Timeline events={status.events} unit={unit} />
      </>
    ),
  });
}

/** The submission page's review form: where it returns to, and a refused decision to show again. */
export interface SubmissionReviewForm {
  back: string;
  error?: string | undefined;
  comment?: string | undefined;
}

/**
 * One submission, read-only, rendered from the form version it was filled against, with
 * its review (state, history) and the approve / return form.
 */
export function renderSubmission(
  props: { unit: OrgUnit; trail: OrgUnit[]; submission: ReviewedSubmission; form: CompiledForm },
  review: SubmissionReviewForm,
  viewer: ConsoleViewer,
): string {
  const { submission: s, unit } = props;
  const fileHref = (blobId: string) => `/api/v1/orgs/${unit.code}/attachments/${s.formId}/${blobId}`;
  return renderConsole({
    title: `${unit.name} · ${props.form.title}`,
    viewer,
    section: 'area',
    children: (
      <>
        <Trail trail={[...props.trail, unit]} here={{ ...unit, name: props.form.title }} />
        <h1>
          {unit.name} · {props.form.title}
        </h1>
        <div class="card">
          <p class="muted">
            提交于 {formatChinaTime(s.receivedAt)} · 表单第 {s.formVersion} 版 · 回执编号{' '}
            <span title={s.id}>{receiptCodeOf(s.id)}</span>
          </p>
          {s.score ? <ScoreLine score={s.score} /> : null}
          <p>
            <a href={review.back}>‹ 返回</a>
          </p>
        </div>
        <ReviewPanel
          action={`/console/villages/${unit.code}/submissions/${s.id}/review`}
          review={s.review}
          back={review.back}
          csrf={viewer.csrf}
          error={review.error}
          comment={review.comment}
        />
        <div class="card">
          <AnswersView form={props.form} answers={s.answers} fileHref={fileHref} />
        </div>
      </>
    ),
  });
}
