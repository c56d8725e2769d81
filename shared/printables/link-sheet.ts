/**
 * The input of every link-sheet export (PDF, CSV, XLSX): one row per village (村/居) of a
 * township, each with its own survey link. The exports are pure renderers over these rows.
 */

/** One village's survey link. */
export interface LinkSheetRow {
  /** 12-digit statistical division code of the village (统计用区划代码). */
  readonly orgCode: string;
  /** Village or community name, e.g. 临溪村, 心安社区. */
  readonly orgName: string;
  /** The absolute filling link, opened on a phone (often inside WeChat). */
  readonly url: string;
  /** When the link stops working, an ISO 8601 instant. */
  readonly expiresAt: string;
}

/** What the printed sheet says about itself. */
export interface LinkSheetHeader {
  /** e.g. 东临溪镇 */
  readonly townshipName: string;
  /** 9-digit division code of the township, e.g. 341022104. */
  readonly townshipCode: string;
  /** Title of the form the links open, e.g. 城乡社区老年协会规范化建设自评表. */
  readonly formTitle: string;
  /** When the links were issued; also the PDF's creation date, so output is reproducible. */
  readonly issuedAt: Date;
}

/** The column headings shared by the CSV and XLSX exports. */
export const linkColumnHeaders = ['村（居）代码', '村（居）名称', '填报链接', '有效期至'] as const;
