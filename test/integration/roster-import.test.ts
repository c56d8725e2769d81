import { beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { inRosterOn } from '../../shared/org/roster';
import { xlsxContentType } from '../../shared/printables/table-file';
import { encodeGbk } from '../support/gb18030';
import { adminPassword, errorOf, useTestStack } from '../support/stack';
import { countCommands } from '../support/store-calls';
import { xlsxBomb } from '../support/xlsx-bomb';

const t = useTestStack();
let admin = '';
let clerk = '';
let counter: ReturnType<typeof countCommands>;

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  await t.addUser('clerk', 'township', '341022104', 'some-password-1');
  clerk = await t.login('clerk', 'some-password-1');
  counter = countCommands(t.stack.table.client);
});

type Retired = { from: string; reason: string; mergedInto?: string; by: string; at: string };
type Unit = {
  code: string;
  name: string;
  level: string;
  parentCode: string;
  kind?: string;
  validFrom?: string;
  retired?: Retired;
};
type Change = { row: number; code: string; name: string; action: string; before?: Record<string, unknown> };
type Result = { dryRun: boolean; created: number; updated: number; unchanged: number; changes: Change[] };
type Issue = { row: number; column: string; message: string };

const upload = (
  body: Uint8Array | string,
  contentType: string,
  options: { token?: string; query?: string } = {},
) =>
  t.request(`/api/v1/orgs/import${options.query ?? ''}`, {
    method: 'POST',
    token: options.token ?? admin,
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? new TextEncoder().encode(body) : (body as Uint8Array<ArrayBuffer>),
  });
const imported = async (res: Response) => {
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Result;
};
const children = async (code: string) =>
  (await (await t.request(`/api/v1/orgs/${code}/children`, { token: admin })).json()) as Unit[];
const unitOf = async (code: string) =>
  (await (await t.request(`/api/v1/orgs/${code}`, { token: admin })).json()) as Unit;
const writesIn = (calls: Record<string, number>) =>
  Object.keys(calls).filter((n) => /Put|Write|Update|Delete/.test(n));
const orgItems = async () => (await t.scanAll()).filter((i) => String(i.pk).startsWith('ORG#'));

/** English headers, UTF-8 with a BOM, as Excel's "CSV UTF-8" saves it; villages of two townships. */
const goodCsv = [
  '\ufeffcode,name,level,parentCode,validFrom,remark',
  '341022104301,溪头村,village,341022104,2023-06-10,新设',
  '341022104101,临溪社区,community,341022104,,',
  '341022105301,蓝田新村,村,341022105,2023/7/1,',
].join('\r\n');

