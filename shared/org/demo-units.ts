import { csvRecords } from '../lib/csv-read';
import { parentCodeOf } from './division';
import { type OrgUnit, orgUnitSchema } from './org-unit';

/** 东临溪镇 (休宁县). Names from a public gazetteer; only 小阜村's code is known to be official. */
export const dongLinxiCode = '341022104';
const dongLinxiUnits: [name: string, code: string][] = [
  ['心安社区', '341022104001'],
  ['临溪村', '341022104201'],
  ['芳口村', '341022104202'],
  ['一心村', '341022104203'],
  ['小阜村', '341022104204'],
  ['汊口村', '341022104205'],
  ['璜源村', '341022104206'],
  ['三村村', '341022104207'],
  ['源口村', '341022104208'],
  ['巧坑村', '341022104209'],
  ['和坑村', '341022104210'],
  ['大阜村', '341022104211'],
];
const officialVillageCodes = new Set(['341022104204']);

export const xiuningCode = '341022';
const demoVillagesPerTownship = 3;

/**
 * The demo organisation: the province, 黄山市, its counties and townships from the
 * division file (official codes), 东临溪镇's 12 units, and a few 示例 villages under
 * every other township of 休宁县. Made-up codes are flagged `illustrative`.
 * With `exampleVillages: false`, only the official divisions (for a real deployment,
 * whose villages are imported).
 */
export function demoOrgUnits(divisionsCsv: string, options: { exampleVillages?: boolean } = {}): OrgUnit[] {
  const divisions = csvRecords(divisionsCsv, ['code', 'name', 'level', 'parentCode']).map(({ record }) =>
    orgUnitSchema.parse({ ...record, parentCode: record.parentCode || null }),
  );
  const village = (code: string, name: string): OrgUnit => ({
    code,
    name,
    level: 'village',
    parentCode: parentCodeOf(code) ?? null,
    kind: name.endsWith('社区') ? 'community' : 'village',
    ...(officialVillageCodes.has(code) ? {} : { illustrative: true }),
  });
  const xiuningTownships = divisions.filter((u) => u.parentCode === xiuningCode && u.code !== dongLinxiCode);
  const examples = xiuningTownships.flatMap((t) =>
    Array.from({ length: demoVillagesPerTownship }, (_, i) =>
      village(
        `${t.code}${String(201 + i)}`,
        `${t.name.replace(/[镇乡]$/, '')}示例${'一二三四五'[i]}村（示例）`,
      ),
    ),
  );
  if (options.exampleVillages === false) return divisions;
  return [...divisions, ...dongLinxiUnits.map(([name, code]) => village(code, name)), ...examples];
}
