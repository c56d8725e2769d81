/**
 * The input rows of the programme's two tables (see domain/DOMAIN.md, "Sample statistics
 * columns" and "Summary"): 《城乡社区老年协会建设情况汇总表》, one row per township, and
 * 《城乡社区老年协会建设情况统计表》, one row per village. The renderers are pure: callers
 * read the aggregates and the baseline answers and pass plain values. A missing value
 * (undefined) is a blank cell. The layouts are a sample (示例，可按省标准调整).
 */

/** One township of the 汇总表: counts as of the table's date. Rates are derived, see `summaryColumns`. */
export interface SummaryRow {
  /** 乡镇 */
  readonly township: string;
  /** 村（居）总数, split into 村 and 社区 (居委会). */
  readonly villages: { readonly village: number; readonly community: number };
  /** 已建协会数 */
  readonly associations: number;
  /** 已登记数 (registered with civil affairs) */
  readonly registered: number;
  /** 已备案数 (filed with the township) */
  readonly filed: number;
  /** 60岁以上老年人总数, summed over the villages that reported it. */
  readonly elderly?: number;
  /** 会员总数 */
  readonly members?: number;
  /** 平均入会率: the mean of the villages' membership rates, a fraction (0.52). */
  readonly avgMembershipRate?: number;
  /** 有固定场所数 */
  readonly fixedVenues: number;
  /** 试点数 */
  readonly pilots: number;
  /** 达标数: villages standardized as of the table's date. */
  readonly standardized: number;
  /** 年度目标: the rate to exceed strictly (0.65 for 2023); undefined when none is set. */
  readonly target?: number;
  /** 年度经费合计, in yuan. */
  readonly fundsTotal?: number;
}

export type UnitType = 'village' | 'community';
export type RegistrationStatus = 'registered' | 'filed' | 'none';
/** The four rules of content 3 (建立健全制度), as the baseline form's `rules` options. */
export type RuleKind = 'meeting' | 'study' | 'activity' | 'finance';
export type Gender = 'male' | 'female';

/**
 * One village of the 统计表. Field names follow the baseline form (`forms/baseline.json`),
 * so a submission's answers map over directly; option lists (经费来源, 活动类型) are passed
 * as their labels.
 */
export interface StatisticsRow {
  /** 乡镇 */
  readonly township: string;
  /** 村（居）名称 */
  readonly name: string;
  readonly type: UnitType;
  /** 统计用区划代码, 12 digits. */
  readonly code: string;
  readonly registeredPopulation?: number;
  readonly elderlyPopulation?: number;
  readonly hasAssociation?: boolean;
  readonly associationName?: string;
  /** 成立时间, YYYY-MM-DD */
  readonly foundedOn?: string;
  readonly registrationStatus?: RegistrationStatus;
  /** 登记证号 when registered, the filing date when filed. */
  readonly registrationRef?: string;
  readonly hasCharter?: boolean;
  readonly members?: number;
  /** 会长 (the president among the association's leaders). */
  readonly president?: {
    readonly name?: string;
    readonly gender?: Gender;
    readonly age?: number;
    readonly phone?: string;
  };
  /** 班子人数 */
  readonly boardSize?: number;
  /** 最近换届时间, YYYY-MM-DD */
  readonly lastElectionOn?: string;
  /** The rules in place; undefined when not answered (blank), [] when none (无). */
  readonly rules?: readonly RuleKind[];
  readonly openAffairs?: boolean;
  readonly accountBooks?: boolean;
  /** 办公场所面积, m² */
  readonly officeArea?: number;
  /** 活动场所面积, m² */
  readonly activityArea?: number;
  /** 依托设施, e.g. 村综合服务中心 */
  readonly hostFacility?: string;
  readonly dayCare?: boolean;
  /** 年度经费, in yuan */
  readonly annualFunds?: number;
  readonly fundingSources?: readonly string[];
  readonly activitiesPerYear?: number;
  readonly activityTypes?: readonly string[];
  readonly trainingsPerYear?: number;
  readonly isPilot?: boolean;
  /** 自评得分 (the village's self-evaluation) */
  readonly selfScore?: number;
  /** 镇评估得分 (the township's acceptance evaluation; the one that counts) */
  readonly acceptanceScore?: number;
  /** 是否达标 as of the table's date */
  readonly standardized?: boolean;
  /** The latest look-back (回头看): its date (YYYY-MM-DD) and conclusion. */
  readonly lookback?: { readonly on?: string; readonly conclusion?: string };
  readonly remarks?: string;
}

/** What is printed around either table. */
export interface TableMeta {
  /** The unit the table covers, put before the title: 东临溪镇, 休宁县. */
  readonly unitName: string;
  /** The programme year, e.g. 2023. */
  readonly year: number;
  /** 统计截至: the date the figures are as of, YYYY-MM-DD. */
  readonly asOf: string;
  /** 填报单位, e.g. 东临溪镇人民政府 */
  readonly reportingUnit: string;
  /** 填报人; a blank line for a signature when missing. */
  readonly preparer?: string;
  /** 联系电话 */
  readonly phone?: string;
  /** 填报日期, YYYY-MM-DD */
  readonly reportedOn: string;
  /** 审核人; a blank line for a signature when missing. */
  readonly reviewer?: string;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The sum of the defined values, or undefined when no row has one. */
function sumKnown(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? sum(known) : undefined;
}

/** The target all rows share, or undefined when they differ or none has one. */
function commonTarget(rows: readonly SummaryRow[]): number | undefined {
  const targets = new Set(rows.map((r) => r.target));
  const [only] = targets;
  return targets.size === 1 ? only : undefined;
}

/**
 * The 合计 row: counts summed, so every rate in it is recomputed from the sums by the same
 * columns (never an average of the townships' rates). Its 平均入会率 is the pooled rate,
 * members ÷ elderly over the townships that report both; its target is the one all
 * townships share (blank when they differ), so 是否完成目标 is judged on the sums.
 */
export function summaryTotals(rows: readonly SummaryRow[]): SummaryRow {
  const add = (pick: (r: SummaryRow) => number) => sum(rows.map(pick));
  const both = rows.filter((r) => r.members !== undefined && r.elderly !== undefined);
  const pooledElderly = sum(both.map((r) => r.elderly ?? 0));
  return {
    township: '合计',
    villages: { village: add((r) => r.villages.village), community: add((r) => r.villages.community) },
    associations: add((r) => r.associations),
    registered: add((r) => r.registered),
    filed: add((r) => r.filed),
    elderly: sumKnown(rows.map((r) => r.elderly)),
    members: sumKnown(rows.map((r) => r.members)),
    avgMembershipRate: pooledElderly ? sum(both.map((r) => r.members ?? 0)) / pooledElderly : undefined,
    fixedVenues: add((r) => r.fixedVenues),
    pilots: add((r) => r.pilots),
    standardized: add((r) => r.standardized),
    target: commonTarget(rows),
    fundsTotal: sumKnown(rows.map((r) => r.fundsTotal)),
  };
}
