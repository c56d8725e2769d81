import type { VillageStatusView } from '../../../../shared/app/villages/status-service';
import type { CompiledForm } from '../../../../shared/forms/compiled-form';
import { computeFormState } from '../../../../shared/forms/form-runtime';
import { scoreAnswers } from '../../../../shared/forms/scoring';
import { chinaIsoDate, formatChinaTime } from '../../../../shared/lib/china-time';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import { formatPoints } from '../../../../shared/programme/village-flags';
import type { Evaluation } from '../../../../shared/submissions/evaluation';
import type { Submission } from '../../../../shared/submissions/submission';
import type { FieldIssue } from '../../../../shared/validation';
import { filesOf } from '../survey/field-format';
import { renderSurveyPage } from '../survey/survey-page';
import { surveyAssets } from '../survey-assets';
import { AnswersView, answerText, ScoreLine } from './answers-view';
import { Trail, unitHref } from './area';
import { type ConsoleViewer, type Flash, renderConsole } from './shell';
import { conclusionText, StageTag } from './status';

/**
 * The village's self-evaluation that counts now: its latest one not returned by the
 * township (the same rule as the status fold), if any.
 */
export function countedSelfEvaluation(submissions: readonly Submission[]): Submission | undefined {
  let latest: Submission | undefined;
  for (const s of submissions) {
    if (s.formId !== 'self-evaluation' || s.review?.state === 'returned') continue;
    if (!latest || latest.receivedAt < s.receivedAt) latest = s;
  }
  return latest;
}

/**
 * What the village answered, per top-level field, as a line to show beside the same
 * field of the acceptance form: `村自评：是 / 4 分` (the points only for scored fields;
 * unanswered scored fields say 未填).
 */
export function comparisonLines(form: CompiledForm, answers: Record<string, unknown>): Map<string, string> {
  const values = computeFormState(form, answers).values;
  const scored = new Map(scoreAnswers(form, answers).lines.map((l) => [l.key, l.points]));
  const lines = new Map<string, string>();
  for (const field of form.order) {
    const f = field.field;
    if (f.type === 'repeat') continue;
    const value = values[field.key];
    const pts = scored.get(field.key);
    if (value === undefined && pts === undefined) continue;
    const shown =
      value === undefined
        ? '未填'
        : f.type === 'attachment'
          ? `已上传 ${filesOf(value).length} 个附件`
          : answerText(f, value);
    lines.set(field.key, `村自评：${shown}${pts === undefined ? '' : ` / ${formatPoints(pts)} 分`}`);
  }
  return lines;
}

/** The staff-side evaluation form: the village, the form, what to show, and the self-evaluation to compare with. */
export interface EvaluationFormProps {
  unit: OrgUnit;
  form: CompiledForm;
  answers: Record<string, unknown>;
  errors?: readonly FieldIssue[];
  idempotencyKey: string;
  csrf: string;
  /** The counted self-evaluation and the form version it was filled against. */
  self?: { submission: Submission; form: CompiledForm } | undefined;
  /** A one-line message at the top (e.g. that the page was refreshed, nothing stored). */
  notice?: string;
}

function staffNotice(props: EvaluationFormProps): string {
  const who = '本表由乡镇工作人员在工作台填写（不是村（居）填报链接），日期可以早于今天（补录纸质表）。';
  const plain = '本页不使用脚本：部分问题会根据回答出现，改动后可点底部的“按回答刷新（不提交）”。';
  if (props.form.id !== 'acceptance') return `${who}${plain}`;
  const self = props.self?.submission;
  const compared = self
    ? `各项下方的“村自评”是该村 ${formatChinaTime(self.receivedAt)} 提交的自评${self.score ? `（${formatPoints(self.score.total)} 分）` : ''}，供对照；只有乡镇评分计入规范化建设率。`
    : '该村还没有有效的自评表（未提交或已退回），无法对照。';
  return `${who}${compared}${plain}`;
}

/** 评估验收 / 回头看 as staff fill it: the survey renderer in its staff mode, posting to the console. */
export function renderEvaluationForm(props: EvaluationFormProps): string {
  const { unit, form } = props;
  const village = `/console/villages/${unit.code}`;
  return renderSurveyPage({
    token: '',
    org: { code: unit.code, name: unit.name },
    form,
    answers: props.answers,
    ...(props.errors ? { errors: props.errors } : {}),
    idempotencyKey: props.idempotencyKey,
    assets: surveyAssets,
    ...(props.notice ? { notice: props.notice } : {}),
    staff: {
      action: `${village}/evaluate/${form.id}`,
      hidden: { _csrf: props.csrf },
      ...(props.self && form.id === 'acceptance'
        ? { compare: comparisonLines(props.self.form, props.self.submission.answers) }
        : {}),
      notice: staffNotice(props),
      backHref: village,
    },
  });
}

/** One recorded evaluation and where it left the village. */
export interface EvaluationResultView {
  unit: OrgUnit;
  trail: OrgUnit[];
  evaluation: Evaluation;
  /** The form version it was filled against. */
  form: CompiledForm;
  status: VillageStatusView;
}

/** The result of an acceptance or look-back: score, grade, vetoes or the conclusion; who recorded it; the answers. */
export function renderEvaluationResult(
  view: EvaluationResultView,
  viewer: ConsoleViewer,
  flash?: Flash,
): string {
  const { unit, evaluation: e, form } = view;
  const township = view.trail.at(-1);
  const late = chinaIsoDate(e.recordedAt) !== e.effectiveDate;
  return renderConsole({
    title: `${unit.name} · ${form.title}`,
    viewer,
    section: 'area',
    flash,
    children: (
      <>
        <Trail trail={[...view.trail, unit]} here={{ ...unit, name: form.title }} />
        <h1>
          {unit.name} · {form.title}
        </h1>
        <div class="card" data-testid="evaluation-result">
          <dl class="answers">
            <dt>{e.formId === 'lookback' ? '回头看日期' : '评估日期'}</dt>
            <dd>{e.effectiveDate}</dd>
            {e.conclusion ? (
              <>
                <dt>结论</dt>
                <dd data-testid="conclusion">{conclusionText(e.conclusion, e.rectifyBy)}</dd>
              </>
            ) : null}
            <dt>记录</dt>
            <dd>
              {e.by} · {formatChinaTime(e.recordedAt)}
              {late ? '（补录）' : ''} · 表单第 {e.formVersion} 版
            </dd>
          </dl>
          {e.score ? <ScoreLine score={e.score} /> : null}
          <p>
            该村当前状态：
            <StageTag stage={view.status.stage} />
          </p>
          <p>
            <a class="button" href={`/console/villages/${unit.code}`}>
              返回{unit.name}
            </a>
            {township ? (
              <a class="button secondary" href={unitHref(township)}>
                返回{township.name}
              </a>
            ) : null}
          </p>
        </div>
        <div class="card">
          <AnswersView form={form} answers={e.answers} fileHref={() => '#'} />
        </div>
      </>
    ),
  });
}
