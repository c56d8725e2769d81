import { parseRowName, pathOfId } from '../survey/field-names';
import { pageDataId, type SurveyPageData } from '../survey/page-data';
import { openItemsNotice } from '../survey/render-model';
import { drawAllFiles, removeFile, uploadPicked } from './attachments';
import { hydrateForm } from './compile-form';
import { addRow, fillControls, removeRow } from './controls';
import { all, browser, byId, type El, show } from './dom';
import {
  chooseDraft,
  clearLocalDraft,
  createDraftSync,
  readLocalDraft,
  recallSection,
  rememberSection,
  restoredText,
} from './drafts';
import { asReceipt, receiptElement } from './receipt-view';
import { createSections } from './sections';
import { submitAnswers } from './submit';
import { adoptServerErrors, pagePath, render, type Snapshot, takeSnapshot, type ViewContext } from './view';

/** The dotted path of the field a control belongs to (`leaders.0.leaderName`). */
function pathOfControl(target: El | null): string | null {
  if (!target?.name) return target && target.type === 'file' ? pathOfId(target.id) : null;
  const row = parseRowName(target.name);
  return row ? `${row.group}.${row.row}.${row.child}` : target.name || null;
}

const first = <T>(items: Iterable<T>): T | undefined => {
  for (const item of items) return item;
  return undefined;
};

/**
 * Starts the survey page script. Everything that can fail (reading the embedded
 * data, rebuilding the form, reading drafts) runs before the page is changed, so a
 * failure leaves the plain no-JS form intact.
 */