describe('POST /api/v1/orgs/import', () => {
  it('imports a good file: counts, and the villages are readable under their townships', async () => {
    // What the session check costs: a request refused before the use case reads anything.
    counter.reset();
    expect((await upload('x', 'image/gif')).status).toBe(415);
    const sessionCalls = counter.reset();
    const result = await imported(await upload(goodCsv, 'text/csv'));
    expect(result).toMatchObject({ dryRun: false, created: 3, updated: 0, unchanged: 0 });
    expect(result.changes).toEqual([
      { row: 2, code: '341022104301', name: '溪头村', action: 'create' },
      { row: 3, code: '341022104101', name: '临溪社区', action: 'create' },
      { row: 4, code: '341022105301', name: '蓝田新村', action: 'create' },
    ]);
    // One subtree query per township named, one batch write.
    const calls = counter.reset();
    expect(calls.QueryCommand).toBe(2);
    expect(calls.BatchWriteItemCommand).toBe(1);
    expect(calls.GetItemCommand).toBe(sessionCalls.GetItemCommand); // no GetItem per row
    const dlx = await children('341022104');
    expect(dlx).toHaveLength(14);
    expect(dlx.find((u) => u.code === '341022104301')).toEqual({
      code: '341022104301',
      name: '溪头村',
      level: 'village',
      parentCode: '341022104',
      kind: 'village',
      validFrom: '2023-06-10',
    });
    expect(dlx.find((u) => u.code === '341022104101')?.kind).toBe('community');
    expect((await unitOf('341022105301')).validFrom).toBe('2023-07-01');
  });

  it('is idempotent: the same file again is all unchanged and rewrites nothing', async () => {
    const before = await orgItems();
    counter.reset();
    const result = await imported(await upload(goodCsv, 'text/csv'));
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(result.changes.every((c) => c.action === 'unchanged')).toBe(true);
    const calls = counter.reset();
    expect(calls.QueryCommand).toBe(2);
    expect(writesIn(calls)).toEqual([]);
    expect(await orgItems()).toEqual(before);
  });

  it('updates a changed name and shows what it was', async () => {
    const changed = goodCsv.replace('溪头村,village', '溪头新村,village');
    const result = await imported(await upload(changed, 'text/csv'));
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(result.changes[0]).toEqual({
      row: 2,
      code: '341022104301',
      name: '溪头新村',
      action: 'update',
      before: { name: '溪头村', kind: 'village', validFrom: '2023-06-10' },
    });
    expect((await unitOf('341022104301')).name).toBe('溪头新村');
  });

  it('previews with dryRun=true: the same answer, nothing written', async () => {
    const file = [
      'code,name,level,parentCode',
      '341022104302,预览村,村,341022104',
      '341022104301,溪头村,村,341022104',
      '341022104204,小阜村,村,341022104',
    ].join('\n');
    const before = await orgItems();
    counter.reset();
    const preview = await imported(await upload(file, 'text/csv', { query: '?dryRun=true' }));
    expect(writesIn(counter.reset())).toEqual([]);
    expect(await orgItems()).toEqual(before);
    expect(preview).toMatchObject({ dryRun: true, created: 1, updated: 1, unchanged: 1 });
    expect(preview.changes.map((c) => c.action)).toEqual(['create', 'update', 'unchanged']);
    // Without a date column the stored validFrom stays.
    expect(preview.changes[1]?.before).toEqual({
      name: '溪头新村',
      kind: 'village',
      validFrom: '2023-06-10',
    });
    const real = await imported(await upload(file, 'text/csv'));
    expect({ ...real, dryRun: true }).toEqual(preview);
    expect((await unitOf('341022104302')).name).toBe('预览村');
    expect((await unitOf('341022104301')).validFrom).toBe('2023-06-10');
  });

  it('drops the illustrative flag of a demo village confirmed by an import', async () => {
    const file = 'code,name,level,parentCode\n341022104201,临溪村,村,341022104\n';
    const first = await imported(await upload(file, 'text/csv'));
    expect(first.changes[0]).toMatchObject({
      action: 'update',
      before: { name: '临溪村', illustrative: true },
    });
    expect(await unitOf('341022104201')).not.toHaveProperty('illustrative');
    expect((await imported(await upload(file, 'text/csv'))).unchanged).toBe(1);
  });

  it('rejects a bad file listing every problem (row as Excel numbers it), writing nothing', async () => {
    const bad = [
      '区划代码,名称,级别,上级代码,成立日期',
      '341022104303,好村,村,341022104,', // row 2: fine on its own
      '34102210430,短码村,村,341022104,', // row 3: code not 12 digits
      '341022104304,,村,341022104,', // row 4: name empty
      '341022104305,无级别村,,341022104,', // row 5: level missing
      '341022104306,错级别村,镇,341022104,', // row 6: level invalid
      '341022104307,错上级村,村,341022105,', // row 7: parent not the code's prefix
      '341022104308,错日期村,村,341022104,2023-02-30', // row 8: not a real date
      '341022104303,重复村,村,341022104,', // row 9: duplicate of row 2
      '341022199301,无乡镇村,村,341022199,', // row 10: township not in the roster
      `341022104309,${'长'.repeat(61)},村,341022104,`, // row 11: name too long
      '3.41022E+11,科学计数村,村,341022104,', // row 12: Excel shortened the code
    ].join('\r\n');
    const before = await orgItems();
    const res = await upload(bad, 'text/csv');
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('import.invalid');
    expect(error.message).toContain('未导入任何数据');
    const issues = error.details as Issue[];
    const at = (row: number) => issues.filter((i) => i.row === row).map((i) => [i.column, i.message]);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([['区划代码', expect.stringContaining('12 位数字')]]);
    expect(at(4)).toEqual([['名称', '请填写名称']]);
    expect(at(5)).toEqual([['级别', expect.stringContaining('请填写级别')]]);
    expect(at(6)).toEqual([['级别', expect.stringContaining('本行为“镇”')]]);
    expect(at(7)).toEqual([['上级代码', expect.stringContaining('前 9 位 341022104')]]);
    expect(at(8)).toEqual([['成立日期', expect.stringContaining('有效日期')]]);
    expect(at(9)).toEqual([['区划代码', '区划代码 341022104303 与第 2 行重复']]);
    expect(at(10)).toEqual([['上级代码', expect.stringContaining('341022199 不在名册中')]]);
    expect(at(11)).toEqual([['名称', expect.stringContaining('最多 60 个字')]]);
    expect(at(12)).toEqual([['区划代码', expect.stringContaining('科学计数法')]]);
    expect(issues).toHaveLength(10);
    for (const issue of issues) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await orgItems()).toEqual(before);
  });

  it('refuses names that would be paths or hide characters, from a CSV and from an XLSX alike', async () => {
    const before = await orgItems();
    const csv = await upload(
      'code,name,level,parentCode\n341022104330,../../../../../tmp/x,村,341022104\n341022104331,..,村,341022104\n',
      'text/csv',
    );
    expect(csv.status).toBe(422);
    expect(((await errorOf(csv)).details as Issue[]).map((i) => [i.row, i.column, i.message])).toEqual([
      [2, 'name', '名称不能包含 / \\ 等符号或不可见字符'],
      [3, 'name', '名称不能只由“.”组成，本行为“..”'],
    ]);
    const xlsx = await writeXlsxFile([
      ['区划代码', '名称', '级别', '上级代码'],
      ['341022104332', 'C:\\Users\\Public\\x', '村', '341022104'],
      ['341022104333', '溪头\u202e村', '村', '341022104'],
    ]).toBuffer();
    const res = await upload(xlsx, xlsxContentType);
    expect(res.status).toBe(422);
    expect(((await errorOf(res)).details as Issue[]).map((i) => [i.row, i.message])).toEqual([
      [2, '名称不能包含 / \\ 等符号或不可见字符'],
      [3, '名称不能包含 / \\ 等符号或不可见字符'],
    ]);
    expect(await orgItems()).toEqual(before);
  });

  it('imports a GB18030 (GBK) CSV with Chinese headers, as Excel saves "CSV" in China', async () => {
    const text = '统计用区划代码,村（居）名称,类型,上级区划代码\r\n341022105302,蓝田上村,村,341022105\r\n';
    const result = await imported(await upload(encodeGbk(text), 'application/vnd.ms-excel'));
    expect(result).toMatchObject({ created: 1, changes: [{ row: 2, name: '蓝田上村', action: 'create' }] });
    expect((await unitOf('341022105302')).name).toBe('蓝田上村');
  });

  it('imports an XLSX with a title row, a code stored as a number and a date cell', async () => {
    const bytes = await writeXlsxFile([
      ['蓝田镇村（居）名单', null, null, null, null],
      ['区划代码', '名称', '级别', '上级代码', '成立日期'],
      [
        341022105303,
        '蓝田下村',
        '村',
        341022105,
        { value: new Date('2024-01-15T00:00:00Z'), format: 'yyyy-mm-dd' },
      ],
      ['341022105101', '蓝田社区', '社区', '341022105', null],
    ]).toBuffer();
    const result = await imported(await upload(bytes, xlsxContentType));
    expect(result.changes).toEqual([
      { row: 3, code: '341022105303', name: '蓝田下村', action: 'create' },
      { row: 4, code: '341022105101', name: '蓝田社区', action: 'create' },
    ]);
    expect(await unitOf('341022105303')).toMatchObject({
      name: '蓝田下村',
      kind: 'village',
      validFrom: '2024-01-15',
    });
  });

  it('refuses villages outside a township clerk’s scope, writing nothing', async () => {
    const file =
      'code,name,level,parentCode\n341022104310,本镇村,村,341022104\n341022105310,外镇村,村,341022105\n';
    const before = await orgItems();
    const res = await upload(file, 'text/csv', { token: clerk });
    expect(res.status).toBe(422);
    const issues = (await errorOf(res)).details as Issue[];
    expect(issues).toEqual([
      { row: 3, column: 'parentCode', message: '所属乡镇 341022105 不在您的管辖范围内' },
    ]);
    expect(await orgItems()).toEqual(before);
    // Its own township is fine.
    const own = await imported(
      await upload(file.split('\n').slice(0, 2).join('\n'), 'text/csv', { token: clerk }),
    );
    expect(own.created).toBe(1);
  });

  it('answers missing columns with 400, other files with 415, a broken XLSX with 400', async () => {
    const missing = await upload('区划代码,名称\n341022104311,某村\n', 'text/csv');
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatchObject({
      code: 'import.columns_missing',
      details: { missing: ['level', 'parentCode'] },
    });
    const pdf = await upload('%PDF-1.7\n', 'application/pdf');
    expect(pdf.status).toBe(415);
    expect((await errorOf(pdf)).code).toBe('import.unsupported_type');
    const broken = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), xlsxContentType);
    expect(broken.status).toBe(400);
    expect((await errorOf(broken)).code).toBe('import.unreadable');
    const empty = await upload('code,name,level,parentCode\n', 'text/csv');
    expect(empty.status).toBe(422);
  });

  it('accepts files above the JSON body limit, refuses above 2 MB, needs a session', async () => {
    const rows = Array.from(
      { length: 4000 },
      (_, i) =>
        `3410221043${String(i % 100).padStart(2, '0')},村${'名'.repeat(10)},村,341022104,,${'x'.repeat(20)}`,
    );
    const big = ['code,name,level,parentCode,validFrom,remark', ...rows].join('\n');
    expect(big.length).toBeGreaterThan(64 * 1024);
    const res = await upload(big, 'text/csv', { query: '?dryRun=true' });
    expect(res.status).toBe(422); // duplicates, but it was read in full
    expect((await errorOf(res)).code).toBe('import.invalid');
    const huge = await upload(new Uint8Array(2 * 1024 * 1024 + 1).fill(0x41), 'text/csv');
    expect(huge.status).toBe(413);
    expect((await errorOf(huge)).code).toBe('import.too_large');
    const anonymous = await t.request('/api/v1/orgs/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: goodCsv,
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses an XLSX zip bomb (small upload, 50 MB unpacked) with 413 before reading it, writing nothing', async () => {
    const bomb = await xlsxBomb(' ');
    expect(bomb.byteLength).toBeLessThan(100 * 1024); // well inside the 2 MB body limit
    const before = await orgItems();
    counter.reset();
    const res = await upload(bomb, xlsxContentType, { query: '?dryRun=true' });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({
      code: 'import.too_large',
      message: '导入文件过大，请分批导入',
    });
    expect(writesIn(counter.reset())).toEqual([]);
    expect(await orgItems()).toEqual(before);
  });

  it('leaves GET /api/v1/orgs/{code} alone: "import" is no division code', async () => {
    const res = await t.request('/api/v1/orgs/import', { token: admin });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('org.code_invalid');
  });
});

