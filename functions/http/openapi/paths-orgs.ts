import * as z from 'zod/mini';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { retireInputSchema } from '../../../shared/app/roster/roster-service';
import {
  reviewQueueMaxItems,
  reviewQueueQuerySchema,
  submissionsQuerySchema,
} from '../../../shared/app/submissions/submission-queries';
import { orgUnitSchema } from '../../../shared/org/org-unit';
import { rosterImportQuerySchema } from '../routes/roster';
import {
  binary,
  errorResponses,
  jsonBodyCodes,
  jsonContent,
  mediaTypes,
  ok,
  sessionCodes,
  signedInUnitCodes,
  staffSecurity,
} from './components';
import { attachmentPath, unitPath, villagePath } from './request-schemas';
import { rosterImportResult, submissionListItem } from './response-schemas';

const tags = ['区划 Organisations'];
const security = staffSecurity;
const signedIn = signedInUnitCodes;

/** Units, the roster and submissions under a unit (`routes/orgs.ts`, `routes/roster.ts`). */
export const orgPaths: ZodOpenApiPathsObject = {
  '/api/v1/orgs/{code}': {
    get: {
      operationId: 'getOrg',
      tags,
      summary: '区划单位 · A unit',
      security,
      requestParams: { path: unitPath },
      responses: { '200': ok('该单位 / the unit', jsonContent(orgUnitSchema)), ...errorResponses(signedIn) },
    },
  },
  '/api/v1/orgs/{code}/children': {
    get: {
      operationId: 'listOrgChildren',
      tags,
      summary: '下级单位 · Its children',
      security,
      requestParams: { path: unitPath },
      responses: {
        '200': ok('按代码排序 / in code order', jsonContent(z.array(orgUnitSchema))),
        ...errorResponses(signedIn),
      },
    },
  },
  '/api/v1/orgs/import': {
    post: {
      operationId: 'importRoster',
      tags,
      summary: '导入村（居）名册 · Import the village roster',
      description:
        '请求体为文件本身（CSV，UTF-8 或 GBK；或 XLSX；≤ 2 MB，≤ 5000 行）。全部通过才写入；`dryRun=true` 只预览。',
      security,
      requestParams: { query: rosterImportQuerySchema },
      requestBody: {
        required: true,
        content: { [mediaTypes.csv]: binary, [mediaTypes.xlsx]: binary },
      },
      responses: {
        '200': ok('导入（或预览）的结果 / what was (or would be) imported', jsonContent(rosterImportResult)),
        ...errorResponses([
          ...sessionCodes,
          'request.invalid',
          'auth.out_of_scope',
          'import.columns_missing',
          'import.unreadable',
          'import.unsupported_type',
          'import.too_large',
          'import.invalid',
        ]),
      },
    },
  },
  '/api/v1/orgs/{code}/retire': {
    post: {
      operationId: 'retireVillage',
      tags,
      summary: '村（居）撤并 · Retire a village',
      description: '自 `date` 起不再计入名册，更早的日期仍计入。',
      security,
      requestParams: { path: villagePath },
      requestBody: { required: true, content: jsonContent(retireInputSchema) },
      responses: {
        '200': ok('带 `retired` 的单位 / the unit with its retirement', jsonContent(orgUnitSchema)),
        ...errorResponses([
          ...signedIn,
          ...jsonBodyCodes,
          'org.not_village',
          'org.already_retired',
          'org.merge_invalid',
        ]),
      },
    },
  },
  '/api/v1/orgs/{code}/submissions': {
    get: {
      operationId: 'listSubmissions',
      tags: ['审核 Review'],
      summary: '辖区内的提交 · Submissions under a unit',
      description: '分页（默认 100，最多 500），按村代码、村内最新在前；响应头 `X-Next-Cursor` 用于下一页。',
      security,
      requestParams: { path: unitPath, query: submissionsQuerySchema },
      responses: {
        '200': ok(
          '一页提交（含答案） / a page of submissions with answers',
          jsonContent(z.array(submissionListItem)),
          z.object({
            'X-Next-Cursor': z.optional(
              z.string().check(z.meta({ description: '下一页的 cursor / the cursor of the next page' })),
            ),
          }),
        ),
        ...errorResponses([...signedIn, 'request.invalid']),
      },
    },
  },
  '/api/v1/orgs/{code}/review-queue': {
    get: {
      operationId: 'reviewQueue',
      tags: ['审核 Review'],
      summary: '待审核队列 · The review queue',
      description: `按审核状态（默认 pending）列出，跨村最新在前；超过 ${reviewQueueMaxItems} 条时响应头 \`X-Truncated: true\`。`,
      security,
      requestParams: { path: unitPath, query: reviewQueueQuerySchema },
      responses: {
        '200': ok(
          '该状态的提交 / the submissions in that state',
          jsonContent(z.array(submissionListItem)),
          z.object({ 'X-Truncated': z.optional(z.literal('true')) }),
        ),
        ...errorResponses([...signedIn, 'request.invalid']),
      },
    },
  },
  '/api/v1/orgs/{code}/attachments/{formId}/{blobId}': {
    get: {
      operationId: 'downloadAttachment',
      tags: ['审核 Review'],
      summary: '下载附件 · Download an attachment',
      security,
      requestParams: { path: attachmentPath },
      responses: {
        '200': ok('文件，类型为上传时的类型 / the file, in its uploaded type', { '*/*': binary }),
        ...errorResponses([...signedIn, 'request.invalid', 'attachment.not_found']),
      },
    },
  },
};
