import type { CertificateView } from '../../../../shared/app/certificates/certificate-service';
import type { StatsView } from '../../../../shared/app/stats/stats-service';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import { orgLevels } from '../../../../shared/org/division';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import {
  formatRate,
  type RatePoint,
  rateBarChart,
  rateTrendChart,
} from '../../../../shared/printables/rate-charts';
import type { VillageRow } from '../../../../shared/programme/village-row';
import { levelNames, Trail, type UnitRef } from './area';
import { CertificatesCard } from './certificates';
import { type ChaseCard, ChaseList, ChaseSummary, type ChaseSummaryCard } from './chase-list';
import { aboveText, MetTag, unitColumns, villageColumns } from './dashboard-columns';
import { Downloads } from './dashboard-downloads';
import { type ConsoleViewer, renderConsole } from './shell';
import { pickSort, type Sort, SortableTable } from './sortable-table';

/** What the dashboard of one unit shows. */
export interface DashboardView {
  stats: StatsView;
  /** The units from the viewer's scope down to this one's parent. */
  trail: UnitRef[];
  /** The target year picked, or undefined for today. */
  year?: number | undefined;
  /** The years the selector offers (the programme's target years). */
  years: readonly number[];
  /** The rate at each past target year's end and today. */
  trend: RatePoint[];
  /** The requested sort, as the query gave it (checked against the columns here). */
  sort?: string | undefined;
  dir?: string | undefined;
  /** Townships: the chase list of each village form. */
  chase?: ChaseCard[];
  /** Units above the township: each village form's chase list, counted per unit below. */
  chaseSummary?: ChaseSummaryCard[];
  /** Today in China (the picker's “today” option, whatever year is shown). */
  today: string;
  /** Townships: the villages' certificates (with a ZIP of them all). */
  certificates?: readonly CertificateView[];
  origin: string;
}

/** A dashboard URL that keeps the year (and the sort) picked. */
export function statsHref(code: string, year?: number, sort?: Sort): string {
  const params = new URLSearchParams();
  if (year !== undefined) params.set('year', String(year));
  if (sort) params.set('sort', sort.key);
  if (sort) params.set('dir', sort.dir);
  const query = params.toString();
  return `/console/stats/${code}${query ? `?${query}` : ''}`;
}

/** Villages have their own page; every other unit its dashboard. */
const unitStatsHref = (unit: Pick<OrgUnit, 'code' | 'level'>, year?: number) =>
  unit.level === 'village' ? `/console/villages/${unit.code}` : statsHref(unit.code, year);

const childLevelOf = (level: OrgUnit['level']) => orgLevels[orgLevels.indexOf(level) + 1] ?? 'village';

const Headline = (props: { stats: StatsView; year: number }) => {
  const { stats } = props;
  const { target } = stats;
  return (
    <div class="card headline" data-testid="headline">
      <p class="rate">
        <span class="big" data-testid="rate">
          {formatRate(stats.rate)}
        </span>{' '}
        规范化建设率（{stats.standardized}/{stats.villages} 个村（居）已规范化）
      </p>
      {target ? (
        <p data-testid="target">
          {target.year} 年目标：{aboveText(target.rateAbove)} <MetTag met={stats.met === true} />{' '}
          {stats.needed ? (
            <strong>还需 {stats.needed} 个村（居）规范化才能达标</strong>
          ) : (
            <span>已达到目标</span>
          )}
        </p>
      ) : (
        <p class="muted" data-testid="target">
          {props.year} 年没有设定目标。
        </p>
      )}
    </div>
  );
};

const YearPicker = (props: { view: DashboardView }) => {
  const { view } = props;
  return (
    <form method="get" action={`/console/stats/${view.stats.unit.code}`} class="row" data-testid="year-form">
      <div>
        <label for="year">统计口径</label>
        <select id="year" name="year">
          <option value="" selected={view.year === undefined}>
            今天（{view.today}）
          </option>
          {view.years.map((y) => (
            <option value={String(y)} selected={view.year === y}>
              {y} 年底
            </option>
          ))}
        </select>
      </div>
      {view.sort ? <input type="hidden" name="sort" value={view.sort} /> : null}
      {view.dir ? <input type="hidden" name="dir" value={view.dir} /> : null}
      <div>
        <button type="submit">查看</button>
      </div>
    </form>
  );
};

/** An SVG the server drew (CSP-safe: no style, no script). */
const Chart = (props: { svg: string; testid: string }) => (
  <div class="chart" data-testid={props.testid} dangerouslySetInnerHTML={{ __html: props.svg }} />
);

