import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { reviewQueueQuerySchema } from '../../../shared/app/submissions/submission-queries';
import { reviewBodySchema } from '../../../shared/app/villages/review-service';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { chinaIsoDate } from '../../../shared/lib/china-time';
import { evaluationForms, villageFormIds } from '../../../shared/programme/shipped-programme';
import { type FieldIssue, parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import {
  countedSelfEvaluation,
  type EvaluationFormProps,
  renderEvaluationForm,
  renderEvaluationResult,
} from '../pages/console/evaluate';
import { renderReviewQueue, townshipOf } from '../pages/console/review';
import { renderSubmission, renderVillage, type SubmissionReviewForm } from '../pages/console/village';
import { parseFormPost, readPostMeta } from '../pages/survey/parse-form-post';
import { backTo, codeOf, consoleKit, flashOf, see, text } from './console-kit';

/** A use case's value, or its refusal with one of the codes a page shows inline. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Runs `work`; a refusal with one of `codes` comes back as a value, anything else goes on to `onError`. */
const settle = <T,>(work: () => Promise<T>, ...codes: ErrorCode[]): Promise<Settled<T>> =>
  Promise.resolve()
    .then(work)
    .then(
      (value): Settled<T> => ({ ok: true, value }),
      (err: unknown): Settled<T> => {
        if (AppError.is(err, ...codes)) return { ok: false, error: err };
        throw err;
      },
    );

/** The field issues of a refusal (its `details`), for inline errors. */
const issuesOf = (err: AppError): FieldIssue[] =>
  (Array.isArray(err.details) ? (err.details as unknown[]) : []).filter(
    (d): d is FieldIssue =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as FieldIssue).field === 'string' &&
      typeof (d as FieldIssue).message === 'string',
  );

/**
 * Both results, started together; when both fail, the first one's error wins, so the
 * status of a refusal does not depend on which read answered first.
 */
async function inOrder<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  second.catch(() => undefined);
  return [await first, await second];
}

/**
 * The console's village pages: the village (status, links, submissions, timeline), the
 * review queue and one submission's review, and the township's evaluations (评估验收,
 * 回头看) filled through the survey renderer's staff mode. Mounted by `consoleRoutes`
 * behind its session middleware.
 */
