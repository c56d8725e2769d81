import type { PageCertificate } from '../../../../shared/app/certificates/certificate-service';
import type { CompiledForm, CompiledSection } from '../../../../shared/forms/compiled-form';
import { type ScoreResult, scoreAnswers } from '../../../../shared/forms/scoring';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import { receiptCodeOf } from '../../../../shared/submissions/receipt-code';
import type { FieldIssue } from '../../../../shared/validation';
import { inputId, metaNames } from './field-names';
import { FieldView } from './fields';
import { formLogicOf, leanDefinition, pageDataId, type SurveyPageData, scriptSafeJson } from './page-data';
import { type PageAssets, renderDocument } from './page-shell';
import { CertificateLink, ReceiptView, type SurveyReceipt } from './receipt';
import {
  buildRenderModel,
  currentSection,
  type RenderModel,
  sectionIndexOf,
  sectionShown,
  summaryLine,
} from './render-model';
import { type FieldModel, type StaffMode, StaffNav, StaffNotes } from './staff-mode';

/** Everything a survey page shows. */
export interface SurveyPageInput {
  token: string;
  org: { code: string; name: string };
  form: CompiledForm;
  /** The answers to show: the server draft, or what was just posted. */
  answers: Record<string, unknown>;
  /** Issues to show inline and in the summary (a 422's `error.details`). */
  errors?: readonly FieldIssue[];
  /** When set, the page shows this receipt instead of the form. */
  receipt?: SurveyReceipt;
  /** 'server' when `answers` is the draft saved on the server, 'submission' when the last submission's. */
  restoredFrom?: 'server' | 'submission' | null;
  /** When the server draft (or submission) was saved (shown in the “restored” note, compared with the phone's draft). */
  draftSavedAt?: string | null;
  /** Key of this submission attempt, posted back in a hidden field (a retried post reuses it). */
  idempotencyKey: string;
  assets: PageAssets;
  /** The section the person was on (hidden `section` field). */
  section?: number;
  /** Without the script: the section “下一部分” already pointed out open items in (`turnPage`). */
  warned?: string;
  /** Without the script: a submit was refused, so each section shows its issues (`turnPage`). */
  checked?: boolean;
  /** A one-line message at the top, e.g. that the draft was saved. */
  notice?: string;
  /** The link's latest submission, if any: the page says it was submitted and that the latest counts. */
  lastSubmission?: SurveyReceipt | null;
  /** Set when staff fill the form in the console (评估验收, 回头看) instead of a village link. */
  staff?: StaffMode;
  /** The village has a valid 达标证书 now: the page (form or receipt) offers its download. */
  certificate?: PageCertificate;
}

/**
 * The live score line (the script draws the same as answers change). The ★ items not
 * met are a numbered list (their labels may contain “、”), folded under a one-line
 * summary so the bar stays one line high until opened.
 */
export function ScoreLine({ score }: { score: ScoreResult }) {
  const failed = score.failedVetoes;
  return (
    <>
      <b>
        当前得分 {score.total} / {score.maxTotal}
      </b>
      <span class="grade">{score.grade?.label ?? ''}</span>
      {failed.length > 0 ? (
        <details class="veto">
          <summary>★未达到 {failed.length} 项：</summary>
          <ol>
            {failed.map((v) => (
              <li>{v.label.replace(/^★/, '')}</li>
            ))}
          </ol>
        </details>
      ) : null}
    </>
  );
}

/**
 * The staff-side page has no script: its score is the one of the answers last posted, and
 * says so. Before any scored item is answered there is no score to show, not a failing one.
 */
function StaffScoreLine({ form, answers }: { form: CompiledForm; answers: Record<string, unknown> }) {
  const answered = [...form.fields.values()].some(
    (f) => 'score' in f.field && f.field.score !== undefined && answers[f.key] !== undefined,
  );
  if (!answered) return <span class="muted">填写后点“按回答刷新（不提交）”查看得分</span>;
  return (
    <>
      <span class="muted">按上次刷新时的回答：</span>
      <ScoreLine score={scoreAnswers(form, answers)} />
    </>
  );
}

