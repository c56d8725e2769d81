import { levelOfCode } from '../org/division';
import { meetsTarget } from '../programme/targets';
import type {
  Gender,
  RegistrationStatus,
  RuleKind,
  StatisticsRow,
  SummaryRow,
  UnitType,
} from './official-table-rows';
import {
  type CellKind,
  type CellValue,
  hasOrNot,
  type LeafColumn,
  ratio,
  type TableColumn,
  yesNo,
} from './table-layout';

/**
 * The columns of the two tables, in the order of domain/DOMAIN.md, with the two-level
 * headers where the list groups them. Rates are computed here from the counts, so a row
 * and the 合计 row follow one rule.
 */

/** A column factory for one kind: `text('乡镇', (r) => r.township)`. */
function leaf(kind: CellKind) {
  return <R>(header: string, value: (row: R) => CellValue): LeafColumn<R> => ({ header, kind, value });
}
const text = leaf('text');
const number = leaf('number');
const percent = leaf('percent');
const date = leaf('date');
const digits = leaf('digits');
const targetRate = leaf('target');

/** 村（居）总数 of a township row. */
const unitCount = (r: SummaryRow) => r.villages.village + r.villages.community;

/** 是否完成目标: strictly above the target (超过), in exact integer arithmetic; blank without a target. */
function targetMet(r: SummaryRow): string | undefined {
  return r.target === undefined ? undefined : yesNo(meetsTarget(r.standardized, unitCount(r), r.target));
}

/** 汇总表: one row per township (the signature fields are the footer, not columns). */
export const summaryColumns: readonly TableColumn<SummaryRow>[] = [
  text('乡镇', (r) => r.township),
  {
    header: '村（居）总数',
    columns: [number('村', (r) => r.villages.village), number('社区', (r) => r.villages.community)],
  },
  number('已建协会数', (r) => r.associations),
  percent('建会率', (r) => ratio(r.associations, unitCount(r))),
  number('已登记数', (r) => r.registered),
  number('已备案数', (r) => r.filed),
  percent('登记备案率', (r) => ratio(r.registered + r.filed, r.associations)),
  number('60岁以上老年人总数', (r) => r.elderly),
  number('会员总数', (r) => r.members),
  percent('平均入会率', (r) => r.avgMembershipRate),
  number('有固定场所数', (r) => r.fixedVenues),
  number('试点数', (r) => r.pilots),
  number('达标数', (r) => r.standardized),
  percent('规范化建设率', (r) => ratio(r.standardized, unitCount(r))),
  targetRate('年度目标', (r) => r.target),
  text('是否完成目标', targetMet),
  number('年度经费合计（元）', (r) => r.fundsTotal),
];

const unitTypeLabels: Record<UnitType, string> = { village: '村', community: '社区' };
const registrationLabels: Record<RegistrationStatus, string> = {
  registered: '已登记',
  filed: '已备案',
  none: '未',
};
const genderLabels: Record<Gender, string> = { male: '男', female: '女' };

/** The village's code, checked: a 12-digit division code or a RangeError. */
function villageCode(r: StatisticsRow): string {
  if (levelOfCode(r.code) !== 'village') throw new RangeError(`${r.name}: ${r.code} is not a 12-digit code`);
  return r.code;
}

/** 有 / 无 for one rule; blank when the rules were not answered. */
const rule = (kind: RuleKind) => (r: StatisticsRow) => hasOrNot(r.rules?.includes(kind));

/** A multiple choice as one cell: 财政拨款、村集体经济. */
const list = (items: readonly string[] | undefined) => items?.join('、');

/** 统计表: one row per village. */
export const statisticsColumns: readonly TableColumn<StatisticsRow>[] = [
  text('乡镇', (r) => r.township),
  text('村（居）名称', (r) => r.name),
  text('类型', (r) => unitTypeLabels[r.type]),
  digits('统计用区划代码', villageCode),
  number('户籍人口', (r) => r.registeredPopulation),
  number('60周岁以上老年人数', (r) => r.elderlyPopulation),
  text('是否成立老年协会', (r) => yesNo(r.hasAssociation)),
  text('协会名称', (r) => r.associationName),
  date('成立时间', (r) => r.foundedOn),
  text('登记/备案状态', (r) => r.registrationStatus && registrationLabels[r.registrationStatus]),
  digits('登记证号或备案日期', (r) => r.registrationRef),
  text('有无章程', (r) => hasOrNot(r.hasCharter)),
  number('会员人数', (r) => r.members),
  percent('入会率', (r) => ratio(r.members, r.elderlyPopulation)),
  {
    header: '会长',
    columns: [
      text('姓名', (r) => r.president?.name),
      text('性别', (r) => r.president?.gender && genderLabels[r.president.gender]),
      number('年龄', (r) => r.president?.age),
      digits('联系电话', (r) => r.president?.phone),
    ],
  },
  number('班子人数', (r) => r.boardSize),
  date('最近换届时间', (r) => r.lastElectionOn),
  {
    header: '制度',
    columns: [
      text('例会', rule('meeting')),
      text('学习', rule('study')),
      text('活动', rule('activity')),
      text('财务', rule('finance')),
    ],
  },
  text('会务公开', (r) => yesNo(r.openAffairs)),
  text('帐簿', (r) => hasOrNot(r.accountBooks)),
  number('办公场所面积（m²）', (r) => r.officeArea),
  number('活动场所面积（m²）', (r) => r.activityArea),
  text('依托设施', (r) => r.hostFacility),
  text('日间照料功能', (r) => hasOrNot(r.dayCare)),
  number('年度经费（元）', (r) => r.annualFunds),
  text('经费来源', (r) => list(r.fundingSources)),
  number('年度活动次数', (r) => r.activitiesPerYear),
  text('活动类型', (r) => list(r.activityTypes)),
  number('骨干培训次数', (r) => r.trainingsPerYear),
  text('是否试点', (r) => yesNo(r.isPilot)),
  number('自评得分', (r) => r.selfScore),
  number('镇评估得分', (r) => r.acceptanceScore),
  text('是否达标', (r) => yesNo(r.standardized)),
  {
    header: '回头看',
    columns: [date('日期', (r) => r.lookback?.on), text('结论', (r) => r.lookback?.conclusion)],
  },
  text('备注', (r) => r.remarks),
];

/** The notes printed under each table: how the figures are computed, and that the layout is a sample. */
export const tableNotes = {
  summary:
    '说明：建会率＝已建协会数÷村（居）总数；登记备案率＝（已登记数＋已备案数）÷已建协会数；' +
    '规范化建设率＝达标数÷村（居）总数；完成目标指规范化建设率超过年度目标（等于不算完成）；' +
    '合计行的比率由合计数重新计算。表式为示例，可按省标准调整。',
  statistics:
    '说明：入会率＝会员人数÷60周岁以上老年人数；是否达标以镇评估验收结果为准。表式为示例，可按省标准调整。',
} as const;