export function consoleVillageRoutes(deps: AppDeps) {
  const { viewerOf, page, formOf, withNames, namedFlashOf } = consoleKit(deps);

  const submissionPage = async (
    c: Context<AppEnv>,
    code: string,
    id: string,
    review: SubmissionReviewForm,
  ) => {
    const principal = c.get('principal');
    const [place, submission] = await inOrder(
      deps.areas.place(principal, code),
      deps.reviews.get(principal, code, id),
    );
    const form = deps.forms.compile(await deps.forms.get(submission.formId, submission.formVersion));
    const history = await withNames(submission.review.history);
    const named = { ...submission, review: { ...submission.review, history } };
    return renderSubmission({ ...place, submission: named, form }, review, await viewerOf(c));
  };

  /** What the evaluation form of a village needs: the form, the village, and its self-evaluation to compare. */
  const evaluationBasics = async (c: Context<AppEnv>, code: string, formId: string) => {
    const [{ records }, form] = await Promise.all([
      deps.statuses.status(c.get('principal'), code, undefined, deps.now()),
      deps.evaluations.formOf(formId),
    ]);
    if (records.unit.retired) {
      throw new AppError('evaluation.not_allowed', { message: '该村（居）已撤并，不能再评估' });
    }
    const counted = formId === 'acceptance' ? countedSelfEvaluation(records.submissions) : undefined;
    const self = counted
      ? {
          submission: counted,
          form: deps.forms.compile(await deps.forms.get(counted.formId, counted.formVersion)),
        }
      : undefined;
    return { unit: records.unit, form, self, csrf: (await viewerOf(c)).csrf };
  };
  // The survey stylesheet is this origin's too: the console's policy allows it.
  const staffPage = (c: Context, props: EvaluationFormProps, status = 200) =>
    page(c, renderEvaluationForm(props), status);

  return (
    new Hono<AppEnv>()
      .get('/console/villages/:code', async (c) => {
        const principal = c.get('principal');
        const code = codeOf(c.req.param('code'));
        const now = deps.now();
        // The status reads the village's history; the page's list of submissions comes from it.
        const read = deps.statuses.status(principal, code, undefined, now);
        const known = read.then(({ records }) => records.submissions);
        known.catch(() => undefined); // its failure is the status's, reported through `read`
        const [[view, { view: status }], certificates] = await Promise.all([
          inOrder(deps.areas.village(principal, code, now, known), read),
          deps.certificates.list(principal, code, now),
        ]);
        const origin = new URL(c.req.url).origin;
        const qr = new Map<string, string>();
        // Loaded here, not at cold start: only this page draws QR codes on the server.
        const { default: QRCode } = await import('qrcode');
        for (const { rows } of view.links) {
          const active = rows.find((r) => r.status === 'active');
          if (active) {
            const svg = await QRCode.toString(`${origin}${active.url}`, { type: 'svg', margin: 1 });
            qr.set(active.id, `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
          }
        }
        const named = { ...status, events: await withNames(status.events) };
        return page(
          c,
          renderVillage(view, named, await viewerOf(c), { origin, qr, certificates }, await namedFlashOf(c)),
        );
      })
      .get('/console/review', async (c) => {
        const principal = c.get('principal');
        const query = parseOrThrow(reviewQueueQuerySchema, {
          formId: c.req.query('formId') ?? '',
          state: c.req.query('state') || undefined,
        });
        const picked = c.req.query('code') ? codeOf(c.req.query('code') ?? '') : undefined;
        const code = picked === principal.scope ? undefined : picked;
        const [townships, queue] = await Promise.all([
          principal.scope.length >= 9 ? [] : deps.areas.unitsBelow(principal, ['township']),
          deps.submissions.reviewQueue(principal, code ?? principal.scope, query),
        ]);
        const names = new Map(townships.map((t) => [t.code, t.name]));
        const unnamed = [...new Set(queue.items.map((s) => townshipOf(s.orgCode)))].filter(
          (t) => !names.has(t),
        );
        for (const [t, name] of await Promise.all(
          unnamed.map(async (t) => [t, await deps.areas.nameOf(t)] as const),
        ))
          names.set(t, name);
        const formId = query.formId ?? '';
        const params = new URLSearchParams({ formId, state: query.state, ...(code ? { code } : {}) });
        const view = {
          ...queue,
          formId,
          state: query.state,
          code,
          townships,
          townshipNames: names,
          formIds: villageFormIds,
          here: `/console/review?${params}`,
        };
        return page(c, renderReviewQueue(view, await viewerOf(c), await namedFlashOf(c)));
      })
      .get('/console/villages/:code/submissions/:id', async (c) => {
        const code = codeOf(c.req.param('code'));
        const back = backTo(c.req.query('back'), `/console/villages/${code}`);
        return page(c, await submissionPage(c, code, c.req.param('id'), { back }));
      })
      // The address a refused decision was drawn at (422), reloaded or bookmarked: the submission.
      .get('/console/villages/:code/submissions/:id/review', (c) =>
        c.redirect(
          `/console/villages/${codeOf(c.req.param('code'))}/submissions/${encodeURIComponent(c.req.param('id'))}`,
          303,
        ),
      )
      .post('/console/villages/:code/submissions/:id/review', async (c) => {
        const body = await formOf(c);
        const code = codeOf(c.req.param('code'));
        const id = c.req.param('id');
        const back = backTo(body.back, `/console/villages/${code}`);
        const comment = typeof body.comment === 'string' ? body.comment : undefined;
        const decision = text(body, 'decision');
        const done = await settle(
          async () => {
            const input = parseOrThrow(reviewBodySchema, { decision, ...(comment ? { comment } : {}) });
            return deps.reviews.review(c.get('principal'), code, id, input, deps.now());
          },
          'review.comment_required',
          'request.invalid',
        );
        if (!done.ok) {
          const error = [done.error.message, ...issuesOf(done.error).map((i) => i.message)].join('：');
          return page(c, await submissionPage(c, code, id, { back, error, comment }), 422);
        }
        return see(c, back, decision === 'approve' ? 'approved' : 'returned', code);
      })
      .get('/console/villages/:code/evaluate/:formId{acceptance|lookback}', async (c) => {
        const formId = c.req.param('formId');
        const basics = await evaluationBasics(c, codeOf(c.req.param('code')), formId);
        // The evaluation's date defaults to today; a paper evaluation entered later sets its own.
        const dateField = evaluationForms.get(formId)?.dateField;
        const answers = dateField ? { [dateField]: chinaIsoDate(deps.now()) } : {};
        return staffPage(c, { ...basics, answers, idempotencyKey: randomUUID() });
      })
      .post('/console/villages/:code/evaluate/:formId{acceptance|lookback}', async (c) => {
        const body = await formOf(c);
        const code = codeOf(c.req.param('code'));
        const formId = c.req.param('formId');
        const basics = await evaluationBasics(c, code, formId);
        const answers = parseFormPost(basics.form, body);
        const meta = readPostMeta(body);
        // The key stays with the page: a double submit (or a retry after an error) stores one evaluation.
        const again = { ...basics, answers, idempotencyKey: meta.idempotencyKey ?? randomUUID() };
        if (meta.action === 'save') {
          return staffPage(c, { ...again, notice: '页面已按您的回答更新（尚未提交，没有保存任何内容）。' });
        }
        const recorded = await settle(
          () =>
            deps.evaluations.record(
              c.get('principal'),
              code,
              { formId, answers },
              meta.idempotencyKey ?? undefined,
              deps.now(),
            ),
          'evaluation.invalid',
          'evaluation.future_date',
        );
        if (!recorded.ok) {
          const issues = issuesOf(recorded.error);
          const errors = issues.length > 0 ? issues : [{ field: '', message: recorded.error.message }];
          return staffPage(c, { ...again, errors }, 422);
        }
        return see(c, `/console/villages/${code}/evaluations/${recorded.value.id}`, 'evaluated');
      })
      .get('/console/villages/:code/evaluations/:id', async (c) => {
        const principal = c.get('principal');
        const code = codeOf(c.req.param('code'));
        const [place, { view: status, records }] = await inOrder(
          deps.areas.place(principal, code),
          deps.statuses.status(principal, code, undefined, deps.now()),
        );
        const evaluation = records.evaluations.find((e) => e.id === c.req.param('id'));
        if (!evaluation) throw new AppError('evaluation.not_found');
        const form = deps.forms.compile(await deps.forms.get(evaluation.formId, evaluation.formVersion));
        const [[named], events] = await Promise.all([withNames([evaluation]), withNames(status.events)]);
        const view = { ...place, evaluation: named ?? evaluation, form, status: { ...status, events } };
        return page(c, renderEvaluationResult(view, await viewerOf(c), flashOf(c)));
      })
  );
}
