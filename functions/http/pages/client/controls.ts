import type { CompiledField, CompiledForm } from '../../../../shared/forms/compiled-form';
import { controlText, filesOf } from '../survey/field-format';
import { type FieldPath, inputId, inputName } from '../survey/field-names';
import { shownRows } from '../survey/render-model';
import { all, type El } from './dom';

/** The form's controls as a post body (what a no-JS submit would send), files excluded. */
export function readBody(form: El): Record<string, string[]> {
  const body: Record<string, string[]> = {};
  for (const el of all(form, 'input[name],textarea[name]')) {
    if (el.type === 'file' || ((el.type === 'radio' || el.type === 'checkbox') && !el.checked)) continue;
    const list = body[el.name] ?? [];
    list.push(el.value);
    body[el.name] = list;
  }
  return body;
}

const named = (form: El, path: FieldPath) => all(form, `[name="${inputName(path)}"]`);

/** Sets one control to an answer value (as the server would have rendered it). */
export function setControl(form: El, field: CompiledField, path: FieldPath, value: unknown): void {
  const f = field.field;
  const controls = named(form, path);
  if (f.type === 'single' || f.type === 'yesNo' || f.type === 'multiple') {
    for (const input of controls) {
      input.checked =
        f.type === 'multiple'
          ? Array.isArray(value) && value.includes(input.value)
          : f.type === 'yesNo'
            ? (input.value === 'yes' && value === true) || (input.value === 'no' && value === false)
            : input.value === value;
    }
  } else if (f.type === 'attachment') {
    const files = filesOf(value);
    for (const input of controls) input.value = files.length > 0 ? JSON.stringify(files) : '';
  } else {
    for (const input of controls) input.value = controlText(value);
  }
}

/** Row elements of a repeat group. */
export function rowsOf(form: El, group: string): El[] {
  const container = form.querySelector(`#${inputId([group])}`);
  return container ? all(container, ':scope > .row') : [];
}

/** Gives a row its index in every id, name, `for` and `aria-describedby` inside it. */
function renumber(row: El, group: string, index: number): void {
  const idPattern = new RegExp(`(f-${group}-)\\d+(?=-)`, 'g');
  const namePattern = new RegExp(`^${group}\\[\\d+\\]`);
  for (const el of [row, ...all(row, '*')]) {
    for (const attr of ['id', 'for', 'aria-describedby']) {
      const value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replace(idPattern, `$1${index}`));
    }
    const name = el.getAttribute('name');
    if (name) el.setAttribute('name', name.replace(namePattern, `${group}[${index}]`));
  }
  const title = row.querySelector('.rh span');
  if (title?.textContent) title.textContent = title.textContent.replace(/\d+$/, String(index + 1));
}

/** Empties a row's controls and messages. */
function clearRow(row: El): void {
  for (const input of all(row, 'input,textarea')) {
    if (input.type === 'radio' || input.type === 'checkbox') input.checked = false;
    else input.value = '';
    input.removeAttribute('aria-invalid');
  }
  for (const el of all(row, '.er,.files li')) el.remove();
}

/** Appends an empty row (a copy of the first row, cleared and renumbered). */
export function addRow(form: El, group: string): El | null {
  const rows = rowsOf(form, group);
  const first = rows[0];
  if (!first?.parentElement) return null;
  const row = first.cloneNode(true);
  clearRow(row);
  renumber(row, group, rows.length);
  first.parentElement.append(row);
  return row;
}

/** Removes a row (the last remaining row is only emptied) and renumbers the rest. */
export function removeRow(form: El, group: string, row: El | null): void {
  if (!row) return;
  const rows = rowsOf(form, group);
  if (rows.length <= 1) {
    clearRow(row);
    return;
  }
  row.remove();
  rowsOf(form, group).forEach((r, i) => {
    renumber(r, group, i);
  });
}

/** Writes answers into the controls, adding or removing rows of repeat groups to fit. */
export function fillControls(form: El, compiled: CompiledForm, answers: Record<string, unknown>): void {
  for (const field of compiled.order) {
    const value = answers[field.key];
    if (field.field.type === 'calculated') continue;
    if (field.field.type !== 'repeat') {
      setControl(form, field, [field.key], value);
      continue;
    }
    const given = Array.isArray(value) ? value : [];
    const want = shownRows(field, given);
    while (rowsOf(form, field.key).length < want && addRow(form, field.key)) {}
    let rows = rowsOf(form, field.key);
    while (rows.length > want) {
      const last = rows[rows.length - 1];
      if (last) removeRow(form, field.key, last);
      rows = rowsOf(form, field.key);
    }
    rows.forEach((_, i) => {
      const row: unknown = given[i];
      for (const child of field.children) {
        const v =
          typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[child.key] : undefined;
        setControl(form, child, [field.key, i, child.key], v);
      }
    });
  }
}
