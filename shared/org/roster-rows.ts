import { isCalendarDate } from '../lib/dates';
import { invisibleCharacter } from '../lib/file-name';
import { isWithinScope } from './division';
import type { OrgUnit, VillageKind } from './org-unit';
import {
  cleanCodeText,
  isExponentText,
  normalizeDateText,
  parseVillageKind,
  type RosterColumn,
  type RosterHeader,
} from './roster-columns';

/** At most this many data rows per file (a county has ~150 villages, a city ~1,200). */
export const maxRosterRows = 5000;
const maxNameLength = 60;
/**
 * A name ends up in file names (the certificate ZIP) and on pages: no path separators, no
 * invisible or direction-changing characters (see `invisibleCharacter`), not just dots (`..`).
 */
const hasUnsafeCharacter = (name: string) => /[/\\]/.test(name) || invisibleCharacter.test(name);

/** One problem of one row: `row` as the spreadsheet numbers it (the header is row 1). */
export interface RowIssue {
  row: number;
  /** The column's header as written in the file; '' for a problem of the whole file. */
  column: string;
  message: string;
}

/** A row that passed the checks that need no stored data. */
export interface RosterCandidate {
  row: number;
  code: string;
  name: string;
  kind: VillageKind;
  parentCode: string;
  validFrom?: string;
}

