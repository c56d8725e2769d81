import { createHash } from 'node:crypto';
import type { LinkSheetHeader, LinkSheetRow } from '../../../shared/printables/link-sheet';

/** The 12 units of 东临溪镇 (codes illustrative except 小阜村's, as in shared/org/demo-units.ts). */
export const dongLinxiVillages: readonly [code: string, name: string][] = [
  ['341022104001', '心安社区'],
  ['341022104201', '临溪村'],
  ['341022104202', '芳口村'],
  ['341022104203', '一心村'],
  ['341022104204', '小阜村'],
  ['341022104205', '汊口村'],
  ['341022104206', '璜源村'],
  ['341022104207', '三村村'],
  ['341022104208', '源口村'],
  ['341022104209', '巧坑村'],
  ['341022104210', '和坑村'],
  ['341022104211', '大阜村'],
];

export const dongLinxiHeader: LinkSheetHeader = {
  townshipName: '东临溪镇',
  townshipCode: '341022104',
  formTitle: '城乡社区老年协会规范化建设自评表',
  issuedAt: new Date('2023-10-08T01:30:00Z'),
};

/** A link shaped like a real one: a 12-character id and a 43-character base64url signature. */
export function sampleUrl(code: string): string {
  const digest = (salt: string) =>
    createHash('sha256')
      .update(salt + code)
      .digest('base64url');
  return `https://example.org/f/${digest('id').slice(0, 12)}.${digest('sig')}`;
}

/** One row per village; every link expires at the end of 2023-12-31, China time. */
export const dongLinxiRows: readonly LinkSheetRow[] = dongLinxiVillages.map(([orgCode, orgName]) => ({
  orgCode,
  orgName,
  url: sampleUrl(orgCode),
  expiresAt: '2023-12-31T15:59:59.000Z',
}));
