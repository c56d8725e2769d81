import type { Child, FC } from 'hono/jsx';
import type { CompiledField } from '../../../../shared/forms/compiled-form';
import { type AnyField, attachmentTypes } from '../../../../shared/forms/field-schema';
import { controlText, filesOf, formatCalculated, formatSize } from './field-format';
import { type FieldPath, inputId, inputName } from './field-names';
import { isRequired } from './render-model';
import { Compare, type FieldModel } from './staff-mode';

interface FieldProps {
  model: FieldModel;
  field: CompiledField;
  path: FieldPath;
  value: unknown;
}

const describedBy = (id: string, help: boolean, error: boolean): string | undefined =>
  [help ? `h-${id}` : '', error ? `e-${id}` : ''].filter(Boolean).join(' ') || undefined;

/** The “*” shown while a field is required; the script toggles it as `requiredIf` changes. */
const RequiredMark: FC<{ field: AnyField; on: boolean }> = ({ field, on }) =>
  field.required || field.requiredIf ? (
    <span class="rq" hidden={!on}>
      *
    </span>
  ) : null;

const Help: FC<{ field: AnyField; id: string }> = ({ field, id }) =>
  field.help ? (
    <p class="hp" id={`h-${id}`}>
      {field.help}
    </p>
  ) : null;

const Errors: FC<{ id: string; messages: string[] | undefined }> = ({ id, messages }) =>
  messages && messages.length > 0 ? (
    <p class="er" id={`e-${id}`}>
      {messages.join('；')}
    </p>
  ) : null;

const Unit: FC<{ unit: string | undefined; children: Child }> = ({ unit, children }) =>
  unit ? (
    <span class="in">
      {children}
      <span class="u">{unit}</span>
    </span>
  ) : (
    children
  );

