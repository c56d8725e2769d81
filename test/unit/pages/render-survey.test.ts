import { describe, expect, it } from 'vitest';
import { renderLinkErrorPage } from '../../../functions/http/pages/survey/link-error-page';
import { pageDataId, type SurveyPageData } from '../../../functions/http/pages/survey/page-data';
import type { PageAssets } from '../../../functions/http/pages/survey/page-shell';
import {
  currentSection,
  stepSection,
  summaryLine,
  turnPage,
} from '../../../functions/http/pages/survey/render-model';
import { renderSurveyPage, type SurveyPageInput } from '../../../functions/http/pages/survey/survey-page';
import { validateAnswers } from '../../../shared/forms/answers';
import { receiptCodeOf } from '../../../shared/submissions/receipt-code';
import { compile, everyType } from './fixture-form';

/** A one-section form around the fields a test gives. */
const minimal = { id: 'mini', version: 1, title: '小表', description: '' };
const oneSection = (fields: unknown[]) => ({ ...minimal, sections: [{ key: 's', title: '一', fields }] });

const assets: PageAssets = {
  scriptUrl: '/assets/survey-abc.js',
  styleUrl: '/assets/survey-def.css',
  scriptIntegrity: 'sha256-AAA=',
  styleIntegrity: 'sha256-BBB=',
  noscriptStyle: { url: '/assets/nojs-ghi.css', integrity: 'sha256-CCC=' },
};

const render = (extra: Partial<SurveyPageInput> = {}) =>
  renderSurveyPage({
    token: 'tok123',
    org: { code: '341022104204', name: '小阜村' },
    form: everyType,
    answers: {},
    idempotencyKey: 'key-12345678',
    assets,
    ...extra,
  });

/** The opening tag of the element with this id. */
function tagOf(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*\\sid="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no element #${id}`);
  return match[0];
}

/** From the opening tag of element `id` to the next closing tag of the same name (no nesting). */
function elementOf(html: string, id: string, tag: string): string {
  const start = html.indexOf(tagOf(html, id));
  return html.slice(start, html.indexOf(`</${tag}>`, start) + tag.length + 3);
}

function pageData(html: string): SurveyPageData {
  const match = new RegExp(`<script type="application/json" id="${pageDataId}">(.*?)</script>`, 's').exec(
    html,
  );
  return JSON.parse(match?.[1] ?? 'null');
}

