import { createHash } from 'node:crypto';
import { base32, linkPath, linkToken } from '../../../shared/links/link-token';
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

const secret = Buffer.from('dong-linxi link sheet fixture secret');

/** A legacy (base64url) link id with both `-` and `_`, as links issued before base32 have. */
export const legacyLinkId = 'Lx-9_aQ2-Zb_7Kc3';
/** 大阜村 keeps a link issued before base32 ids: the sheet must print legacy tokens too. */
export const legacyVillage = '341022104211';

/** A real link: `/f/{id}.{mac}` with a base32 id derived from the code (the legacy one for 大阜村). */
export function sampleUrl(code: string): string {
  const id =
    code === legacyVillage ? legacyLinkId : base32(createHash('sha256').update(`id${code}`).digest(), 20);
  return `https://example.org${linkPath(linkToken(secret, id))}`;
}

/** One row per village; every link expires at the end of 2023-12-31, China time. */
export const dongLinxiRows: readonly LinkSheetRow[] = dongLinxiVillages.map(([orgCode, orgName]) => ({
  orgCode,
  orgName,
  url: sampleUrl(orgCode),
  expiresAt: '2023-12-31T15:59:59.000Z',
}));
