import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import type { BlobStore } from '../../blobs/blob-store';
import { AppError } from '../../errors';
import { formIdSchema } from '../../forms/meta-schema';
import { chinaIsoDate, formatChinaTime } from '../../lib/china-time';
import { addDays, isCalendarDate } from '../../lib/dates';
import { safeFileNamePart } from '../../lib/file-name';
import { mapLimit } from '../../lib/map-limit';
import type { OrgUnit } from '../../org/org-unit';
import { assertInScope } from '../../org/scope';
import {
  type OfficialTableKind,
  type OfficialTableRows,
  officialTableCsv,
  officialTableNames,
  officialTableXlsx,
  type TableMeta,
} from '../../printables/official-tables';
import { csvField } from '../../printables/table-csv';
import { xlsxContentType } from '../../printables/table-file';
import { villageEvents } from '../../programme/event-sources';
import { targetForYear } from '../../programme/programme-schema';
import { programme, stepOfForm, villageFormIds } from '../../programme/shipped-programme';
import { addTotals, rowTotals, type UnitTotals } from '../../programme/unit-totals';
import { villageRow } from '../../programme/village-row';
import { villageStatus } from '../../programme/village-status';
import type { AggregateRepository } from '../../store/aggregate-repository';
import { townshipOf } from '../../store/keys';
import type { FormCatalogue } from '../forms/form-catalogue';
import type { LinkService } from '../links/link-service';
import type { OrgLookup } from '../orgs/org-lookup';
import { type Aggregation, snapshotsOn } from './aggregation';
import { statisticsRow, summaryRow } from './official-rows';
import { yearEndOrToday, yearParamSchema } from './stats-service';

/** The query of the chase list: a village form, and how to return it. */
export const chaseQuerySchema = z.object({
  formId: formIdSchema.check(
    z.refine(
      (id) => villageFormIds.includes(id),
      `催报只适用于村（居）填报的表：${villageFormIds.join('、')}`,
    ),
  ),
  format: z._default(z.enum(['json', 'csv', 'text'], '格式应为 json、csv 或 text'), 'json'),
});