/** The children's table: a township's villages, or a wider unit's townships (counties, cities). */
const ChildrenTable = (props: { view: DashboardView; villages: VillageRow[] }) => {
  const { view } = props;
  const { unit, target } = view.stats;
  const hrefOf = (sort: Sort) => statsHref(unit.code, view.year, sort);
  if (unit.level === 'township') {
    const columns = villageColumns((r) => unitStatsHref({ code: r.code, level: 'village' }));
    const sort = pickSort(columns, view.sort, view.dir);
    return (
      <SortableTable
        columns={columns}
        rows={props.villages}
        sort={sort}
        hrefOf={hrefOf}
        rowKey={(r) => r.code}
      />
    );
  }
  const columns = unitColumns({
    level: childLevelOf(unit.level),
    rateAbove: target?.rateAbove,
    hrefOf: (u) => unitStatsHref(u, view.year),
  });
  const sort = pickSort(columns, view.sort, view.dir);
  return (
    <SortableTable
      columns={columns}
      rows={view.stats.children}
      sort={sort}
      hrefOf={hrefOf}
      rowKey={(c) => c.unit.code}
    />
  );
};

/**
 * 统计: a unit's rate against the year's target with when it was computed, its children's
 * rates as a bar chart and a sortable table, the trend by year, the two tables to
 * download, and for a township its villages and the chase lists (催报).
 */
export function renderDashboard(view: DashboardView, viewer: ConsoleViewer): string {
  const { stats } = view;
  const { unit } = stats;
  const year = view.year ?? Number(stats.asOf.slice(0, 4));
  const rateAbove = stats.target?.rateAbove;
  const isTownship = unit.level === 'township';
  const childLevel = childLevelOf(unit.level);
  const villages = (stats.rows ?? []).filter((r) => r.inRoster);
  const units = isTownship
    ? villages.map((r) => ({ name: r.name, rate: r.standardized ? 1 : 0, met: r.standardized }))
    : stats.children.map((c) => ({
        name: c.unit.name,
        rate: c.rate,
        ...(c.met === undefined ? {} : { met: c.met }),
      }));
  const childName = levelNames[childLevel];
  return renderConsole({
    title: `${unit.name} · 统计`,
    viewer,
    section: 'stats',
    children: (
      <>
        <Trail trail={view.trail} here={unit} href={(u) => unitStatsHref(u, view.year)} />
        <h1>
          {unit.name} 规范化建设统计 <span class="muted">{levelNames[unit.level]}</span>
        </h1>
        <p class="muted" data-testid="computed">
          截至 {stats.asOf} · 统计时间 {formatChinaTime(stats.computedAt)}
          {stats.source === 'recount' ? '（按需重新计算）' : ''}
        </p>
        <div class="card">
          <YearPicker view={view} />
        </div>
        <Headline stats={stats} year={year} />
        <div class="charts">
          <div class="card">
            <h2>各{childName}规范化建设率</h2>
            <Chart
              testid="bar-chart"
              svg={rateBarChart({
                units,
                ...(rateAbove === undefined ? {} : { target: rateAbove }),
                title: `${unit.name}各${childName}规范化建设率`,
              })}
            />
          </div>
          <div class="card">
            <h2>逐年变化</h2>
            <Chart testid="trend-chart" svg={rateTrendChart({ points: view.trend })} />
            <p class="muted">各目标年份按年底统计，{view.trend.at(-1)?.year ?? year} 年为今天的数。</p>
          </div>
        </div>
        <div class="card" data-testid="children">
          <h2>
            各{childName}（{isTownship ? villages.length : stats.children.length} 个）
          </h2>
          <ChildrenTable view={view} villages={villages} />
          <p class="muted">点表头排序，再点一次反向。</p>
        </div>
        <Downloads code={unit.code} unitName={unit.name} year={view.year} />
        {view.certificates ? <CertificatesCard certificates={view.certificates} zipOf={unit.code} /> : null}
        {view.chase?.length ? (
          <>
            <h2>催报（按今天的填报情况）</h2>
            {view.chase.map((card) => (
              <ChaseList code={unit.code} card={card} origin={view.origin} />
            ))}
          </>
        ) : null}
        {view.chaseSummary?.length ? (
          <>
            <h2>催报（按今天的填报情况）</h2>
            {view.chaseSummary.map((card) => (
              <ChaseSummary code={unit.code} card={card} />
            ))}
          </>
        ) : null}
      </>
    ),
  });
}