describe('renderSurveyPage', () => {
  const html = render();

  it('is a zh-CN mobile document with the external script and stylesheet only', () => {
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1"/>');
    expect(html).toContain('<link rel="stylesheet" href="/assets/survey-def.css" integrity="sha256-BBB="/>');
    expect(html).toContain('src="/assets/survey-abc.js" integrity="sha256-AAA="');
    expect(html).not.toMatch(/<style|style="|https?:\/\//);
    expect(html).not.toMatch(/ on[a-z]+="/);
  });

  it('is a plain urlencoded post form with the hidden idempotency key and section', () => {
    expect(tagOf(html, 'survey')).toBe(
      '<form method="post" action="/f/tok123" id="survey" class="paged" novalidate="">',
    );
    expect(html).toContain('<input type="hidden" name="idempotencyKey" value="key-12345678"/>');
    expect(html).toContain('<input type="hidden" name="section" value="0"/>');
    expect(html).toContain('name="_action" value="submit"');
    expect(html).toContain('name="_action" value="save"');
  });

  it('labels every text-like control with <label for> and names it by its key', () => {
    for (const [key, type] of [
      ['name', 'text'],
      ['elders', 'text'],
      ['area', 'text'],
      ['foundedOn', 'date'],
      ['phone', 'tel'],
    ]) {
      expect(html).toContain(`<label for="f-${key}">`);
      const tag = tagOf(html, `f-${key}`);
      expect(tag).toContain(`type="${type}"`);
      expect(tag).toContain(`name="${key}"`);
    }
    expect(tagOf(html, 'f-notes')).toMatch(/^<textarea id="f-notes" name="notes" rows="4" maxlength="200"/);
    expect(tagOf(html, 'f-elders')).toContain('inputmode="numeric"');
    expect(tagOf(html, 'f-area')).toContain('inputmode="decimal"');
    expect(tagOf(html, 'f-foundedOn')).toContain('min="1990-01-01"');
    expect(elementOf(html, 'w-f-elders', 'div')).toContain('<span class="u">人</span>');
  });

  it('renders choices as labelled radio buttons and check boxes inside a fieldset with a legend', () => {
    const yesNo = elementOf(html, 'w-f-hasCharter', 'fieldset');
    expect(yesNo).toContain('<legend>★有章程');
    expect(yesNo).toContain(
      '<label class="o"><input type="radio" id="f-hasCharter" name="hasCharter" value="yes"/>是</label>',
    );
    expect(yesNo).toContain('<input type="radio" name="hasCharter" value="no"/>否</label>');
    const single = elementOf(html, 'w-f-status', 'fieldset');
    expect(single).toContain('name="status" value="registered"/>已登记');
    const multiple = elementOf(html, 'w-f-rules', 'fieldset');
    expect(multiple).toContain('<input type="checkbox" id="f-rules" name="rules" value="meeting"/>例会');
    expect(multiple).toContain('<input type="checkbox" name="rules" value="finance"/>财务');
  });

  it('marks required fields, and hides the mark while a requiredIf is false', () => {
    expect(elementOf(html, 'w-f-name', 'label')).toContain('<span class="rq">*</span>');
    expect(elementOf(html, 'w-f-phone', 'label')).toContain('<span class="rq" hidden="">*</span>');
    expect(elementOf(html, 'w-f-notes', 'label')).not.toContain('class="rq"');
    const required = render({ answers: { hasCharter: true } });
    expect(elementOf(required, 'w-f-phone', 'label')).toContain('<span class="rq">*</span>');
  });

  it('shows help text linked by aria-describedby', () => {
    expect(tagOf(html, 'f-name')).toContain('aria-describedby="h-f-name"');
    expect(html).toContain('<p class="hp" id="h-f-name">规范名称</p>');
  });

  it('renders fields and sections whose visibleIf is false with `hidden`, and shows them when it holds', () => {
    expect(tagOf(html, 'w-f-regNo')).toContain('hidden=""');
    expect(tagOf(html, 's-team')).toContain('hidden=""');
    const shown = render({ answers: { status: 'registered', hasCharter: true } });
    expect(tagOf(shown, 'w-f-regNo')).not.toContain('hidden');
    expect(tagOf(shown, 's-team')).not.toContain('hidden');
    expect(shown).toContain('<p class="sn">第 2 / 2 部分</p>');
    expect(html).toContain('<p class="sn">第 1 / 1 部分</p>');
  });

  it('shows calculated values read-only in an <output>', () => {
    const withRate = render({ answers: { elders: 80, members: 60 } });
    expect(withRate).toContain('<label for="f-rate">入会率</label>');
    expect(withRate).toContain('<output id="f-rate" class="calc" aria-live="polite">75%</output>');
    expect(html).toContain('<output id="f-rate" class="calc" aria-live="polite">—</output>');
    expect(html).not.toContain('name="rate"');
  });

  it('renders answered repeat rows plus one empty row, up to maxRows, with row field names', () => {
    const none = render({ answers: { hasCharter: true } });
    expect(none).toContain('name="leaders[0][leaderName]"');
    expect(none).not.toContain('name="leaders[1][leaderName]"');
    const two = render({
      answers: { hasCharter: true, leaders: [{ leaderName: '张三', isHead: true }, { leaderName: '李四' }] },
    });
    expect(tagOf(two, 'f-leaders-0-leaderName')).toContain('value="张三"');
    expect(tagOf(two, 'f-leaders-1-leaderName')).toContain('value="李四"');
    expect(tagOf(two, 'f-leaders-2-leaderName')).toContain('value=""');
    expect(two).toContain('<label for="f-leaders-2-leaderName">');
    // Row field visibility is per row: only the head's row shows the phone.
    expect(tagOf(two, 'w-f-leaders-0-leaderPhone')).not.toContain('hidden');
    expect(tagOf(two, 'w-f-leaders-1-leaderPhone')).toContain('hidden=""');
    const full = render({
      answers: { hasCharter: true, leaders: [{ leaderName: 'a' }, { leaderName: 'b' }, { leaderName: 'c' }] },
    });
    expect(full).toContain('name="leaders[2][leaderName]"');
    expect(full).not.toContain('name="leaders[3][leaderName]"');
    expect(full).toContain('<button type="button" class="add js" hidden="" data-max="3">');
  });

  it('renders attachments as a Chinese upload button over the file input, a hidden JSON value and a no-JS note', () => {
    const files = [{ blobId: 'evidence.abc', name: '章程.pdf', type: 'application/pdf', size: 2048 }];
    const page = render({ answers: { hasCharter: true, evidence: files } });
    expect(page).toContain(
      '<label class="btn up js"><input type="file" id="f-evidence" accept="image/png,application/pdf" multiple=""/>＋ 上传照片或文件</label>',
    );
    expect(page).toContain(
      `<input type="hidden" name="evidence" value="${JSON.stringify(files).replace(/"/g, '&quot;')}"/>`,
    );
    // Each file with the delete button the script drives, drawn as the script draws it.
    expect(page).toContain(
      '<li><span>章程.pdf（2 KB）</span><button type="button" class="js" data-blob="evidence.abc">删除</button></li>',
    );
    expect(page).toContain('上传附件需要启用 JavaScript');
    expect(tagOf(page, 'f-leaders-0-photo')).toContain('accept="image/jpeg"');
    expect(tagOf(page, 'f-leaders-0-photo')).not.toContain('multiple');
  });

  it('fills controls from answers (draft or posted)', () => {
    const page = render({
      answers: { name: '小阜村老年协会', elders: 120, hasCharter: false, status: 'none', rules: ['finance'] },
    });
    expect(tagOf(page, 'f-name')).toContain('value="小阜村老年协会"');
    expect(tagOf(page, 'f-elders')).toContain('value="120"');
    expect(page).toContain('<input type="radio" name="hasCharter" value="no" checked=""/>');
    expect(page).toContain('<input type="radio" name="status" value="none" checked=""/>');
    expect(page).toContain('<input type="checkbox" name="rules" value="finance" checked=""/>');
    expect(page).toContain('<input type="checkbox" id="f-rules" name="rules" value="meeting"/>');
  });

  it('escapes user and form text everywhere, including the embedded JSON', () => {
    const evil = '</script><script>alert("x")</script>';
    const page = render({ org: { code: '1', name: evil }, answers: { name: evil, notes: evil } });
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('名称 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Exactly two script elements: the page script and the form data.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    const data = pageData(page);
    expect(data.definition.title).toBe('全部字段类型 <script>alert("title")</script>');
    expect(page).toContain('\\u003cscript\\u003ealert');
  });

  it('embeds the lean definition and the compiled logic for the script', () => {
    const data = pageData(html);
    expect(data.token).toBe('tok123');
    expect(data.formVersion).toBe(3);
    expect(data.savedAt).toBeNull();
    expect(JSON.stringify(data.definition)).not.toContain('规范名称');
    // Orders only where they are not the definition's own (here they are).
    expect(data.logic.order).toBeUndefined();
    expect(data.logic.rows).toEqual({});
    // Expressions go as trees only, and option labels only where a score reason quotes them.
    expect(JSON.stringify(data.definition)).not.toContain("status == 'registered'");
    expect(JSON.stringify(data.definition)).not.toContain('已登记');
    expect(data.logic.fields.regNo?.v).toEqual({
      kind: 'binary',
      op: '==',
      left: { kind: 'ref', name: 'status' },
      right: { kind: 'literal', value: 'registered' },
    });
    expect(data.logic.sections.team).toEqual({ kind: 'ref', name: 'hasCharter' });
  });

  it('shows errors inline (aria-invalid, aria-describedby) and in a summary linking to the fields', () => {
    const page = render({
      answers: { hasCharter: true, leaders: [{ isHead: true }] },
      errors: [
        { field: 'name', message: '请填写“名称”' },
        { field: 'leaders.0.leaderName', message: '请填写“姓名”' },
        { field: 'hasCharter', message: '请选择' },
        { field: '(根)', message: '整体问题' },
      ],
    });
    expect(tagOf(page, 'f-name')).toContain('aria-describedby="h-f-name e-f-name"');
    expect(tagOf(page, 'f-name')).toContain('aria-invalid="true"');
    expect(page).toContain('<p class="er" id="e-f-name">请填写“名称”</p>');
    expect(page).toContain('<p class="er" id="e-f-leaders-0-leaderName">请填写“姓名”</p>');
    expect(tagOf(page, 'w-f-hasCharter')).toContain('aria-describedby="e-f-hasCharter"');
    const summary = elementOf(page, 'sum', 'ul');
    expect(summary).toContain('<h2>有 4 处需要修改</h2>');
    // The label once, not again in quotes inside the message.
    expect(summary).toContain('<a href="#f-name">名称 &lt;script&gt;alert(1)&lt;/script&gt;：请填写</a>');
    expect(summary).toContain('<a href="#f-leaders-0-leaderName">班子成员 第 1 行 姓名：请填写</a>');
    expect(summary).toContain('<a href="#f-hasCharter">★有章程：请选择</a>');
    expect(summary).toContain('<li>整体问题</li>');
    expect(summary.indexOf('#f-name')).toBeLessThan(summary.indexOf('#f-hasCharter'));
  });

  it('says which draft was restored and shows the live score line for scored forms', () => {
    const page = render({
      answers: { hasCharter: false },
      restoredFrom: 'server',
      draftSavedAt: '2026-11-28T08:05:00Z',
    });
    expect(page).toContain('已恢复服务器上的草稿（2026-11-28 16:05 保存）');
    expect(pageData(page).savedAt).toBe('2026-11-28T08:05:00Z');
    expect(elementOf(page, 'score', 'div')).toContain('当前得分 0 / 6');
    expect(tagOf(page, 'score')).toBe('<div class="score" id="score" aria-live="polite">');
    expect(page).toContain(
      '<details class="veto"><summary>★未达到 1 项：</summary><ol><li>有章程</li></ol></details>',
    );
    expect(tagOf(html, 'restored')).toContain('hidden=""');
  });

  it('renders the receipt: code, China time, score, grade and failed vetoes; no form, no script', () => {
    const page = render({
      receipt: {
        id: 'sub-1',
        receivedAt: '2026-11-28T16:30:00Z',
        formVersion: 3,
        score: {
          total: 0,
          maxTotal: 6,
          grade: { key: 'bad', label: '不达标' },
          standardized: false,
          failedVetoes: [
            { key: 'hasCharter', label: '★有章程', message: '否决项“★有章程”未得满分（0/6 分）' },
          ],
        },
      },
    });
    expect(page).toContain('✓ 提交成功');
    expect(page).toContain('<section class="rc" id="receipt" tabindex="-1" data-submission="sub-1">');
    expect(page).toContain(`<dd class="id">${receiptCodeOf('sub-1')}</dd>`);
    expect(page).toContain('2026-11-29 00:30（北京时间）');
    expect(page).toContain('0 / 6 分');
    expect(page).toContain('不达标（未达到规范化标准）');
    expect(page).toContain('<ol class="vetoes"><li>否决项“★有章程”未得满分（0/6 分）</li></ol>');
    expect(page).not.toContain('<form');
    expect(page).not.toContain('<script');
  });
});

describe('the first paint is the layout the script keeps', () => {
  const paged = render({ answers: { hasCharter: true } });

  it('shows one section (.cur) with its number, the progress and the buttons of that section', () => {
    expect(tagOf(paged, 's-basics')).toBe('<section class="sec cur" id="s-basics">');
    expect(tagOf(paged, 's-team')).toBe('<section class="sec" id="s-team">');
    expect(paged).toContain('<p class="sn">第 1 / 2 部分</p>');
    expect(tagOf(paged, 'pg')).toBe('<progress class="js" id="pg" max="2" value="1" aria-label="填写进度">');
    // Buttons that post (the server pages when the script never ran), “next” first for Enter.
    expect(paged).toContain(
      '<button type="submit" class="btn next js" name="_action" value="next">下一部分</button>' +
        '<button type="submit" class="btn prev js" name="_action" value="prev" hidden="">上一部分</button>',
    );
    expect(paged).toMatch(
      /<button type="submit" class="btn pri submit" name="_action" value="submit" hidden="">/,
    );
    // Script-only controls are drawn shown; only nojs.css hides them.
    expect(paged).toContain('<button type="button" class="add js" data-max="3">');
    expect(paged).toContain('<button type="button" class="del js">删除</button>');
  });

  it('keeps the no-JS notice and buttons for nojs.css, linked in <noscript>, and links the icon', () => {
    expect(paged).toContain('<p class="note nojs">当前未启用');
    expect(paged).toContain('<button type="submit" class="btn nojs" name="_action" value="save">');
    expect(paged).toContain(
      '<link rel="icon" href="/favicon.ico"/><link rel="stylesheet" href="/assets/survey-def.css" integrity="sha256-BBB="/>' +
        '<noscript><link rel="stylesheet" href="/assets/nojs-ghi.css" integrity="sha256-CCC="/></noscript>',
    );
  });

  it('opens a re-rendered post at the section of its first error, and the last section with submit only', () => {
    const page = render({
      answers: { hasCharter: true },
      section: 0,
      errors: [{ field: 'leaders.0.leaderName', message: '请填写“姓名”' }],
    });
    expect(tagOf(page, 's-team')).toBe('<section class="sec cur" id="s-team">');
    expect(tagOf(page, 's-basics')).toBe('<section class="sec" id="s-basics">');
    expect(page).toContain('<input type="hidden" name="section" value="1"/>');
    expect(tagOf(page, 'pg')).toContain('max="2" value="2"');
    expect(page.includes('value="prev">上一部分</button>')).toBe(true);
    expect(page.includes('value="next" hidden="">下一部分</button>')).toBe(true);
    expect(page).toMatch(/<button type="submit" class="btn pri submit" name="_action" value="submit">/);
  });

  it('falls back to a shown section when the wanted one is hidden', () => {
    // Section 1 (team) is hidden without a charter: the page shows the only shown one.
    const page = render({ answers: { hasCharter: false }, section: 1 });
    expect(tagOf(page, 's-basics')).toBe('<section class="sec cur" id="s-basics">');
    expect(page).toContain('<input type="hidden" name="section" value="0"/>');
  });

  it('is not paged for staff: every section shown, no progress, no script-only controls, no <noscript>', () => {
    const staff = render({
      answers: { hasCharter: true },
      staff: { action: '/console/x', hidden: { _csrf: 't' }, notice: '评估表', backHref: '/console' },
    });
    expect(tagOf(staff, 'survey')).not.toContain('paged');
    expect(tagOf(staff, 's-basics')).toBe('<section class="sec" id="s-basics">');
    expect(tagOf(staff, 's-team')).toBe('<section class="sec" id="s-team">');
    expect(staff).not.toContain('id="pg"');
    expect(staff).not.toContain('<noscript>');
    expect(staff).toContain('<button type="button" class="add js" hidden="" data-max="3">');
    expect(staff).toContain('<button type="button" class="del js" hidden="">删除</button>');
  });
});

describe('currentSection', () => {
  it('keeps a shown section, else takes the next shown one, else the last shown one', () => {
    expect(currentSection([true, true, true], 1)).toBe(1);
    expect(currentSection([true, false, true], 1)).toBe(2);
    expect(currentSection([true, true, false], 2)).toBe(1);
    expect(currentSection([false, true], 0)).toBe(1);
    expect(currentSection([false, false], 1)).toBe(0);
  });
});

describe('a page turned by the server (“上一部分”/“下一部分” posted without the script)', () => {
  const complete = {
    name: '小阜村老年协会',
    elders: 120,
    hasCharter: true,
    status: 'none',
    phone: '13912345678',
  };
  const turn = (answers: Record<string, unknown>, at: Parameters<typeof turnPage>[2]) =>
    turnPage(everyType, answers, at);

  it('draws the section it lands on with its number, progress and buttons', () => {
    const second = render({ answers: complete, section: 1 });
    expect(tagOf(second, 's-basics')).toBe('<section class="sec" id="s-basics">');
    expect(tagOf(second, 's-team')).toBe('<section class="sec cur" id="s-team">');
    expect(tagOf(second, 'pg')).toBe('<progress class="js" id="pg" max="2" value="2" aria-label="填写进度">');
    expect(second).toContain('<input type="hidden" name="section" value="1"/>');
    expect(second).toContain('value="next" hidden="">下一部分');
    expect(second).toContain('value="prev">上一部分');
    expect(second).toMatch(/<button type="submit" class="btn pri submit" name="_action" value="submit">/);
    // What the server carries between turns.
    const carried = render({ answers: complete, section: 0, warned: 'basics', checked: true });
    expect(carried).toContain('<input type="hidden" name="warned" value="basics"/>');
    expect(carried).toContain('<input type="hidden" name="checked" value="1"/>');
  });

  it('“下一部分” moves on from a finished section, and back with “上一部分”', () => {
    expect(turn(complete, { section: 0, delta: 1, checked: false })).toEqual({
      kind: 'show',
      section: 1,
      issues: [],
    });
    expect(turn(complete, { section: 1, delta: -1, checked: false })).toEqual({
      kind: 'show',
      section: 0,
      issues: [],
    });
    expect(turn(complete, { section: 0, delta: -1, checked: false })).toEqual({
      kind: 'show',
      section: 0,
      issues: [],
    });
  });

  it('with items open it stays once and points them out, as the script does; then it moves on', () => {
    const open = { name: '小阜村老年协会', hasCharter: true };
    const first = turn(open, { section: 0, delta: 1, checked: false });
    expect(first).toMatchObject({
      kind: 'show',
      section: 0,
      warned: { key: 'basics', notice: expect.stringMatching(/^本部分有 \d+ 处未完成/) },
    });
    const fields = first.kind === 'show' ? first.issues.map((i) => i.field) : [];
    expect(fields).toEqual(expect.arrayContaining(['elders', 'status', 'phone']));
    expect(turn(open, { section: 0, delta: 1, warned: 'basics', checked: false })).toEqual({
      kind: 'show',
      section: 1,
      issues: [],
    });
  });

  it('after a refused submit each section shows its own issues when reached', () => {
    const open = { name: '小阜村老年协会', hasCharter: true, leaders: [{ isHead: true }] };
    const back = turn(open, { section: 1, delta: -1, checked: true });
    expect(back.kind === 'show' && back.section).toBe(0);
    expect(back.kind === 'show' && back.issues.map((i) => i.field)).toContain('elders');
    const on = turn(open, { section: 0, delta: 1, warned: 'basics', checked: true });
    expect(on.kind === 'show' && on.issues.map((i) => i.field)).toEqual(['leaders.0.leaderName']);
  });

  it('“下一部分” past the last shown section is the submit (Enter in a box, as with the script)', () => {
    expect(turn(complete, { section: 1, delta: 1, checked: false })).toEqual({ kind: 'submit' });
    // Without 协会章程 the team section is hidden: the first section is the last.
    const alone = { ...complete, hasCharter: false };
    expect(turn(alone, { section: 0, delta: 1, checked: false })).toEqual({ kind: 'submit' });
  });
});

describe('stepSection', () => {
  it('moves to the next or previous shown section, or stays', () => {
    expect(stepSection([true, true, true], 0, 1)).toBe(1);
    expect(stepSection([true, false, true], 0, 1)).toBe(2);
    expect(stepSection([true, false, true], 2, -1)).toBe(0);
    expect(stepSection([true, true, false], 1, 1)).toBe(1);
    expect(stepSection([true, true], 0, -1)).toBe(0);
    expect(stepSection([false, true, true], 1, -1)).toBe(1);
  });
});

describe('wording', () => {
  it('asks to choose a choice, upload a file and fill in the rest', () => {
    const result = validateAnswers(everyType, { hasCharter: true, leaders: [{ leaderName: '张三' }] });
    const messages = Object.fromEntries((result.ok ? [] : result.issues).map((i) => [i.field, i.message]));
    expect(messages).toMatchObject({
      name: '请填写“名称 <script>alert(1)</script>”',
      elders: '请填写“老年人数”',
      status: '请选择“登记状态”',
      phone: '请填写“联系电话”',
    });
    const withChoice = validateAnswers(
      compile(oneSection([{ type: 'yesNo', key: 'a', label: '甲', required: true }])),
      {},
    );
    expect(withChoice).toEqual({ ok: false, issues: [{ field: 'a', message: '请选择“甲”' }] });
    const withFile = validateAnswers(
      compile(oneSection([{ type: 'attachment', key: 'a', label: '照片', required: true }])),
      {},
    );
    expect(withFile).toEqual({ ok: false, issues: [{ field: 'a', message: '请上传“照片”' }] });
    const withList = validateAnswers(
      compile(
        oneSection([
          {
            type: 'multiple',
            key: 'a',
            label: '制度',
            required: true,
            options: [{ value: 'x', label: '例会' }],
          },
        ]),
      ),
      {},
    );
    expect(withList).toEqual({ ok: false, issues: [{ field: 'a', message: '请选择“制度”' }] });
  });

  it('writes a summary line with the label once', () => {
    expect(summaryLine('名称', '请填写“名称”')).toBe('名称：请填写');
    expect(summaryLine('班子成员 第 1 行 性别', '请选择“性别”')).toBe('班子成员 第 1 行 性别：请选择');
    expect(summaryLine('照片', '请上传“照片”')).toBe('照片：请上传');
    // A label with quotes of its own is not repeated either.
    const named = '已成立协会并按“县+乡镇+村+老年协会”规范命名';
    expect(summaryLine(named, `请选择“${named}”`)).toBe(`${named}：请选择`);
    expect(summaryLine('会员人数', '会员人数不能超过老年人数')).toBe('会员人数：会员人数不能超过老年人数');
  });
});

describe('renderLinkErrorPage', () => {
  it.each([
    ['link.invalid', '链接无效'],
    ['link.expired', '链接已过期'],
    ['link.revoked', '链接已停用'],
  ] as const)('%s says what happened and to ask the township for a new link', (code, title) => {
    const page = renderLinkErrorPage(code, assets);
    expect(page).toContain(`<main class="le" data-error-code="${code}">`);
    expect(page).toContain(`<h1>${title}</h1>`);
    expect(page).toContain('请联系乡镇');
    expect(page).toContain('lang="zh-CN"');
    expect(page).not.toContain('<script');
  });
});
