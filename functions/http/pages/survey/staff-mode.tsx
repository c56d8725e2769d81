import type { FC } from 'hono/jsx';
import { type FieldPath, metaNames } from './field-names';
import type { RenderModel } from './render-model';

/**
 * The survey renderer's staff mode (the console's 评估验收 and 回头看): the same form,
 * filled by township staff instead of through a village link, as plain HTML posts (no
 * page script, no drafts, no uploads) to the console with its own hidden fields (the CSRF
 * token), with the village's own answers beside the fields for comparison. Opt-in: a page
 * rendered without `staff` is the village page, unchanged.
 */
export interface StaffMode {
  /** Where the form posts. */
  action: string;
  /** Extra hidden fields, e.g. `_csrf`. */
  hidden: Readonly<Record<string, string>>;
  /** Field key → a comparison line under the field (e.g. 村自评：是 / 4 分). */
  compare?: ReadonlyMap<string, string>;
  /** Shown where the village page says JavaScript is off: what this page is and how it works. */
  notice: string;
  /** Back to the console. */
  backHref: string;
}

/**
 * What the staff-side page (the console's 评估验收 / 回头看) adds to the fields: the
 * village's own answer beside each field it answered, and no uploads.
 */
export interface StaffFields {
  /** Field key → a comparison line shown under the field's label (e.g. 村自评：是 / 4 分). */
  compare?: ReadonlyMap<string, string> | undefined;
}

/** The render model, plus the staff-side additions when the page is rendered for staff. */
export type FieldModel = RenderModel & { staff?: StaffFields };

/** The staff-side comparison line of a top-level field, if any. */
export const Compare: FC<{ model: FieldModel; path: FieldPath }> = ({ model, path }) => {
  const text = path.length === 1 ? model.staff?.compare?.get(String(path[0])) : undefined;
  return text ? <p class="cmp">{text}</p> : null;
};

/** The staff-side form's own lines: their notice instead of the village's drafts and hints. */
export function StaffNotes({ staff }: { staff: StaffMode }) {
  return (
    <>
      {Object.entries(staff.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <p class="sd">
        带 <span class="rq">*</span> 的为必填项。
      </p>
      <p class="note">{staff.notice}</p>
    </>
  );
}

/** The staff-side buttons: submit, or show the page again with conditional questions updated. */
export const StaffNav = () => (
  <div class="nav">
    <button type="submit" class="btn pri submit" name={metaNames.action} value="submit">
      提交
    </button>
    <button type="submit" class="btn" name={metaNames.action} value="save">
      按回答刷新（不提交）
    </button>
  </div>
);
