import type { VillageStatusView } from '../../../../shared/app/villages/status-service';
import { chinaIsoDate, formatChinaTime } from '../../../../shared/lib/china-time';
import type { OrgUnit } from '../../../../shared/org/org-unit';
import { rosterActor, villageActor } from '../../../../shared/programme/event-sources';
import { type Stage, stageLabels, type VillageEvent } from '../../../../shared/programme/village-events';
import { formatPoints } from '../../../../shared/programme/village-flags';
import { formTitle } from './area';

const stageTags: Partial<Record<Stage, string>> = {
  accepted: 'tag ok',
  rectifying: 'tag warn',
  not_accepted: 'tag bad',
  revoked: 'tag bad',
  retired: 'tag bad',
};

export const StageTag = (props: { stage: Stage }) => (
  <span class={stageTags[props.stage] ?? 'tag'} data-stage={props.stage}>
    {stageLabels[props.stage]}
  </span>
);

const points = (n: number) => `${formatPoints(n)} 分`;

/** A look-back's conclusion in words, with the deadline of a rectification. */
export function conclusionText(conclusion: 'keep' | 'rectify' | 'revoke', rectifyBy?: string): string {
  if (conclusion === 'keep') return '保持';
  if (conclusion === 'revoke') return '撤销';
  return rectifyBy ? `限期整改至 ${rectifyBy}` : '限期整改';
}

/** What happened, in Chinese, as the timeline says it. */
export function eventText(e: VillageEvent): string {
  switch (e.type) {
    case 'roster':
      return e.change === 'joined' ? '纳入名单' : `撤并（${e.reason ?? ''}）`;
    case 'submission':
      return `提交${formTitle(e.formId)}表${e.score ? `（${points(e.score.total)}）` : ''}`;
    case 'review':
      return e.decision === 'approve'
        ? `审核通过（${formTitle(e.formId)}表）`
        : `退回（${formTitle(e.formId)}表）：${e.comment ?? ''}`;
    case 'acceptance': {
      const { grade, standardized, total } = e.score;
      // A grade such as 达标 or 不达标 already says it.
      const verdict = grade?.includes('达标') ? '' : ` ${standardized ? '达标' : '未达标'}`;
      return `评估验收 ${points(total)}${grade ? ` ${grade}` : ''}${verdict}`;
    }
    case 'lookback':
      return `回头看：${conclusionText(e.conclusion, e.rectifyBy)}`;
  }
}

/** Who recorded an event: the village (through its link), the roster, or a staff username. */
const actorOf = (e: VillageEvent, unit: OrgUnit) =>
  e.by === villageActor ? `${unit.name}（填报链接）` : e.by === rosterActor ? '名单' : e.by;

/** The console page of the record behind an event, if it has one. */
function recordHref(e: VillageEvent, code: string): string | undefined {
  if (e.type === 'submission' || e.type === 'review')
    return `/console/villages/${code}/submissions/${e.submissionId}`;
  if (e.type === 'acceptance' || e.type === 'lookback')
    return `/console/villages/${code}/evaluations/${e.id}`;
  return undefined;
}

/** The village's events, newest first: effective date, what, who, and when it was entered if later. */
export function Timeline(props: { events: readonly VillageEvent[]; unit: OrgUnit }) {
  const events = [...props.events].reverse();
  return (
    <div class="card">
      <h2>状态变化记录</h2>
      {events.length === 0 ? (
        <p class="muted">还没有记录。</p>
      ) : (
        <ol class="timeline" data-testid="timeline">
          {events.map((e) => {
            const href = recordHref(e, props.unit.code);
            const late = chinaIsoDate(e.recordedAt) !== e.effectiveDate;
            return (
              <li data-event={e.type}>
                <span class="when">{e.effectiveDate}</span>{' '}
                {href ? <a href={href}>{eventText(e)}</a> : <span>{eventText(e)}</span>}
                <span class="muted">
                  {' '}
                  · {actorOf(e, props.unit)}
                  {late ? ` · 补录于 ${formatChinaTime(e.recordedAt)}` : ''}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/** The village's status today: stage, standardized since when, scores and their gap, flags, and the township's actions. */
export function StatusCard(props: { status: VillageStatusView; unit: OrgUnit }) {
  const { status: s, unit } = props;
  const base = `/console/villages/${unit.code}/evaluate`;
  return (
    <div class="card" data-testid="status">
      <h2>
        当前状态 <StageTag stage={s.stage} /> <span class="muted">截至 {s.asOf}</span>
      </h2>
      <dl class="answers facts">
        <dt>是否达标</dt>
        <dd data-testid="standardized">
          {s.standardized ? '已达标' : '未达标'}
          {s.since ? `（自 ${s.since} 起）` : ''}
        </dd>
        {s.grade ? (
          <>
            <dt>等级</dt>
            <dd>{s.grade}</dd>
          </>
        ) : null}
        {s.selfScore !== undefined ? (
          <>
            <dt>自评得分</dt>
            <dd>{points(s.selfScore)}</dd>
          </>
        ) : null}
        {s.acceptanceScore !== undefined ? (
          <>
            <dt>验收得分</dt>
            <dd>{points(s.acceptanceScore)}</dd>
          </>
        ) : null}
        {s.scoreGap !== undefined ? (
          <>
            <dt>分差（自评 − 验收）</dt>
            <dd>{`${s.scoreGap > 0 ? '+' : ''}${formatPoints(s.scoreGap)} 分`}</dd>
          </>
        ) : null}
        {s.stage === 'rectifying' && s.rectifyBy ? (
          <>
            <dt>整改期限</dt>
            <dd>{s.rectifyBy}</dd>
          </>
        ) : null}
      </dl>
      {s.flags.length > 0 ? (
        <ul class="flags" data-testid="flags" role="alert">
          {s.flags.map((f) => (
            <li data-flag={f.code}>⚠ {f.message}</li>
          ))}
        </ul>
      ) : null}
      {unit.retired ? null : (
        <p>
          <a class="button" href={`${base}/acceptance`}>
            评估验收
          </a>
          <a class="button secondary" href={`${base}/lookback`}>
            回头看
          </a>
        </p>
      )}
    </div>
  );
}
