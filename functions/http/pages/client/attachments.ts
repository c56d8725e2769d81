import type { CompiledForm } from '../../../../shared/forms/compiled-form';
import { type FileRef, filesOf, formatSize } from '../survey/field-format';
import { inputName } from '../survey/field-names';
import { callJson, errorOf, pause } from './api';
import { all, browser, type El, h, type PickedFile } from './dom';

interface UploadTicket {
  blobId: string;
  upload: { method: string; url: string; headers: Record<string, string> };
}

function asTicket(body: unknown): UploadTicket | null {
  const t = (body || {}) as Partial<UploadTicket>;
  if (typeof t.blobId !== 'string' || !t.upload || typeof t.upload.url !== 'string') return null;
  return {
    blobId: t.blobId,
    upload: { method: t.upload.method || 'PUT', url: t.upload.url, headers: t.upload.headers || {} },
  };
}

/** The path of an attachment field from its file picker's id (`f-evidence` → `['evidence']`). */
const pathOf = (picker: El): string[] => picker.id.slice(2).split('-');

/** The hidden input holding an attachment field's files as JSON (what the form posts). */
const hiddenOf = (form: El, picker: El) =>
  form.querySelector(`input[type=hidden][name="${inputName(pathOf(picker))}"]`);

function filesIn(hidden: El): FileRef[] {
  try {
    return filesOf(JSON.parse(hidden.value || '[]'));
  } catch {
    return [];
  }
}

/** Redraws the file list of an attachment field from its hidden input, with delete buttons. */
function drawFiles(form: El, picker: El): void {
  const hidden = hiddenOf(form, picker);
  const list = picker.closest('.q')?.querySelector('.files');
  if (!hidden || !list) return;
  list.textContent = '';
  for (const file of filesIn(hidden)) {
    const del = h('button', { type: 'button', class: 'js', 'data-blob': file.blobId }, '删除');
    list.append(h('li', null, h('span', null, `${file.name}（${formatSize(file.size)}）`), del));
  }
}

function writeFiles(form: El, picker: El, files: FileRef[]): void {
  const hidden = hiddenOf(form, picker);
  if (hidden) hidden.value = files.length > 0 ? JSON.stringify(files) : '';
  drawFiles(form, picker);
}

/** Removes one uploaded file from its field (the blob is left to the server's clean-up). */
export function removeFile(form: El, button: El): void {
  const wrapper = button.closest('.q');
  const picker = wrapper?.querySelector('input[type=file]');
  const hidden = picker && hiddenOf(form, picker);
  if (!picker || !hidden) return;
  writeFiles(
    form,
    picker,
    filesIn(hidden).filter((f) => f.blobId !== button.getAttribute('data-blob')),
  );
}

/**
 * PUTs a file to its upload URL, retrying when there is no response or a 5xx. Uploads are
 * create-only: on a retry, 409 (this site) or 412 (S3) means an earlier attempt stored
 * the file and only its answer was lost (the blob id is this ticket's own, and the
 * server checks size, type and content again on submit).
 */
async function putFile(ticket: UploadTicket, file: PickedFile): Promise<boolean> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await browser.fetch(ticket.upload.url, { ...ticket.upload, body: file });
      if (attempt > 1 && (res.status === 409 || res.status === 412)) return true;
      if (res.ok || res.status < 500) return res.ok;
    } catch {
      // No response: try again after a pause.
    }
    await pause(1500 * attempt);
  }
  return false;
}

/**
 * Uploads the files just picked for an attachment field, one by one: asks the fill
 * API for an upload ticket, PUTs the file to its URL, then records
 * `{blobId, name, type, size}` in the field's hidden input. Type, size and count are
 * checked first against the field's own limits.
 */
export async function uploadPicked(
  form: El,
  compiled: CompiledForm,
  picker: El,
  api: string,
  say: (text: string) => void,
): Promise<void> {
  const path = pathOf(picker);
  const key = String(path[path.length - 1]);
  const field = compiled.fields.get(key)?.field;
  const hidden = hiddenOf(form, picker);
  if (field?.type !== 'attachment' || !hidden) return;
  const maxMb = field.maxSizeMb || 10;
  const maxFiles = field.maxFiles || 5;
  const picked: PickedFile[] = Array.prototype.slice.call(picker.files || []);
  picker.value = '';
  for (const file of picked) {
    const { name, type, size } = file;
    if (filesIn(hidden).length >= maxFiles) return say(`最多上传 ${maxFiles} 个文件`);
    if (picker.accept.split(',').indexOf(type) < 0) say(`“${name}”的类型不支持，请上传照片或 PDF`);
    else if (size > maxMb * 1048576) say(`“${name}”超过 ${maxMb} MB，请压缩后再传`);
    else {
      say(`正在上传“${name}”…`);
      const res = await callJson(`${api}/attachments`, 'POST', { fieldKey: key, name, type, size });
      const ticket = res.ok ? asTicket(res.body) : null;
      if (ticket && (await putFile(ticket, file))) {
        writeFiles(form, picker, [...filesIn(hidden), { blobId: ticket.blobId, name, type, size }]);
        say(`“${name}”已上传`);
        hidden.dispatchEvent(new browser.Event('change', { bubbles: true }));
      } else {
        const error = errorOf(res.body);
        say(`“${name}”上传失败：${error ? error.message : '网络不稳定，请稍后重试'}`);
      }
    }
  }
}

/** Draws every attachment field's list (with delete buttons) once the script runs. */
export function drawAllFiles(form: El): void {
  for (const picker of all(form, 'input[type=file]')) drawFiles(form, picker);
}
