import * as z from 'zod/mini';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { evaluationBodySchema } from '../../../shared/app/villages/evaluation-service';
import { reviewBodySchema } from '../../../shared/app/villages/review-service';
import { statusQuerySchema } from '../../../shared/app/villages/status-service';
import { reviewSchema } from '../../../shared/submissions/submission';
import {
  binary,
  errorResponses,
  jsonBodyCodes,
  jsonContent,
  mediaTypes,
  ok,
  signedInUnitCodes,
  staffSecurity,
} from './components';
import { idempotencyHeader, submissionPath, unitPath, villagePath } from './request-schemas';
import { certificateView, evaluationResult, reviewedSubmission, villageStatusView } from './response-schemas';

const security = staffSecurity;
const signedIn = signedInUnitCodes;

/** Review, evaluations and the dated status of a village (`routes/villages.ts`), its certificates. */
export const villagePaths: ZodOpenApiPathsObject = {
  '/api/v1/orgs/{code}/submissions/{id}': {
    get: {
      operationId: 'getSubmission',
      tags: ['审核 Review'],
      summary: '一份提交及其审核 · A submission with its review',
      security,
      requestParams: { path: submissionPath },
      responses: {
        '200': ok('提交（含审核记录） / the submission and its review', jsonContent(reviewedSubmission)),
        ...errorResponses([...signedIn, 'submission.not_found']),
      },
    },
  },
  '/api/v1/orgs/{code}/submissions/{id}/review': {
    post: {
      operationId: 'reviewSubmission',
      tags: ['审核 Review'],
      summary: '审核提交 · Review a submission',
      description: '`return`（退回）须填写意见，村（居）在填报页看到；重复的相同结论只记一次。',
      security,
      requestParams: { path: submissionPath },
      requestBody: { required: true, content: jsonContent(reviewBodySchema) },
      responses: {
        '200': ok('新的审核状态 / the new review', jsonContent(reviewSchema)),
        ...errorResponses([
          ...signedIn,
          ...jsonBodyCodes,
          'submission.not_found',
          'review.comment_required',
          'review.conflict',
        ]),
      },
    },
  },
  '/api/v1/orgs/{code}/evaluations': {
    post: {
      operationId: 'recordEvaluation',
      tags: ['审核 Review'],
      summary: '录入评估验收或回头看 · Record an acceptance or a look-back',
      description:
        '按评估表校验并计分；生效日期取表中的评估日期（可早于今天，不可晚于今天）。同一 `Idempotency-Key` 只保存一份。',
      security,
      requestParams: { path: villagePath, header: idempotencyHeader },
      requestBody: { required: true, content: jsonContent(evaluationBodySchema) },
      responses: {
        '201': ok('已记录 / recorded', jsonContent(evaluationResult)),
        ...errorResponses([
          ...signedIn,
          ...jsonBodyCodes,
          'evaluation.not_allowed',
          'evaluation.invalid',
          'evaluation.future_date',
          'evaluation.key_reused',
          'answers.too_large',
        ]),
      },
    },
  },
  '/api/v1/orgs/{code}/status': {
    get: {
      operationId: 'villageStatus',
      tags: ['审核 Review'],
      summary: '村（居）某日的状态 · A village’s status on a day',
      description: '由该村（居）的事件折算到 `asOf`（默认今天，北京时间）。',
      security,
      requestParams: { path: villagePath, query: statusQuerySchema },
      responses: {
        '200': ok('状态与截至当日的事件 / the status and the events by then', jsonContent(villageStatusView)),
        ...errorResponses([...signedIn, 'request.invalid', 'evaluation.not_allowed']),
      },
    },
  },
  '/api/v1/orgs/{code}/certificates': {
    get: {
      operationId: 'listCertificates',
      tags: ['证书 Certificates'],
      summary: '辖区内的达标证书 · Certificates under a unit',
      security,
      requestParams: { path: unitPath },
      responses: {
        '200': ok(
          '证书及其实时状态 / certificates with their live status',
          jsonContent(z.array(certificateView)),
        ),
        ...errorResponses(signedIn),
      },
    },
  },
  '/api/v1/orgs/{code}/certificates/zip': {
    get: {
      operationId: 'certificatesZip',
      tags: ['证书 Certificates'],
      summary: '打包下载证书 · All certificates as a ZIP',
      description: '已撤销的证书文件名以“已撤销-”开头。',
      security,
      requestParams: { path: unitPath },
      responses: {
        '200': ok('ZIP 文件 / the ZIP', { [mediaTypes.zip]: binary }),
        ...errorResponses(signedIn),
      },
    },
  },
};