/** Radio buttons or check boxes, each inside its own `<label>`; the group's label is its `<legend>`. */
function Options(props: {
  type: 'radio' | 'checkbox';
  path: FieldPath;
  options: readonly { value: string; label: string }[];
  checked: (value: string) => boolean;
  invalid: boolean;
}) {
  const name = inputName(props.path);
  const id = inputId(props.path);
  return (
    <div class="os">
      {props.options.map((option, i) => (
        // Each option's label wraps its input; the first carries the field's id for error links.
        <label class="o">
          <input
            type={props.type}
            id={i === 0 ? id : undefined}
            name={name}
            value={option.value}
            checked={props.checked(option.value)}
            aria-invalid={props.invalid ? 'true' : undefined}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}

const yesNoOptions = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];

/** The control of a field that has a single `<label for>` (text-like and calculated fields). */
function SingleControl({ model, field, path, value }: FieldProps) {
  const f = field.field;
  const id = inputId(path);
  const errors = model.errors.get(path.join('.'));
  const common = {
    id,
    name: inputName(path),
    'aria-describedby': describedBy(id, Boolean(f.help), Boolean(errors)),
    'aria-invalid': errors ? 'true' : undefined,
  };
  switch (f.type) {
    case 'textarea':
      return (
        <textarea {...common} rows={4} maxlength={f.maxLength}>
          {controlText(value)}
        </textarea>
      );
    case 'integer':
    case 'decimal':
      return (
        <Unit unit={f.unit}>
          <input
            {...common}
            type="text"
            inputmode={f.type === 'integer' ? 'numeric' : 'decimal'}
            autocomplete="off"
            value={controlText(value)}
          />
        </Unit>
      );
    case 'date':
      return <input {...common} type="date" min={f.min} max={f.max} value={controlText(value)} />;
    case 'mobile':
      return (
        <input
          {...common}
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          maxlength={13}
          value={controlText(value)}
        />
      );
    case 'calculated':
      return (
        <Unit unit={undefined}>
          <output id={id} class="calc" aria-live="polite">
            {formatCalculated(f, model.state.values[field.key])}
          </output>
        </Unit>
      );
    default:
      return (
        <input
          {...common}
          type="text"
          maxlength={f.type === 'text' ? f.maxLength : undefined}
          value={controlText(value)}
        />
      );
  }
}

/**
 * Uploaded files (kept as JSON in a hidden input, each with the delete button the script
 * drives) and the picker: a large labelled button over the browser's own file input, so
 * the page never shows “Choose Files”. Drawn as the script leaves it; nojs.css hides the
 * script-only parts and shows the no-JS note instead.
 */
function Attachment({ model, field, path, value }: FieldProps) {
  const f = field.field;
  if (f.type !== 'attachment') return null;
  // Uploads go through a village link; the staff-side page keeps paper copies instead.
  if (model.staff) return <p class="note">评估表暂不能上传附件，请留存纸质材料</p>;
  const id = inputId(path);
  const files = filesOf(value);
  return (
    <>
      <input type="hidden" name={inputName(path)} value={files.length > 0 ? JSON.stringify(files) : ''} />
      <ul class="files">
        {files.map((file) => (
          <li>
            <span>
              {file.name}（{formatSize(file.size)}）
            </span>
            <button type="button" class="js" data-blob={file.blobId}>
              删除
            </button>
          </li>
        ))}
      </ul>
      <label class="btn up js">
        <input
          type="file"
          id={id}
          accept={(f.accept ?? attachmentTypes).join(',')}
          multiple={(f.maxFiles ?? 5) > 1}
          aria-describedby={describedBy(id, Boolean(f.help), model.errors.has(path.join('.')))}
        />
        ＋ 上传照片或文件
      </label>
      <p class="nojs note">
        上传附件需要启用 JavaScript（请换用微信或手机浏览器打开）；其余内容可以照常提交。
      </p>
    </>
  );
}

/** One row of a repeat group: its fields with `leaders[i][key]` names. */
function Row({ model, field, index }: { model: FieldModel; field: CompiledField; index: number }) {
  const f = field.field;
  const rows = Array.isArray(model.answers[field.key]) ? (model.answers[field.key] as unknown[]) : [];
  const row = rows[index];
  const label = f.type === 'repeat' ? (f.rowLabel ?? '第') : '';
  return (
    <div class="row">
      <p class="rh">
        <span>
          {label} {index + 1}
        </span>
        <button type="button" class="del js" hidden={Boolean(model.staff)}>
          删除
        </button>
      </p>
      {field.children.map((child) => {
        const value =
          typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[child.key] : undefined;
        return <FieldView model={model} field={child} path={[field.key, index, child.key]} value={value} />;
      })}
    </div>
  );
}

/** A repeat group: shown rows, and the script's add/remove buttons (not on the script-less staff page). */
function Repeat({ model, field }: FieldProps) {
  const f = field.field;
  if (f.type !== 'repeat') return null;
  const count = model.rows.get(field.key) ?? 0;
  return (
    <>
      <div class="rows" id={inputId([field.key])} tabindex={-1}>
        {Array.from({ length: count }, (_, i) => (
          <Row model={model} field={field} index={i} />
        ))}
      </div>
      <button
        type="button"
        class="add js"
        hidden={Boolean(model.staff) || count >= (f.maxRows || Number.POSITIVE_INFINITY)}
        data-max={f.maxRows}
        data-min={f.minRows}
      >
        ＋ 添加{f.rowLabel ?? '一行'}
      </button>
    </>
  );
}

const groupTypes = new Set(['single', 'multiple', 'yesNo', 'repeat']);

/**
 * One field: label (`<label for>`, or `<legend>` for choice groups and repeat groups),
 * required mark, help, control and inline errors; `hidden` while its `visibleIf` is false.
 */
export function FieldView(props: FieldProps) {
  const { model, field, path, value } = props;
  const f = field.field;
  const key = path.join('.');
  const id = inputId(path);
  const visit = model.visits.get(key);
  const shown = path.length === 1 ? model.state.visible.has(field.key) : visit !== undefined;
  const errors = model.errors.get(key);
  const required = isRequired(visit, field);
  const cls = `q t-${f.type}${errors ? ' bad' : ''}`;
  if (groupTypes.has(f.type)) {
    const control =
      f.type === 'repeat' ? (
        <Repeat {...props} />
      ) : f.type === 'multiple' ? (
        <Options
          type="checkbox"
          path={path}
          options={f.options}
          invalid={Boolean(errors)}
          checked={(v) => Array.isArray(value) && value.includes(v)}
        />
      ) : f.type === 'single' ? (
        <Options
          type="radio"
          path={path}
          options={f.options}
          invalid={Boolean(errors)}
          checked={(v) => value === v}
        />
      ) : (
        <Options
          type="radio"
          path={path}
          options={yesNoOptions}
          invalid={Boolean(errors)}
          checked={(v) => (v === 'yes' ? value === true : value === false)}
        />
      );
    return (
      <fieldset
        class={cls}
        id={`w-${id}`}
        hidden={!shown}
        aria-describedby={describedBy(id, Boolean(f.help), Boolean(errors))}
      >
        <legend>
          {f.label}
          <RequiredMark field={f} on={required} />
        </legend>
        <Help field={f} id={id} />
        <Compare model={model} path={path} />
        <Errors id={id} messages={errors} />
        {control}
      </fieldset>
    );
  }
  return (
    <div class={cls} id={`w-${id}`} hidden={!shown}>
      <label for={id}>
        {f.label}
        <RequiredMark field={f} on={required} />
      </label>
      <Help field={f} id={id} />
      <Compare model={model} path={path} />
      <Errors id={id} messages={errors} />
      {f.type === 'attachment' ? <Attachment {...props} /> : <SingleControl {...props} />}
    </div>
  );
}