describe('roster preview for the console', () => {
  const principal = { username: 'admin', role: 'admin' as const, scope: '34' };
  const preview = (text: string) =>
    t.stack.deps.roster.previewRoster(
      principal,
      { contentType: 'text/csv', bytes: new TextEncoder().encode(text) },
      t.clock.now,
    );

  it('shares the import path: counts and changes, or the problems, and writes nothing', async () => {
    const before = await orgItems();
    const ok = await preview('code,name,level,parentCode\n341022104320,预览二村,村,341022104\n');
    expect(ok).toEqual({
      ok: true,
      counts: { created: 1, updated: 0, unchanged: 0 },
      changes: [{ row: 2, code: '341022104320', name: '预览二村', action: 'create' }],
    });
    const bad = await preview('code,name,level,parentCode\n341022104320,,村,341022104\n');
    expect(bad).toEqual({ ok: false, problems: [{ row: 2, column: 'name', message: '请填写名称' }] });
    const columns = await preview('code,name\n');
    expect(columns).toEqual({ ok: false, problems: [{ message: expect.stringContaining('缺少列') }] });
    // A file too large unpacked is a problem on the page too, not an error page.
    const bomb = await t.stack.deps.roster.previewRoster(
      principal,
      { contentType: xlsxContentType, bytes: await xlsxBomb(' ') },
      t.clock.now,
    );
    expect(bomb).toEqual({ ok: false, problems: [{ message: '导入文件过大，请分批导入' }] });
    expect(await orgItems()).toEqual(before);
  });
});

