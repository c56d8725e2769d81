import { strFromU8, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/lib/csv-read';
import {
  officialTableCsv,
  officialTableGrid,
  officialTableXlsx,
  type StatisticsRow,
  type SummaryRow,
  type TableMeta,
} from '../../../shared/printables/official-tables';
import { evenSpans } from '../../../shared/printables/table-xlsx';
import { dongLinxiVillages } from './dong-linxi-links';

const meta: TableMeta = {
  unitName: '休宁县',
  year: 2023,
  asOf: '2023-12-31',
  reportingUnit: '休宁县卫生健康委员会',
  preparer: '王芳',
  reportedOn: '2024-01-05',
};

/** 东临溪镇: 11 村 + 1 社区, 8 standardized — 66.7%, just over the 2023 target of 65%. */
const dongLinxi: SummaryRow = {
  township: '东临溪镇',
  villages: { village: 11, community: 1 },
  associations: 12,
  registered: 6,
  filed: 5,
  elderly: 3000,
  members: 1500,
  avgMembershipRate: 0.52,
  fixedVenues: 10,
  pilots: 1,
  standardized: 8,
  target: 0.65,
  fundsTotal: 120000,
};

/** A township without baseline figures (elderly, members, funds): those cells stay blank. */
const haiyang: SummaryRow = {
  township: '海阳镇',
  villages: { village: 10, community: 5 },
  associations: 14,
  registered: 10,
  filed: 2,
  fixedVenues: 12,
  pilots: 1,
  standardized: 9,
  target: 0.65,
};

const xiaofu: StatisticsRow = {
  township: '东临溪镇',
  name: '小阜村',
  type: 'village',
  code: '341022104204',
  registeredPopulation: 1260,
  elderlyPopulation: 320,
  hasAssociation: true,
  associationName: '休宁县东临溪镇小阜村老年协会',
  foundedOn: '2015-03-08',
  registrationStatus: 'filed',
  registrationRef: '2023-05-20',
  hasCharter: true,
  members: 200,
  president: { name: '汪德华', gender: 'male', age: 66, phone: '05597654321' },
  boardSize: 5,
  lastElectionOn: '2022-12-01',
  rules: ['meeting', 'finance'],
  openAffairs: true,
  accountBooks: false,
  officeArea: 30.5,
  activityArea: 120,
  hostFacility: '村综合服务中心',
  dayCare: true,
  annualFunds: 8000,
  fundingSources: ['村集体经济', '会费'],
  activitiesPerYear: 12,
  activityTypes: ['文体活动', '邻里互助'],
  trainingsPerYear: 2,
  isPilot: true,
  selfScore: 92,
  acceptanceScore: 88,
  standardized: true,
  lookback: { on: '2024-06-01', conclusion: '保持' },
  remarks: '试点村, 章程 "四要素" 齐全\n第二行备注',
};

/** The other 11 units with only the roster columns: every answer blank. */
const rosterOnly: StatisticsRow[] = dongLinxiVillages
  .filter(([code]) => code !== xiaofu.code)
  .map(([code, name]) => ({
    township: '东临溪镇',
    name,
    type: name.endsWith('社区') ? 'community' : 'village',
    code,
  }));

/** Parts of the XLSX zip, and the number format and border of a cell by its reference. */
function workbook(file: Uint8Array) {
  const parts = unzipSync(file);
  const text = (name: string) => strFromU8(parts[name] ?? new Uint8Array());
  const sheet = text('xl/worksheets/sheet1.xml');
  const styles = text('xl/styles.xml');
  const xfs = [...(/<cellXfs[^>]*>(.*)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf\b[^>]*>/g)].map(
    (m) => m[0],
  );
  const formats = new Map(
    [...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]),
  );
  const borders = [...styles.matchAll(/<border>(.*?)<\/border>/g)].map((m) => m[1] ?? '');
  const xfOf = (ref: string) =>
    xfs[Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(sheet)?.[1] ?? -1)] ?? '';
  return {
    sheet,
    merges: [...sheet.matchAll(/<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"\/>/g)].map((m) => m[1]),
    /** The cell's XML element, to see its type (t="s" is text). */
    cell: (ref: string) => new RegExp(`<c r="${ref}"[^>]*>`).exec(sheet)?.[0] ?? '',
    format: (ref: string) =>
      formats.get(/numFmtId="(\d+)"/.exec(xfOf(ref))?.[1] ?? '')?.replaceAll('&quot;', '"'),
    thinBorder: (ref: string) =>
      (borders[Number(/borderId="(\d+)"/.exec(xfOf(ref))?.[1] ?? 0)] ?? '').includes('<left style="thin"/>'),
  };
}

describe('officialTableXlsx (汇总表)', () => {
  const rendering = officialTableXlsx('summary', [dongLinxi, haiyang], meta);

  it('has the title, 统计截至, the two-level header, the rows and the 合计 row', async () => {
    const rows = await readSheet(await rendering);
    expect(rows[0]?.[0]).toBe('休宁县城乡社区老年协会建设情况汇总表（2023年）');
    expect(rows[1]?.[0]).toBe('统计截至：2023-12-31');
    expect(rows[2]).toEqual([
      '乡镇',
      '村（居）总数',
      null,
      '已建协会数',
      '建会率',
      '已登记数',
      '已备案数',
      '登记备案率',
      '60岁以上老年人总数',
      '会员总数',
      '平均入会率',
      '有固定场所数',
      '试点数',
      '达标数',
      '规范化建设率',
      '年度目标',
      '是否完成目标',
      '年度经费合计（元）',
    ]);
    expect(rows[3]?.slice(0, 4)).toEqual([null, '村', '社区', null]);
    expect(rows[4]).toEqual([
      '东临溪镇',
      11,
      1,
      12,
      1,
      6,
      5,
      11 / 12,
      3000,
      1500,
      0.52,
      10,
      1,
      8,
      8 / 12,
      0.65,
      '是',
      120000,
    ]);
    // 9 of 15 is 60%: below the target. Missing figures are blank cells.
    expect(rows[5]?.slice(8, 11)).toEqual([null, null, null]);
    expect(rows[5]?.slice(13, 18)).toEqual([9, 0.6, 0.65, '否', null]);
  });

  it('sums the 合计 row and recomputes its rates from the sums', async () => {
    const totals = (await readSheet(await rendering))[6];
    expect(totals?.slice(0, 4)).toEqual(['合计', 21, 6, 26]);
    expect(totals?.[4]).toBeCloseTo(26 / 27, 12); // 建会率 from sums
    expect(totals?.[7]).toBeCloseTo(23 / 26, 12); // 登记备案率 = (16 + 7) ÷ 26
    expect(totals?.slice(8, 11)).toEqual([3000, 1500, 0.5]); // pooled: only 东临溪镇 reports both
    expect(totals?.[13]).toBe(17);
    expect(totals?.[14]).toBeCloseTo(17 / 27, 12); // not the mean of 66.7% and 60%
    expect(totals?.slice(15, 18)).toEqual([0.65, '否', 120000]);
  });

  it('merges the title, the header groups and the footer runs, and freezes title to headers', async () => {
    const { merges, sheet } = workbook(await rendering);
    expect(merges).toEqual(
      expect.arrayContaining(['A1:R1', 'A2:R2', 'A3:A4', 'B3:C3', 'D3:D4', 'R3:R4', 'A9:R9']),
    );
    expect(merges).not.toContain('B3:B4');
    expect(merges.filter((m) => m?.endsWith('8'))).toEqual(['A8:D8', 'E8:H8', 'I8:L8', 'M8:O8', 'P8:R8']);
    expect(sheet).toMatch(/<pane ySplit="4"[^>]*topLeftCell="A5"[^>]*state="frozen"\/>/);
    expect(sheet).toContain('orientation="landscape"');
  });

  it('types numbers as numbers, formats rates as percent and the target as 超过, borders the table', async () => {
    const book = workbook(await rendering);
    expect(book.cell('B5')).not.toContain('t="s"');
    expect(book.format('B5')).toBeUndefined();
    for (const ref of ['E5', 'H5', 'K5', 'O5', 'O7']) expect(book.format(ref), ref).toBe('0.0%');
    expect(book.format('P5')).toBe('"超过"0.0%');
    for (const ref of ['A3', 'C4', 'A5', 'I6', 'R7']) expect(book.thinBorder(ref), ref).toBe(true);
    expect(book.thinBorder('A1')).toBe(false);
    expect(book.thinBorder('A8')).toBe(false);
  });

  it('prints the footer with a line to write on where a name or number is missing, and the notes', async () => {
    const rows = await readSheet(await rendering);
    const footer = rows[7]?.filter((cell) => cell !== null);
    expect(footer).toEqual([
      '填报单位：休宁县卫生健康委员会',
      '填报人：王芳',
      '联系电话：____________',
      '填报日期：2024-01-05',
      '审核人：____________',
    ]);
    expect(String(rows[8]?.[0])).toMatch(
      /^说明：建会率＝已建协会数÷村（居）总数.*表式为示例，可按省标准调整。$/,
    );
  });

  it('sizes columns for Chinese text: a CJK character counts double', async () => {
    const { sheet } = workbook(await rendering);
    const width = (col: number) =>
      Number(new RegExp(`<col min="${col}" max="${col}" width="([\\d.]+)"`).exec(sheet)?.[1]);
    expect(width(1)).toBeGreaterThanOrEqual(2 * '东临溪镇'.length + 2);
    // The group header 村（居）总数 (12 wide) is wider than 村 and 社区: they widen to fit it.
    expect(width(2) + width(3)).toBeGreaterThanOrEqual(14);
    expect(width(9)).toBeLessThanOrEqual(30);
  });
});

describe('officialTableXlsx (统计表)', () => {
  const rendering = officialTableXlsx('statistics', [xiaofu, ...rosterOnly], meta);

  it('groups 会长, 制度 and 回头看 under merged headers and spans the others over both rows', async () => {
    const { merges } = workbook(await rendering);
    expect(merges).toEqual(
      expect.arrayContaining(['A1:AP1', 'A3:A4', 'D3:D4', 'O3:R3', 'U3:X3', 'AN3:AO3', 'AP3:AP4']),
    );
    const rows = await readSheet(await rendering);
    expect(rows[2]?.slice(14, 19)).toEqual(['会长', null, null, null, '班子人数']);
    expect(rows[3]?.slice(14, 24)).toEqual([
      '姓名',
      '性别',
      '年龄',
      '联系电话',
      null,
      null,
      '例会',
      '学习',
      '活动',
      '财务',
    ]);
    expect(rows[3]?.slice(39, 42)).toEqual(['日期', '结论', null]);
  });

  it('keeps codes and phone numbers as text, dates as YYYY-MM-DD text, numbers as numbers', async () => {
    const file = await rendering;
    const row = (await readSheet(file))[4] ?? [];
    expect(row.slice(0, 4)).toEqual(['东临溪镇', '小阜村', '村', '341022104204']);
    expect(row.slice(4, 14)).toEqual([
      1260,
      320,
      '是',
      '休宁县东临溪镇小阜村老年协会',
      '2015-03-08',
      '已备案',
      '2023-05-20',
      '有',
      200,
      0.625,
    ]);
    expect(row.slice(14, 26)).toEqual([
      '汪德华',
      '男',
      66,
      '05597654321',
      5,
      '2022-12-01',
      '有',
      '无',
      '无',
      '有',
      '是',
      '无',
    ]);
    expect(row.slice(26, 34)).toEqual([
      30.5,
      120,
      '村综合服务中心',
      '有',
      8000,
      '村集体经济、会费',
      12,
      '文体活动、邻里互助',
    ]);
    expect(row.slice(34, 42)).toEqual([2, '是', 92, 88, '是', '2024-06-01', '保持', xiaofu.remarks]);
    const book = workbook(file);
    expect(book.cell('D5')).toContain('t="s"');
    expect(book.format('D5')).toBe('@');
    expect(book.cell('R5')).toContain('t="s"');
    expect(book.format('N5')).toBe('0.0%');
  });

  it('leaves unanswered cells blank but bordered, one row per village', async () => {
    const file = await rendering;
    const rows = await readSheet(file);
    const linxi = rows.find((r) => r[1] === '心安社区');
    expect(linxi?.slice(0, 4)).toEqual(['东临溪镇', '心安社区', '社区', '341022104001']);
    expect(linxi?.slice(4).every((cell) => cell === null)).toBe(true);
    expect(rows.filter((r) => typeof r[3] === 'string' && /^\d{12}$/.test(r[3]))).toHaveLength(12);
    expect(workbook(file).thinBorder('AP16')).toBe(true);
    expect(rows[16]?.filter((c) => c !== null)[0]).toBe('填报单位：休宁县卫生健康委员会');
  });
});

describe('officialTableCsv', () => {
  it('is UTF-8 with a BOM and one flattened header row', () => {
    const csv = officialTableCsv('statistics', [xiaofu], meta);
    expect(csv.startsWith('\ufeff乡镇,村（居）名称,类型,统计用区划代码,')).toBe(true);
    const [header] = parseCsv(csv);
    expect(header).toHaveLength(42);
    expect(header?.slice(14, 18)).toEqual(['会长-姓名', '会长-性别', '会长-年龄', '会长-联系电话']);
    expect(header?.slice(20, 24)).toEqual(['制度-例会', '制度-学习', '制度-活动', '制度-财务']);
    expect(header?.slice(39)).toEqual(['回头看-日期', '回头看-结论', '备注']);
  });

  it('writes codes as ="…" so Excel keeps them text, and quotes commas, quotes and newlines', () => {
    const csv = officialTableCsv('statistics', [xiaofu], meta);
    expect(csv).toContain('\r\n东临溪镇,小阜村,村,"=""341022104204""",1260,320,是,');
    expect(csv).toContain(',"=""05597654321""",');
    expect(csv).toContain(',"试点村, 章程 ""四要素"" 齐全\n第二行备注"\r\n');
    const [, row] = parseCsv(csv);
    expect(row?.[3]).toBe('="341022104204"');
    expect(row?.[13]).toBe('62.5%');
    expect(row?.[41]).toBe(xiaofu.remarks);
  });

  it('ends with the 合计 row and, after an empty line, the footer', () => {
    const csv = officialTableCsv('summary', [dongLinxi, haiyang], meta);
    const records = parseCsv(csv);
    expect(records[0]?.[1]).toBe('村（居）总数-村');
    expect(records[1]).toEqual(
      '东临溪镇,11,1,12,100.0%,6,5,91.7%,3000,1500,52.0%,10,1,8,66.7%,超过65.0%,是,120000'.split(','),
    );
    expect(records[3]?.slice(0, 4)).toEqual(['合计', '21', '6', '26']);
    expect(records[3]?.slice(13, 17)).toEqual(['17', '63.0%', '超过65.0%', '否']);
    expect(csv).toContain(
      '\r\n\r\n填报单位：休宁县卫生健康委员会,填报人：王芳,联系电话：,填报日期：2024-01-05,审核人：,统计截至：2023-12-31\r\n',
    );
  });

  it('neutralises a formula typed into a text answer', () => {
    const csv = officialTableCsv('statistics', [{ ...xiaofu, remarks: '=HYPERLINK("http://x")' }], meta);
    expect(parseCsv(csv)[1]?.[41]).toBe('\'=HYPERLINK("http://x")');
  });
});

describe('the 合计 row and the target', () => {
  const township = (name: string, units: number, standardized: number, target?: number): SummaryRow => ({
    ...haiyang,
    township: name,
    villages: { village: units, community: 0 },
    associations: units,
    registered: 0,
    filed: 0,
    standardized,
    target,
  });
  const cellsOf = (rows: SummaryRow[]) => {
    const grid = officialTableGrid('summary', rows);
    const values = (cells: readonly { value: unknown }[] | undefined) => cells?.map((c) => c.value);
    return { body: grid.body.map(values), totals: values(grid.totals) };
  };

  it('meets 65% with 8 of 12 (66.7%) and not with 13 of 20 (exactly 65%: 超过 is strict)', () => {
    const { body, totals } = cellsOf([township('甲', 12, 8, 0.65)]);
    expect(body[0]?.[14]).toBeCloseTo(0.6667, 4);
    expect(body[0]?.[16]).toBe('是');
    expect(totals?.slice(13, 17)).toEqual([8, 8 / 12, 0.65, '是']);
    expect(cellsOf([township('乙', 20, 13, 0.65)]).totals?.[16]).toBe('否');
    expect(cellsOf([township('丙', 12, 8, 0.68)]).totals?.[16]).toBe('否');
  });

  it('judges the 合计 row on the sums, not on the mean of the rates', () => {
    // 8/12 = 66.7% and 0/3 = 0%: the mean is 33.3%, the sums give 8/15 = 53.3%.
    const { totals } = cellsOf([township('甲', 12, 8, 0.5), township('乙', 3, 0, 0.5)]);
    expect(totals?.[14]).toBeCloseTo(8 / 15, 12);
    expect(totals?.[16]).toBe('是');
  });

  it('leaves the target and the verdict blank where townships have different targets or none', () => {
    const mixed = cellsOf([township('甲', 12, 8, 0.65), township('乙', 12, 9, 0.68)]).totals;
    expect(mixed?.slice(15, 17)).toEqual([undefined, undefined]);
    const none = cellsOf([township('甲', 12, 8)]);
    expect(none.body[0]?.slice(15, 17)).toEqual([undefined, undefined]);
    const empty = cellsOf([]);
    expect(empty.body).toEqual([]);
    expect(empty.totals?.slice(0, 5)).toEqual(['合计', 0, 0, 0, undefined]);
  });
});

describe('malformed input', () => {
  it('throws a RangeError naming the column', async () => {
    expect(() => officialTableCsv('statistics', [{ ...xiaofu, code: '34102210420' }], meta)).toThrow(
      RangeError,
    );
    expect(() => officialTableCsv('statistics', [{ ...xiaofu, foundedOn: '2015-02-30' }], meta)).toThrow(
      /成立时间/,
    );
    expect(() => officialTableCsv('statistics', [{ ...xiaofu, members: Number.NaN }], meta)).toThrow(
      /会员人数/,
    );
    expect(() => officialTableCsv('summary', [{ ...dongLinxi, standardized: 13 }], meta)).toThrow(RangeError);
    await expect(
      officialTableXlsx('summary', [dongLinxi], { ...meta, reportedOn: '2024/01/05' }),
    ).rejects.toThrow(/填报日期/);
    await expect(
      officialTableXlsx('statistics', [{ ...xiaofu, lookback: { on: '2024-6-1' } }], meta),
    ).rejects.toThrow(/日期/);
  });
});

describe('evenSpans', () => {
  it('splits the columns into runs as even as possible, the longer first', () => {
    expect(evenSpans(18, 5)).toEqual([4, 4, 4, 3, 3]);
    expect(evenSpans(42, 5)).toEqual([9, 9, 8, 8, 8]);
    expect(evenSpans(3, 5)).toEqual([1, 1, 1]);
  });
});
