import type { CompiledForm } from '../../forms/compiled-form';
import type { Gender, RuleKind, StatisticsRow, SummaryRow } from '../../printables/official-tables';
import type { VillageRecords } from '../../programme/event-sources';
import type { UnitTotals } from '../../programme/unit-totals';
import type { VillageRow } from '../../programme/village-row';

/**
 * The rows of the two official tables from what the aggregates and the village records
 * hold: a township's totals become a 汇总表 row, a village's latest counted baseline (with
 * its scores and look-back) a 统计表 row.
 */

/** A 汇总表 row from a township's totals. */
export function summaryRow(township: string, totals: UnitTotals, target: number | undefined): SummaryRow {
  return {
    township,
    villages: { village: totals.villages - totals.communities, community: totals.communities },
    associations: totals.associations,
    registered: totals.registered,
    filed: totals.filed,
    elderly: totals.elderly,
    members: totals.members,
    // Members over the elderly of the villages that reported: the rate of the township as a whole.
    ...(totals.elderly > 0 ? { avgMembershipRate: totals.members / totals.elderly } : {}),
    fixedVenues: totals.withVenue,
    pilots: totals.pilots,
    standardized: totals.standardized,
    ...(target !== undefined ? { target } : {}),
    fundsTotal: Math.round(totals.funds * 100) / 100,
  };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const list = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/** Option labels of a choice field of the form, by value. */
function labelsOf(form: CompiledForm, key: string): Map<string, string> {
  const field = form.fields.get(key)?.field;
  const options = field && 'options' in field ? (field.options ?? []) : [];
  return new Map(options.map((o: { value: string; label: string }) => [o.value, o.label]));
}

const rules: readonly RuleKind[] = ['meeting', 'study', 'activity', 'finance'];
const lookbackConclusions: Record<string, string> = { keep: '保持', rectify: '限期整改', revoke: '撤销' };

/** A 统计表 row of a village as of its row's date, from its latest counted baseline. */
export function statisticsRow(
  township: string,
  records: VillageRecords,
  row: VillageRow,
  baselineForm: CompiledForm,
): StatisticsRow {
  const baseline = records.submissions
    .filter((s) => s.formId === 'baseline' && s.review?.state !== 'returned')
    .reduce<VillageRecords['submissions'][number] | undefined>(
      (a, b) => (a === undefined || b.receivedAt > a.receivedAt ? b : a),
      undefined,
    );
  const a = baseline?.answers ?? {};
  const leaders = Array.isArray(a.leaders) ? (a.leaders as unknown[]) : [];
  const president = leaders.find(
    (l): l is Record<string, unknown> =>
      typeof l === 'object' && l !== null && (l as Record<string, unknown>).leaderRole === 'president',
  );
  const gender = president?.leaderGender;
  const registration = str(a.registrationStatus);
  const lookback = records.evaluations
    .filter((e) => e.formId === 'lookback')
    .sort((x, y) => (x.effectiveDate < y.effectiveDate ? 1 : -1))[0];
  const sources = labelsOf(baselineForm, 'fundingSources');
  const activities = labelsOf(baselineForm, 'activityTypes');
  const chosenRules = list(a.rules);
  return {
    township,
    name: records.unit.name,
    type: row.kind,
    code: records.unit.code,
    registeredPopulation: num(a.registeredPopulation),
    elderlyPopulation: num(a.elderlyPopulation),
    hasAssociation: bool(a.hasAssociation),
    associationName: str(a.associationName),
    foundedOn: str(a.foundedOn),
    ...(registration === 'registered' || registration === 'filed' || registration === 'none'
      ? { registrationStatus: registration }
      : {}),
    registrationRef: registration === 'registered' ? str(a.registrationNumber) : str(a.filedOn),
    hasCharter: bool(a.hasCharter),
    members: num(a.members),
    ...(president
      ? {
          president: {
            name: str(president.leaderName),
            ...(gender === 'male' || gender === 'female' ? { gender: gender as Gender } : {}),
            age: num(president.leaderAge),
            phone: str(president.leaderPhone),
          },
        }
      : {}),
    boardSize: num(a.boardSize),
    lastElectionOn: str(a.lastElectionOn),
    ...(chosenRules ? { rules: rules.filter((r) => chosenRules.includes(r)) } : {}),
    openAffairs: bool(a.openAffairs),
    accountBooks: bool(a.accountBooks),
    officeArea: num(a.officeArea),
    activityArea: num(a.activityArea),
    hostFacility: str(a.hostFacility),
    dayCare: bool(a.dayCare),
    annualFunds: num(a.annualFunds),
    fundingSources: list(a.fundingSources)?.map((v) => sources.get(v) ?? v),
    activitiesPerYear: num(a.activitiesPerYear),
    activityTypes: list(a.activityTypes)?.map((v) => activities.get(v) ?? v),
    trainingsPerYear: num(a.trainingsPerYear),
    isPilot: bool(a.isPilot),
    selfScore: row.selfScore,
    acceptanceScore: row.acceptanceScore,
    standardized: row.standardized,
    ...(lookback
      ? {
          lookback: {
            on: lookback.effectiveDate,
            conclusion: lookbackConclusions[lookback.conclusion ?? ''],
          },
        }
      : {}),
    remarks: str(a.remarks),
  };
}