/** What an import does to one row's village; `before` is given for an update. */
export interface RosterChange {
  row: number;
  code: string;
  name: string;
  action: 'create' | 'update' | 'unchanged';
  before?: Pick<OrgUnit, 'name' | 'kind' | 'validFrom' | 'illustrative'>;
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** The rows checked on their own: those that passed, every problem, and the townships named. */
export interface CheckedRows {
  candidates: RosterCandidate[];
  issues: RowIssue[];
  /** Rows by the township they place a village in (inside the scope): the townships to read. */
  townshipRows: Map<string, number[]>;
}

/**
 * Checks every data row below the header on its own and against the others (code,
 * name, level, parent township = the code's first 9 digits and inside `scope`, date,
 * duplicates, row count). Blank rows are skipped.
 */
export function checkRosterRows(
  rows: readonly (readonly string[])[],
  header: RosterHeader,
  scope: string,
): CheckedRows {
  const data = rows
    .map((cells, i) => ({ row: i + 1, cells }))
    .filter((r) => r.row > header.row && !isBlank(r.cells));
  const townshipRows = new Map<string, number[]>();
  if (data.length === 0) {
    const message = '文件中没有数据行（表头下一行起每行一个村或社区）';
    return { candidates: [], townshipRows, issues: [fileIssue(header.row + 1, message)] };
  }
  if (data.length > maxRosterRows) {
    const message = `一次最多导入 ${maxRosterRows} 行，本文件有 ${data.length} 行，请分批导入`;
    return { candidates: [], townshipRows, issues: [fileIssue(data[maxRosterRows]?.row ?? 0, message)] };
  }
  const issues: RowIssue[] = [];
  const candidates: RosterCandidate[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of data) {
    const cell = (c: RosterColumn) => {
      const i = header.index[c];
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const problem = (c: RosterColumn, message: string) =>
      issues.push({ row, column: header.label[c], message });
    const before = issues.length;

    const code = cleanCodeText(cell('code'));
    const codeOk = /^\d{12}$/.test(code);
    if (code === '') problem('code', '请填写区划代码（12 位数字）');
    else if (isExponentText(code))
      problem('code', `代码显示为科学计数法“${code}”，位数已丢失：请在 Excel 中把该列设为文本后重新保存`);
    else if (/^\d{9}$/.test(code))
      problem('code', `“${code}”是乡镇代码；这里导入村（居），代码应为 12 位数字`);
    else if (!codeOk) problem('code', `区划代码应为 12 位数字，本行为“${code}”`);

    const name = cell('name');
    if (name === '') problem('name', '请填写名称');
    else if (name.length > maxNameLength)
      problem('name', `名称最多 ${maxNameLength} 个字，本行有 ${name.length} 个字`);
    else if (hasUnsafeCharacter(name)) problem('name', '名称不能包含 / \\ 等符号或不可见字符');
    else if (/^\.+$/.test(name)) problem('name', `名称不能只由“.”组成，本行为“${name}”`);

    const levelText = cell('level');
    const kind = parseVillageKind(levelText);
    if (levelText === '') problem('level', '请填写级别：村 或 社区');
    else if (!kind) problem('level', `级别应为 村 或 社区（village / community），本行为“${levelText}”`);

    const parentCode = cleanCodeText(cell('parentCode'));
    const township = code.slice(0, 9);
    if (parentCode === '') problem('parentCode', '请填写上级代码（所属乡镇的 9 位代码）');
    else if (codeOk && parentCode !== township)
      problem('parentCode', `上级代码应为本行区划代码的前 9 位 ${township}，本行为“${parentCode}”`);
    else if (!/^\d{9}$/.test(parentCode))
      problem('parentCode', `上级代码应为 9 位乡镇代码，本行为“${parentCode}”`);
    if (codeOk && !isWithinScope(scope, township))
      problem('parentCode', `所属乡镇 ${township} 不在您的管辖范围内`);
    else if (codeOk && parentCode === township)
      townshipRows.set(township, [...(townshipRows.get(township) ?? []), row]);

    const validFrom = normalizeDateText(cell('validFrom'));
    if (validFrom !== '' && !isCalendarDate(validFrom))
      problem('validFrom', `成立日期应为有效日期，如 2023-06-10，本行为“${cell('validFrom')}”`);

    if (codeOk) {
      const first = firstRowOf.get(code);
      if (first !== undefined) problem('code', `区划代码 ${code} 与第 ${first} 行重复`);
      else firstRowOf.set(code, row);
    }
    if (issues.length === before && kind)
      candidates.push({ row, code, name, kind, parentCode, ...(validFrom ? { validFrom } : {}) });
  }
  return { candidates, issues, townshipRows };
}

const fileIssue = (row: number, message: string): RowIssue => ({ row, column: '', message });

/**
 * Compares the checked rows with what is stored under their townships (`existing`:
 * each township's subtree, as read) and says what the import does: create, update (a
 * changed name, kind or date, or a demo village confirmed by official data) or nothing.
 * An imported village keeps its retirement and loses `illustrative`; a file without a
 * date column keeps the stored `validFrom` (an empty cell in that column clears it).
 * Every row naming a township that is not in the roster is a problem.
 */
export function planRoster(
  checked: Pick<CheckedRows, 'candidates' | 'townshipRows'>,
  existing: ReadonlyMap<string, readonly OrgUnit[]>,
  header: RosterHeader,
): { changes: RosterChange[]; writes: OrgUnit[]; issues: RowIssue[] } {
  const units = new Map([...existing.values()].flat().map((u) => [u.code, u]));
  const changes: RosterChange[] = [];
  const writes: OrgUnit[] = [];
  const issues: RowIssue[] = [];
  const known = (township: string) => units.get(township)?.level === 'township';
  const keepsDates = header.index.validFrom === undefined;
  for (const [township, rows] of checked.townshipRows) {
    if (known(township)) continue;
    const message = `上级乡镇 ${township} 不在名册中（请先核对代码，或由上级添加该乡镇）`;
    for (const row of rows) issues.push({ row, column: header.label.parentCode, message });
  }
  for (const c of checked.candidates) {
    if (!known(c.parentCode)) continue;
    const stored = units.get(c.code);
    const validFrom = keepsDates ? stored?.validFrom : c.validFrom;
    const unit: OrgUnit = {
      code: c.code,
      name: c.name,
      level: 'village',
      parentCode: c.parentCode,
      kind: c.kind,
      ...(validFrom ? { validFrom } : {}),
      ...(stored?.retired ? { retired: stored.retired } : {}),
    };
    const base = { row: c.row, code: c.code, name: c.name };
    if (!stored) {
      changes.push({ ...base, action: 'create' });
      writes.push(unit);
    } else if (
      stored.name === unit.name &&
      stored.kind === unit.kind &&
      stored.validFrom === unit.validFrom &&
      !stored.illustrative
    ) {
      changes.push({ ...base, action: 'unchanged' });
    } else {
      const before = {
        name: stored.name,
        ...(stored.kind ? { kind: stored.kind } : {}),
        ...(stored.validFrom ? { validFrom: stored.validFrom } : {}),
        ...(stored.illustrative ? { illustrative: true } : {}),
      };
      changes.push({ ...base, action: 'update', before });
      writes.push(unit);
    }
  }
  return { changes, writes, issues };
}