describe('POST /api/v1/orgs/{code}/retire', () => {
  const retire = (code: string, body: unknown, token = admin) =>
    t.request(`/api/v1/orgs/${code}/retire`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('retires a village from a date; earlier dates still count it; a second retire is 409', async () => {
    const res = await retire('341022104301', {
      date: '2025-01-01',
      reason: '并入临溪村',
      mergedInto: '341022104201',
    });
    expect(res.status).toBe(200);
    const unit = (await res.json()) as Unit;
    expect(unit.retired).toEqual({
      from: '2025-01-01',
      reason: '并入临溪村',
      mergedInto: '341022104201',
      by: 'admin',
      at: t.clock.now.toISOString(),
    });
    const stored = await unitOf('341022104301');
    expect(stored).toEqual(unit);
    expect(inRosterOn(stored, '2024-12-31')).toBe(true);
    expect(inRosterOn(stored, '2025-01-01')).toBe(false);
    // A village that left the roster gets no new links.
    const links = (body: unknown) =>
      t.request('/api/v1/links', {
        method: 'POST',
        token: admin,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const township = (await (await links({ formId: 'baseline', parentCode: '341022104' })).json()) as {
      orgCode: string;
    }[];
    expect(township.map((l) => l.orgCode)).not.toContain('341022104301');
    const named = await links({ formId: 'baseline', orgCodes: ['341022104301'] });
    expect(named.status).toBe(422);
    expect(JSON.stringify(await named.json())).toContain('撤并');
    const again = await retire('341022104301', { date: '2025-02-01', reason: '重复' });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('org.already_retired');
    // A re-import keeps the retirement.
    await imported(await upload(goodCsv, 'text/csv'));
    expect((await unitOf('341022104301')).name).toBe('溪头村');
    expect(await unitOf('341022104301')).toHaveProperty('retired.from', '2025-01-01');
  });

  it('refuses a merger into a retired, unknown or non-village unit, and into itself', async () => {
    const into = (mergedInto: string, code = '341022104202') =>
      retire(code, { date: '2025-01-01', reason: '合并', mergedInto });
    for (const res of [await into('341022104301'), await into('341022104399'), await into('341022104202')]) {
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe('org.merge_invalid');
    }
    const township = await into('341022104');
    expect(township.status).toBe(400);
    expect((await errorOf(township)).code).toBe('request.invalid');
    expect((await unitOf('341022104202')).retired).toBeUndefined();
    expect((await into('341022104203')).status).toBe(200);
  });

  it('checks the unit, the scope, the date and the reason', async () => {
    const ok = { date: '2025-01-01', reason: '撤并' };
    expect((await errorOf(await retire('341022104', ok))).code).toBe('org.not_village');
    expect((await errorOf(await retire('341022104399', ok))).code).toBe('org.not_found');
    const outside = await retire('341022105301', ok, clerk);
    expect(outside.status).toBe(403);
    expect((await errorOf(outside)).code).toBe('auth.out_of_scope');
    const merge = await retire('341022104206', { ...ok, mergedInto: '341022105301' }, clerk);
    expect(merge.status).toBe(403);
    for (const body of [{ ...ok, date: '2025-02-30' }, { ...ok, reason: ' ' }, { date: '2025-01-01' }]) {
      const res = await retire('341022104206', body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('request.invalid');
    }
    // Not after the village was founded (蓝田新村's validFrom is 2023-07-01): refused.
    const early = await retire('341022105301', { ...ok, date: '2023-07-01' });
    expect(early.status).toBe(400);
    expect((await unitOf('341022104206')).retired).toBeUndefined();
  });
});