export function start(): void {
  const dataEl = byId(pageDataId);
  const found = byId('survey');
  if (!dataEl || !found) return;
  const el: El = found;
  const { document, window } = browser;
  const data = JSON.parse(dataEl.textContent || '') as SurveyPageData;
  const form = hydrateForm(data.definition, data.logic);
  const { token } = data;
  const api = `/api/v1/fill/${encodeURIComponent(token)}`;
  const ctx: ViewContext = {
    form,
    el,
    touched: new Set(),
    revealed: new Set(),
    serverErrors: new Map(),
    summaryOn: false,
  };
  const local = chooseDraft(readLocalDraft(token), data.savedAt, data.formVersion, takeSnapshot(ctx).answers);

  // From here on the page changes: sections become pages, script-only controls appear.
  document.documentElement.className += ' js';
  for (const node of all(document, '.js')) node.hidden = false;
  adoptServerErrors(ctx);
  const status = byId('st');
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  const drafts = createDraftSync({ api, token, formVersion: data.formVersion, status: say });
  if (local) {
    fillControls(el, form, local.answers);
    const note = byId('restored');
    if (note) note.textContent = restoredText(local);
    show(note, true);
    drafts.changed(local.answers);
  }
  drawAllFiles(el);

  const sectionOf = (path: string) => {
    const field = form.fields.get(String(path.split('.')[0]));
    return Math.max(
      0,
      form.sections.findIndex((s) => field && s.key === field.sectionKey),
    );
  };
  const firstError = first(ctx.serverErrors.keys());
  const hiddenSection = el.querySelector('input[name="section"]');
  // Where to start: the first error of a re-rendered post, else where this phone left off.
  const initial = firstError ? sectionOf(firstError) : Number(hiddenSection?.value) || recallSection(token);
  const sections = createSections(form, el, initial, (index) => rememberSection(token, index));
  let snap: Snapshot = takeSnapshot(ctx);
  const warned = new Set<string>();
  let busy = false;

  function update(changed?: boolean): void {
    snap = takeSnapshot(ctx);
    render(ctx, snap);
    sections.refresh();
    if (changed) drafts.changed(snap.answers);
  }

  function touch(path: string | null): void {
    if (!path) return;
    const group = String(path.split('.')[0]);
    ctx.touched.add(path).add(group);
    ctx.serverErrors.delete(path);
    ctx.serverErrors.delete(group);
  }

  function focusPath(path: string): void {
    sections.goTo(sectionOf(path));
    const target = byId(`f-${path.split('.').join('-')}`);
    if (target) {
      target.focus();
      target.scrollIntoView(false);
    }
  }

  function next(): void {
    const key = sections.key();
    ctx.revealed.add(key);
    update();
    const open = [...snap.issues.keys()].filter(
      (p) => form.fields.get(String(p.split('.')[0]))?.sectionKey === key,
    );
    if (open[0] && !warned.has(key)) {
      warned.add(key);
      say(openItemsNotice(open.length));
      focusPath(open[0]);
      return;
    }
    say('');
    sections.step(1);
  }

  async function submit(): Promise<void> {
    if (busy) return;
    ctx.serverErrors.clear();
    ctx.summaryOn = true;
    for (const section of form.sections) ctx.revealed.add(section.key);
    update();
    const problem = first(snap.issues.keys());
    if (problem) {
      say(`还有 ${snap.issues.size} 处需要修改，请按页面顶部的提示修改`);
      sections.goTo(sectionOf(problem));
      byId('sum')?.focus();
      return;
    }
    busy = true;
    const button = el.querySelector('.submit');
    if (button) button.disabled = true;
    say('正在提交…');
    const sent = snap;
    const outcome = await submitAnswers(`${api}/submissions`, sent.answers, (n) =>
      say(`网络不稳定，正在重试…（第 ${n} 次）请不要关闭页面`),
    );
    busy = false;
    if (button) button.disabled = false;
    if (outcome.kind === 'stored') {
      drafts.stop();
      clearLocalDraft(token);
      const receipt = asReceipt(outcome.body);
      if (!receipt) return say('已提交成功');
      const view = receiptElement(receipt, token);
      el.replaceWith(view);
      window.scrollTo(0, 0);
      view.focus();
    } else if (outcome.kind === 'refused') say(outcome.message);
    else {
      for (const issue of outcome.details)
        ctx.serverErrors.set(pagePath(issue.field, sent.rowSources), issue.message);
      update();
      say(`提交未成功：有 ${outcome.details.length} 处需要修改`);
      const at = first(ctx.serverErrors.keys());
      if (at) sections.goTo(sectionOf(at));
      byId('sum')?.focus();
    }
  }

  el.addEventListener('input', (event) => {
    const path = pathOfControl(event.target);
    if (path) ctx.serverErrors.delete(path);
    update(true);
  });
  el.addEventListener('change', (event) => {
    const target = event.target;
    if (target && target.type === 'file') {
      void uploadPicked(el, form, target, api, say);
      return;
    }
    touch(pathOfControl(target));
    update(true);
  });
  el.addEventListener('focusout', (event) => {
    const path = pathOfControl(event.target);
    if (path && !ctx.touched.has(path)) {
      touch(path);
      update();
    }
  });
  el.addEventListener('click', (event) => {
    const target = event.target;
    const link = target?.closest('#sum a');
    const button = target?.closest('button');
    if (link) {
      event.preventDefault();
      focusPath(pathOfId(String(link.getAttribute('href')).slice(1)) || '');
    }
    if (!button) return;
    const kind = button.className;
    // “下一部分”/“上一部分” post to the server only when this script is not running.
    if (/\b(next|prev)\b/.test(kind)) {
      event.preventDefault();
      if (/\bprev\b/.test(kind)) {
        say('');
        sections.step(-1);
      } else if (sections.isLast()) void submit();
      else next();
      return;
    }
    if (button.type === 'submit') return;
    const repeat = button.closest('.t-repeat');
    const group = repeat ? repeat.id.slice(4) : '';
    if (/\badd\b/.test(kind)) addRow(el, group);
    else if (/\bdel\b/.test(kind)) {
      removeRow(el, group, button.closest('.row'));
      for (const path of [...ctx.touched]) if (path.indexOf(`${group}.`) === 0) ctx.touched.delete(path);
    } else if (button.hasAttribute('data-blob')) removeFile(el, button);
    update(true);
  });
  el.addEventListener('submit', (event) => {
    event.preventDefault();
    // Enter in a text box submits a form: on any but the last section it means “next”.
    if (sections.isLast()) void submit();
    else next();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') drafts.flush();
  });
  window.addEventListener('pagehide', drafts.flush);

  update();
  if (firstError) byId('sum')?.focus();
}
