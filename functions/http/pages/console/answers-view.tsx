import type { CompiledField, CompiledForm } from '../../../../shared/forms/compiled-form';
import type { AnyField } from '../../../../shared/forms/field-schema';
import type { ScoreSummary } from '../../../../shared/submissions/submission';
import { filesOf, formatCalculated, formatSize } from '../survey/field-format';

/**
 * A plain answer as text for people: option labels, 是/否, calculated values with their
 * unit or percent; anything else as typed. (Files and repeat rows need markup: `AnswerValue`.)
 */
export function answerText(field: AnyField, value: unknown): string {
  switch (field.type) {
    case 'single':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case 'multiple':
      return (Array.isArray(value) ? value : [])
        .map((v) => field.options.find((o) => o.value === v)?.label ?? String(v))
        .join('；');
    case 'yesNo':
      return value === true ? '是' : value === false ? '否' : '';
    case 'calculated':
      return formatCalculated(field, value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** An answer as people read it: `answerText`, files as download links, repeat rows as lists. */
function AnswerValue(props: { field: CompiledField; value: unknown; fileHref: (blobId: string) => string }) {
  const { field } = props.field;
  const value = props.value;
  switch (field.type) {
    case 'attachment':
      return (
        <ul>
          {filesOf(value).map((f) => (
            <li>
              <a href={props.fileHref(f.blobId)}>{f.name}</a> <span class="muted">{formatSize(f.size)}</span>
            </li>
          ))}
        </ul>
      );
    case 'repeat':
      return (
        <ol>
          {(Array.isArray(value) ? (value as Record<string, unknown>[]) : []).map((row) => (
            <li>
              <dl class="answers">
                {props.field.children
                  .filter((c) => row[c.key] !== undefined)
                  .map((c) => (
                    <>
                      <dt>{c.field.label}</dt>
                      <dd>
                        <AnswerValue field={c} value={row[c.key]} fileHref={props.fileHref} />
                      </dd>
                    </>
                  ))}
              </dl>
            </li>
          ))}
        </ol>
      );
    default:
      return <>{answerText(field, value)}</>;
  }
}

/**
 * A score in a table cell: points, grade, and the ★ items failed, which decide the grade
 * whatever the points (97 分 · 不达标（★未达到 1 项）).
 */
export function scoreBrief(score: ScoreSummary): string {
  const grade = score.grade ? ` · ${score.grade.label}` : '';
  const vetoes = score.failedVetoes.length > 0 ? `（★未达到 ${score.failedVetoes.length} 项）` : '';
  return `${score.total} 分${grade}${vetoes}`;
}

/** Grades that already say whether the village is 达标: no second tag saying it again. */
const verdictGrades = ['达标', '不达标'];

/** The score of a scored submission: total, grade, the vetoes it failed. */
export const ScoreLine = (props: { score: ScoreSummary }) => (
  <p>
    得分 <strong>{props.score.total}</strong> / {props.score.maxTotal}
    {props.score.grade && !verdictGrades.includes(props.score.grade.label) ? (
      <> · {props.score.grade.label}</>
    ) : null}
    {' · '}
    <span class={props.score.standardized ? 'tag ok' : 'tag bad'}>
      {verdictGrades.includes(props.score.grade?.label ?? '')
        ? props.score.grade?.label
        : props.score.standardized
          ? '达标'
          : '未达标'}
    </span>
    {props.score.failedVetoes.length > 0 ? (
      <>
        <br />
        未通过的否决项（★）：
        <ul>
          {props.score.failedVetoes.map((v) => (
            <li>{v.label}</li>
          ))}
        </ul>
      </>
    ) : null}
  </p>
);

/**
 * A submission read-only, as the form defines it: section titles and field labels, not
 * keys; answers as people read them. Unanswered (or hidden) fields are left out.
 */
export function AnswersView(props: {
  form: CompiledForm;
  answers: Record<string, unknown>;
  fileHref: (blobId: string) => string;
}) {
  return (
    <>
      {props.form.sections.map((section) => {
        const answered = section.fields.filter((f) => props.answers[f.key] !== undefined);
        if (answered.length === 0) return null;
        return (
          <section>
            <h2>{section.section.title}</h2>
            <dl class="answers">
              {answered.map((f) => (
                <>
                  <dt>{f.field.label}</dt>
                  <dd>
                    <AnswerValue field={f} value={props.answers[f.key]} fileHref={props.fileHref} />
                  </dd>
                </>
              ))}
            </dl>
          </section>
        );
      })}
    </>
  );
}
