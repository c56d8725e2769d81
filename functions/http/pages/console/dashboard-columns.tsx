import type { UnitStats } from '../../../../shared/app/stats/stats-service';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import { formatRate } from '../../../../shared/printables/rate-charts';
import { villageFormIds } from '../../../../shared/programme/shipped-programme';
import type { StepCounts } from '../../../../shared/programme/unit-totals';
import { stages } from '../../../../shared/programme/village-events';
import type { FormProgress, FormState, VillageRow } from '../../../../shared/programme/village-row';
import { formTitle, levelNames } from './area';
import { reviewStateText } from './review';
import type { Column } from './sortable-table';
import { StageTag } from './status';

/** "超过 65%": a target is strictly more than its rate. */
export const aboveText = (rateAbove: number) => `超过 ${formatRate(rateAbove)}`;

/** A share as a percentage, or — when nothing is expected. */
const share = (part: number, whole: number) => (whole === 0 ? '—' : formatRate(part / whole));

export const MetTag = (props: { met: boolean }) =>
  props.met ? <span class="tag ok">达标</span> : <span class="tag bad">未达标</span>;

const Completeness = (props: { counts: StepCounts | undefined }) => {
  const { expected = 0, submitted = 0, approved = 0, onTime = 0 } = props.counts ?? {};
  return (
    <>
      {submitted}/{expected}（{share(submitted, expected)}）
      <br />
      <span class="muted">
        已通过 {approved} · 按时 {onTime}
      </span>
    </>
  );
};

/**
 * The columns of a county's (or wider) table: one row per township (or county, city) with
 * its rate against the year's target and how complete each village form is.
 */
export function unitColumns(props: {
  level: UnitStats['unit']['level'];
  rateAbove?: number | undefined;
  hrefOf: (unit: UnitStats['unit']) => string;
}): Column<UnitStats>[] {
  const target = props.rateAbove;
  const withTarget: Column<UnitStats>[] =
    target === undefined
      ? []
      : [
          { key: 'target', label: '目标', cell: () => aboveText(target) },
          {
            key: 'met',
            label: '是否达标',
            cell: (u) => <MetTag met={u.met === true} />,
            sortBy: (u) => (u.met ? 1 : 0),
            firstDir: 'desc',
          },
          {
            key: 'needed',
            label: '还需（个）',
            cell: (u) => u.needed ?? 0,
            sortBy: (u) => u.needed ?? 0,
            firstDir: 'desc',
          },
        ];
  return [
    {
      key: 'name',
      label: levelNames[props.level],
      cell: (u) => <a href={props.hrefOf(u.unit)}>{u.unit.name}</a>,
      sortBy: (u) => u.unit.name,
    },
    {
      key: 'villages',
      label: '村（居）数',
      cell: (u) => u.villages,
      sortBy: (u) => u.villages,
      firstDir: 'desc',
    },
    {
      key: 'standardized',
      label: '已规范化',
      cell: (u) => u.standardized,
      sortBy: (u) => u.standardized,
      firstDir: 'desc',
    },
    {
      key: 'rate',
      label: '建设率',
      cell: (u) => formatRate(u.rate),
      sortBy: (u) => u.rate,
      firstDir: 'desc',
    },
    ...withTarget,
    ...villageFormIds.map(
      (formId): Column<UnitStats> => ({
        key: formId,
        label: `${formTitle(formId)}（已交/应交）`,
        cell: (u) => <Completeness counts={u.steps[formId]} />,
        sortBy: (u) => {
          const s = u.steps[formId];
          return s && s.expected > 0 ? s.submitted / s.expected : -1;
        },
        firstDir: 'desc',
      }),
    ),
  ];
}

/** How far a village has got with a form: its state in words, and whether it was on time. */
const formStateText: Record<FormState, [string, string]> = {
  none: ['未填报', 'tag'],
  ...reviewStateText,
};
const stateRank: Record<FormState, number> = { none: 0, returned: 1, pending: 2, approved: 3 };

const FormCell = (props: { progress: FormProgress | undefined }) => {
  const state = props.progress?.state ?? 'none';
  const [text, cls] = formStateText[state];
  return (
    <>
      <span class={cls} data-state={state}>
        {text}
      </span>
      {state === 'pending' || state === 'approved' ? (
        <span class="muted"> {props.progress?.onTime ? '按时' : '逾期'}</span>
      ) : null}
    </>
  );
};

const lastAt = (row: VillageRow) =>
  Object.values(row.forms).reduce((m, f) => (f.lastAt && f.lastAt > m ? f.lastAt : m), '');

/** The columns of a township's table: one row per village in the roster. */
export function villageColumns(hrefOf: (row: VillageRow) => string): Column<VillageRow>[] {
  return [
    {
      key: 'name',
      label: '村（居）',
      cell: (r) => <a href={hrefOf(r)}>{r.name}</a>,
      sortBy: (r) => r.name,
    },
    {
      key: 'stage',
      label: '阶段',
      cell: (r) => <StageTag stage={r.stage} />,
      sortBy: (r) => stages.indexOf(r.stage),
      firstDir: 'desc',
    },
    {
      key: 'standardized',
      label: '是否规范化',
      cell: (r) =>
        r.standardized ? <span class="tag ok">已规范化</span> : <span class="tag">未规范化</span>,
      sortBy: (r) => (r.standardized ? 1 : 0),
      firstDir: 'desc',
    },
    ...villageFormIds.map(
      (formId): Column<VillageRow> => ({
        key: formId,
        label: formTitle(formId),
        cell: (r) => <FormCell progress={r.forms[formId]} />,
        sortBy: (r) => stateRank[r.forms[formId]?.state ?? 'none'],
        firstDir: 'desc',
      }),
    ),
    {
      key: 'last',
      label: '最近提交',
      cell: (r) => (lastAt(r) ? formatChinaTime(lastAt(r)) : '—'),
      sortBy: lastAt,
      firstDir: 'desc',
    },
  ];
}