/** The query of the export: which table, which file format, which target year. */
export const exportQuerySchema = z.object({
  table: z.enum(['summary', 'statistics'], '表格应为 summary（汇总表）或 statistics（统计表）'),
  format: z._default(z.enum(['xlsx', 'csv'], '格式应为 xlsx 或 csv'), 'xlsx'),
  year: z.optional(yearParamSchema),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

/** The query of "what changed" between two dates. */
export const changesQuerySchema = z.object({
  from: z
    .string('请给出开始日期 from=YYYY-MM-DD')
    .check(z.refine(isCalendarDate, '开始日期 from 应为有效日期 YYYY-MM-DD')),
  to: z
    .string('请给出结束日期 to=YYYY-MM-DD')
    .check(z.refine(isCalendarDate, '结束日期 to 应为有效日期 YYYY-MM-DD')),
});

/** One village on the chase list (催报). */
export interface ChaseItem {
  orgCode: string;
  orgName: string;
  township: string;
  linkUrl?: string;
  /** The last submission (returned) or `undefined` when nothing was ever submitted. */
  lastActivity?: string;
  /** 未填报 or 已退回待重报. */
  reason: string;
}

/** A file to download. */
export interface DownloadFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Scopes with more villages than this get the 统计表 from the job, not from the request. */
export const inlineExportMaxVillages = 2500;

/** The chase list as text for a WeChat group: who has not filled the form, with their links. */
export function chaseText(
  unitName: string,
  formId: string,
  items: readonly ChaseItem[],
  origin: string,
): string {
  const step = stepOfForm(formId);
  const title = step?.title ?? formId;
  if (items.length === 0) return `【${unitName}】${title}：所有村（居）都已填报，谢谢大家！`;
  const lines = items.map(
    (item, i) =>
      `${i + 1}. ${item.township}${item.orgName}（${item.reason}）\n${item.linkUrl ? `${origin}${item.linkUrl}` : '（链接未下发，请联系乡镇）'}`,
  );
  const due = step?.due ? `截止日期 ${step.due}，` : '';
  return [
    `【${unitName}】${title}还有 ${items.length} 个村（居）未完成：`,
    ...lines,
    `${due}请尽快用本村链接填报。如已提交请忽略。`,
  ].join('\n');
}

/** The chase list as CSV (codes kept as text for Excel). */
export function chaseCsv(items: readonly ChaseItem[], origin: string): string {
  const text = (value: string) => csvField({ kind: 'text', value });
  const line = (cells: string[]) => `${cells.join(',')}\r\n`;
  const header = line(['统计用区划代码', '乡镇', '村（居）', '情况', '最近提交', '填报链接'].map(text));
  const body = items.map((i) =>
    line([
      csvField({ kind: 'digits', value: i.orgCode }),
      ...[i.township, i.orgName, i.reason].map(text),
      text(i.lastActivity ? formatChinaTime(i.lastActivity) : ''),
      text(i.linkUrl ? `${origin}${i.linkUrl}` : ''),
    ]),
  );
  return `\ufeff${header}${body.join('')}`;
}

export function createReports(deps: {
  orgLookup: OrgLookup;
  aggregates: AggregateRepository;
  aggregation: Aggregation;
  links: LinkService;
  forms: FormCatalogue;
  blobs: BlobStore;
  /** Above this many villages the 统计表 is left to the job (default `inlineExportMaxVillages`). */
  inlineMaxVillages?: number;
}) {
  const inlineMax = deps.inlineMaxVillages ?? inlineExportMaxVillages;
  async function unitInScope(principal: Principal, code: string): Promise<OrgUnit> {
    assertInScope(principal, code);
    const unit = await deps.orgLookup.get(code);
    if (!unit) throw new AppError('org.not_found', { details: { code } });
    if (unit.level === 'village') {
      throw new AppError('request.invalid', { message: '请选择乡镇及以上的区划' });
    }
    return unit;
  }

  /** Today's village rows under a unit: from the stored township aggregates, else recounted. */
  async function currentRows(unit: OrgUnit, today: string) {
    const [own, stored] = await Promise.all([
      deps.aggregates.get('current', unit.code),
      deps.aggregates.rowsUnder('current', unit.code),
    ]);
    if (own) return stored.flatMap((t) => t.rows.map((row) => ({ township: t, row })));
    // Not aggregated yet: every village read once, its row folded for today.
    const { units, records } = await deps.aggregation.recordsUnder(unit.code);
    const names = new Map(units.map((u) => [u.code, u.name]));
    return records.map((r) => {
      const code = townshipOf(r.unit.code);
      return { township: { code, name: names.get(code) ?? '' }, row: villageRow(r, today) };
    });
  }

  return {
    /**
     * Villages in scope with nothing submitted for `formId` (or only returned
     * submissions), with their active link: the list a township posts to the villages'
     * WeChat group. `links: false` leaves the links out (a county's counts per township).
     */
    async chase(
      principal: Principal,
      code: string,
      formId: string,
      now: Date,
      options: { links?: boolean } = {},
    ): Promise<ChaseItem[]> {
      const unit = await unitInScope(principal, code);
      const rows = (await currentRows(unit, chinaIsoDate(now))).filter(
        ({ row }) => row.inRoster && ['none', 'returned'].includes(row.forms[formId]?.state ?? 'none'),
      );
      // The links (one Query per township behind), unless only the counts are wanted.
      const townships = options.links === false ? [] : [...new Set(rows.map((r) => r.township.code))];
      const active = new Map<string, string>();
      const lists = await mapLimit(townships, 8, (t) => deps.links.listLinks(principal, t, formId, now));
      for (const link of lists.flat()) {
        if (link.status === 'active' && !active.has(link.orgCode)) active.set(link.orgCode, link.url);
      }
      return rows.map(({ township, row }) => {
        const progress = row.forms[formId];
        const url = active.get(row.code);
        return {
          orgCode: row.code,
          orgName: row.name,
          township: township.name,
          ...(url ? { linkUrl: url } : {}),
          ...(progress?.lastAt ? { lastActivity: progress.lastAt } : {}),
          reason: progress?.state === 'returned' ? '已退回，待重新提交' : '未填报',
        };
      });
    },

    /**
     * What moved a unit's rate between two dates: the villages whose standardized status
     * differs on `to` from `from`, each with the events between the two dates.
     */
    async changes(principal: Principal, code: string, from: string, to: string) {
      const unit = await unitInScope(principal, code);
      if (!(from < to)) {
        throw new AppError('request.invalid', {
          details: [{ field: 'to', message: '结束日期须晚于开始日期' }],
        });
      }
      const { records } = await deps.aggregation.recordsUnder(unit.code);
      const factKeys = programme.facts.map((f) => f.key);
      const moved = records.flatMap((r) => {
        const events = villageEvents(r, factKeys);
        const before = villageStatus(events, from);
        const after = villageStatus(events, to);
        if (before.standardized === after.standardized) return [];
        return [
          {
            orgCode: r.unit.code,
            orgName: r.unit.name,
            before: { stage: before.stage, standardized: before.standardized },
            after: { stage: after.stage, standardized: after.standardized },
            events: events
              .filter((e) => e.effectiveDate > from && e.effectiveDate <= to)
              .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1)),
          },
        ];
      });
      return { unit: { code: unit.code, name: unit.name, level: unit.level }, from, to, villages: moved };
    },

    /**
     * The 汇总表 or 统计表 of a unit as a file, as of a target year's end (default:
     * today). The 汇总表 comes from the stored township aggregates; the 统计表 reads every
     * village, so for a scope larger than `inlineExportMaxVillages` it is written by the
     * aggregate job into the blob store and this returns `{queued}` until it is there.
     */
    async export(
      principal: Principal,
      code: string,
      query: ExportQuery,
      now: Date,
    ): Promise<DownloadFile | { queued: true; key: string }> {
      const unit = await unitInScope(principal, code);
      const today = chinaIsoDate(now);
      const asOf = yearEndOrToday(query.year, today);
      const request: ExportRequest = {
        code: unit.code,
        table: query.table,
        format: query.format,
        asOf,
        year: query.year ?? Number(asOf.slice(0, 4)),
        preparer: principal.displayName ?? '',
        reportedOn: today,
      };
      if (query.table === 'statistics') {
        const stored = await deps.aggregates.get('current', unit.code);
        if ((stored?.totals.villages ?? 0) > inlineMax) {
          const key = exportKey(request, stored?.computedAt ?? '');
          const ready = await deps.blobs.get(key);
          if (ready) return { ...fileMeta(unit, request), bytes: ready.bytes };
          await deps.aggregates.requestExport(today, key, request);
          return { queued: true, key };
        }
      }
      return render(unit, request, today);
    },

    /** The job's part: renders every queued export into the blob store (idempotent: keys are never rewritten). */
    async processQueuedExports(now: Date): Promise<number> {
      let done = 0;
      const today = chinaIsoDate(now);
      const yesterday = addDays(today, -1);
      for (const queued of await deps.aggregates.queuedExports([yesterday, today])) {
        const { key, request } = queued;
        const unit = await deps.orgLookup.get(request.code);
        if (!unit) continue;
        if (!(await deps.blobs.peek(key, 0))) {
          const file = await render(unit, request, today);
          await deps.blobs.put(key, file.bytes, file.contentType).catch((err: unknown) => {
            if (!AppError.is(err, 'attachment.exists')) throw err; // a concurrent run wrote it first
          });
        }
        await deps.aggregates.finishExport(queued.day, queued);
        done++;
      }
      return done;
    },
  };

  /** Renders an export; `today` (China date of the run) decides which stored snapshots exist. */
  async function render(unit: OrgUnit, request: ExportRequest, today: string): Promise<DownloadFile> {
    const target = targetForYear(programme, request.year)?.rateAbove;
    const meta: TableMeta = {
      unitName: unit.name,
      year: request.year,
      asOf: request.asOf,
      reportingUnit: `${unit.name}人民政府`,
      ...(request.preparer ? { preparer: request.preparer } : {}),
      reportedOn: request.reportedOn,
    };
    const { fileName, contentType } = fileMeta(unit, request);
    const write = async <K extends OfficialTableKind>(kind: K, rows: readonly OfficialTableRows[K][]) =>
      request.format === 'xlsx'
        ? new Uint8Array(await officialTableXlsx(kind, rows, meta))
        : new TextEncoder().encode(officialTableCsv(kind, rows, meta));
    if (request.table === 'summary') {
      const totals = await townshipTotals(unit, request.asOf, today);
      const rows = totals.map((t) => summaryRow(t.name, t.totals, target));
      return { fileName, contentType, bytes: await write('summary', rows) };
    }
    const { units, records } = await deps.aggregation.recordsUnder(unit.code);
    const baselineForm = deps.forms.compile(await deps.forms.get('baseline'));
    const names = new Map(units.filter((u) => u.level === 'township').map((t) => [t.code, t.name]));
    const rows = records.flatMap((r) => {
      const row = villageRow(r, request.asOf);
      return row.inRoster
        ? [statisticsRow(names.get(r.unit.code.slice(0, 9)) ?? '', r, row, baselineForm)]
        : [];
    });
    return { fileName, contentType, bytes: await write('statistics', rows) };
  }

  /** Each township's totals under `unit` on `asOf`: stored when that date is a snapshot, else recounted. */
  async function townshipTotals(
    unit: OrgUnit,
    asOf: string,
    today: string,
  ): Promise<{ name: string; totals: UnitTotals }[]> {
    const snapshot = snapshotsOn(today).find((s) => s.asOf === asOf);
    const stored = snapshot ? await deps.aggregates.listUnder(snapshot.id, unit.code) : [];
    const townships = stored.filter((a) => a.level === 'township');
    if (townships.length > 0) return townships.map((t) => ({ name: t.name, totals: t.totals }));
    const { units, records } = await deps.aggregation.recordsUnder(unit.code);
    const rows = records.map((r) => villageRow(r, asOf));
    return units
      .filter((u) => u.level === 'township')
      .map((t) => ({
        name: t.name,
        totals: addTotals(rows.filter((r) => r.code.startsWith(t.code)).map(rowTotals)),
      }));
  }
}

/** What an export is of: enough to render it later in the job exactly as the request would have. */
export interface ExportRequest {
  code: string;
  table: OfficialTableKind;
  format: 'xlsx' | 'csv';
  asOf: string;
  year: number;
  preparer: string;
  reportedOn: string;
}

const fileMeta = (unit: OrgUnit, r: ExportRequest) => ({
  fileName: `${safeFileNamePart(unit.name, unit.code)}${officialTableNames[r.table]}-${r.asOf}.${r.format}`,
  contentType: r.format === 'xlsx' ? xlsxContentType : 'text/csv; charset=utf-8',
});

/** A blob key per unit, table, format, date and aggregate computation: a newer computation is a new file. */
const exportKey = (r: ExportRequest, computedAt: string) =>
  `exports/${r.code}/${r.table}-${r.asOf}-${computedAt.replace(/[^0-9]/g, '')}.${r.format}`;

export type Reports = ReturnType<typeof createReports>;