/** What happened to the link's last submission: submitted, approved, or returned with the township's comment. */
function LastSubmissionNote({ last }: { last: SurveyReceipt }) {
  const when = formatChinaTime(last.receivedAt);
  if (last.review?.state === 'returned') {
    return (
      <div class="note warn" id="returned" role="alert">
        <p>
          <b>乡镇已退回</b> {when} 的提交（回执编号 {receiptCodeOf(last.id)}），退回意见：
        </p>
        <blockquote>{last.review.comment ?? '（无）'}</blockquote>
        <p>请按意见修改后再次提交，以最后一次提交为准。</p>
      </div>
    );
  }
  return (
    <p class="note">
      本链接已于 {when} 提交过（回执编号 {receiptCodeOf(last.id)}）
      {last.review?.state === 'approved' ? '，乡镇已审核通过' : ''}
      。如需更正，修改后再次提交即可，以最后一次提交为准。
    </p>
  );
}

/**
 * The errors of a re-rendered post, each linking to its field. `partOf`: where a field is
 * when it is on another page of the paged form (第 3 部分), so that without the script,
 * where only the current section shows, a person still knows where to go.
 */
function ErrorSummary({ model, partOf }: { model: RenderModel; partOf?: (path: string) => string }) {
  if (model.summary.length === 0) return null;
  return (
    <div class="sum" id="sum" role="alert" tabindex={-1}>
      <h2>有 {model.summary.length} 处需要修改</h2>
      <ul>
        {model.summary.map((item) => (
          <li>
            {item.path === null ? (
              item.message
            ) : (
              <>
                <a href={`#${inputId(item.path.split('.'))}`}>{summaryLine(item.label, item.message)}</a>
                {partOf?.(item.path) ?? ''}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SectionView(props: {
  model: FieldModel;
  section: CompiledSection;
  index: number;
  of: number;
  current: boolean;
}) {
  const { model, section, index, of } = props;
  return (
    <section class={props.current ? 'sec cur' : 'sec'} id={`s-${section.key}`} hidden={index < 0}>
      <p class="sn">
        第 {Math.max(index, 0) + 1} / {of} 部分
      </p>
      <h2>{section.section.title}</h2>
      {section.section.description ? <p class="sd">{section.section.description}</p> : null}
      {section.fields.map((field) => (
        <FieldView model={model} field={field} path={[field.key]} value={model.answers[field.key]} />
      ))}
    </section>
  );
}

function SurveyForm({ input, model }: { input: SurveyPageInput; model: FieldModel }) {
  const { form, token } = input;
  const { staff } = input;
  const shown = form.sections.map((s) => sectionShown(s, model.state));
  const of = shown.filter(Boolean).length;
  // The page the script will show first (a re-rendered post opens at its first error),
  // drawn that way from the start: sections, numbers, progress and buttons do not move.
  const firstError = model.summary.find((item) => item.path !== null)?.path;
  const errorSection = firstError ? sectionIndexOf(form, firstError) : -1;
  const current = currentSection(shown, errorSection >= 0 ? errorSection : (input.section ?? 0));
  const at = shown[current] ? shown.slice(0, current).filter(Boolean).length : -1;
  let position = -1;
  const data: SurveyPageData = {
    token,
    definition: leanDefinition(form.definition),
    // Also when starting from the last submission: a phone's older local draft must not win over it.
    savedAt: input.restoredFrom ? (input.draftSavedAt ?? null) : null,
    formVersion: form.version,
    logic: formLogicOf(form),
  };
  const restored = !input.draftSavedAt
    ? ''
    : input.restoredFrom === 'server'
      ? `已恢复服务器上的草稿（${formatChinaTime(input.draftSavedAt)} 保存）`
      : input.restoredFrom === 'submission'
        ? `已填入 ${formatChinaTime(input.draftSavedAt)} 提交的内容，可在此基础上修改`
        : '';
  return (
    <>
      <form
        method="post"
        action={staff ? staff.action : `/f/${encodeURIComponent(token)}`}
        id="survey"
        class={staff ? undefined : 'paged'}
        novalidate
      >
        <input type="hidden" name={metaNames.idempotencyKey} value={input.idempotencyKey} />
        <input
          type="hidden"
          name={metaNames.section}
          value={String(staff ? (input.section ?? 0) : current)}
        />
        {input.warned ? <input type="hidden" name={metaNames.warned} value={input.warned} /> : null}
        {input.checked ? <input type="hidden" name={metaNames.checked} value="1" /> : null}
        {staff ? (
          <StaffNotes staff={staff} />
        ) : (
          <>
            <p class="note ok" id="restored" role="status" hidden={!restored}>
              {restored}
            </p>
            {input.notice ? <p class="note ok">{input.notice}</p> : null}
            {input.lastSubmission ? <LastSubmissionNote last={input.lastSubmission} /> : null}
            <p class="sd">
              带 <span class="rq">*</span> 的为必填项。填到一半可以先离开，稍后用同一链接接着填。
            </p>
            <p class="note nojs">
              当前未启用
              JavaScript：所有部分显示在同一页。部分问题会根据您的回答出现，请先点页面底部的“保存并刷新”，再检查后提交。
            </p>
          </>
        )}
        {staff && input.notice ? <p class="note ok">{input.notice}</p> : null}
        <ErrorSummary
          model={model}
          {...(staff
            ? {}
            : {
                partOf: (path: string) => {
                  const index = sectionIndexOf(form, path);
                  return index === current || !shown[index]
                    ? ''
                    : `（第 ${shown.slice(0, index).filter(Boolean).length + 1} 部分）`;
                },
              })}
        />
        {staff ? null : <progress class="js" id="pg" max={of} value={at + 1} aria-label="填写进度" />}
        {form.sections.map((section, i) => {
          if (shown[i]) position++;
          return (
            <SectionView
              model={model}
              section={section}
              index={shown[i] ? position : -1}
              of={of}
              current={!staff && i === current}
            />
          );
        })}
        {staff ? (
          <StaffNav />
        ) : (
          <div class="nav">
            {/*
              Buttons that post: when the script runs it pages by itself; when it never
              arrived (a dropped download, a WebView too old for it) the server pages. “下一部分”
              comes first so that Enter in a box without the script means “next”, never
              “previous” or “submit”; the stylesheet still shows “上一部分” on the left.
            */}
            <button
              type="submit"
              class="btn next js"
              name={metaNames.action}
              value="next"
              hidden={at >= of - 1}
            >
              下一部分
            </button>
            <button type="submit" class="btn prev js" name={metaNames.action} value="prev" hidden={at <= 0}>
              上一部分
            </button>
            {/*
              Hidden until the last section while paged; nojs.css shows it on the one long page.
              After a refused submit (only without the script) on every page: what was fixed
              on this page can be submitted from here.
            */}
            <button
              type="submit"
              class="btn pri submit"
              name={metaNames.action}
              value="submit"
              hidden={at !== of - 1 && !input.checked}
            >
              提交
            </button>
            <button type="submit" class="btn nojs" name={metaNames.action} value="save">
              保存并刷新
            </button>
          </div>
        )}
        {staff ? null : <p class="st" id="st" role="status" aria-live="polite" />}
        {form.scoring ? (
          // A <div>: the ★ list inside is block content, which would end a <p> early.
          <div class="score" id="score" aria-live="polite">
            {staff ? (
              <StaffScoreLine form={form} answers={model.answers} />
            ) : (
              <ScoreLine score={scoreAnswers(form, model.answers)} />
            )}
          </div>
        ) : null}
      </form>
      {staff ? null : (
        <script
          type="application/json"
          id={pageDataId}
          dangerouslySetInnerHTML={{ __html: scriptSafeJson(data) }}
        />
      )}
    </>
  );
}

/**
 * Renders a survey page as a complete HTML document: the form (every field type, all
 * sections, conditional fields `hidden`, inline errors and a summary), or the receipt
 * when `receipt` is given. It works without JavaScript as a plain urlencoded post to
 * `/f/{token}`; the page script (same rules, same modules) adds sections as pages,
 * live logic, drafts and uploads. All text is escaped by hono/jsx; the embedded form
 * data is script-safe JSON.
 */
export function renderSurveyPage(input: SurveyPageInput): string {
  const { form, org, staff } = input;
  const built = buildRenderModel(form, input.answers, input.errors);
  const model: FieldModel = staff ? { ...built, staff: { compare: staff.compare } } : built;
  return renderDocument({
    title: `${form.title} · ${org.name}`,
    assets: input.assets,
    script: !input.receipt && !staff,
    bodyClass: form.scoring ? 'scored' : undefined,
    children: (
      <>
        <header class="hd">
          {staff ? (
            <p class="org">
              <a href={staff.backHref}>‹ 返回工作台</a> · {org.name}
            </p>
          ) : (
            <p class="org">{org.name}</p>
          )}
          <h1>{form.title}</h1>
          {form.definition.description ? (
            <details>
              <summary>填表说明</summary>
              <p>{form.definition.description}</p>
            </details>
          ) : null}
        </header>
        <main>
          {/* Outside the form, so it stays when the script swaps the form for the receipt. */}
          {input.certificate && !staff ? (
            <CertificateLink token={input.token} certificate={input.certificate} />
          ) : null}
          {input.receipt ? (
            <ReceiptView receipt={input.receipt} token={input.token} />
          ) : (
            <SurveyForm input={input} model={model} />
          )}
        </main>
      </>
    ),
  });
}
