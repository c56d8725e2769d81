import * as z from 'zod/mini';
import type { oas31, ZodOpenApiPathsObject } from 'zod-openapi';
import { changesQuerySchema, chaseQuerySchema, exportQuerySchema } from '../../../shared/app/stats/reports';
import { statsQuerySchema } from '../../../shared/app/stats/stats-service';
import {
  binary,
  errorResponses,
  jsonContent,
  mediaTypes,
  noSecurity,
  ok,
  sessionCodes,
  signedInUnitCodes,
  staffSecurity,
} from './components';
import { certificatePath, unitPath } from './request-schemas';
import { chaseItem, exportQueued, verifyView } from './response-schemas';

const tags = ['统计 Statistics'];
const security = staffSecurity;
const signedIn = [...signedInUnitCodes, 'request.invalid'] as const;

/**
 * Aggregates and reports (`routes/stats.ts`) are large derived views: described by their
 * top-level fields; README "HTTP API" has every field.
 */
const statsView: oas31.SchemaObject = {
  type: 'object',
  required: ['unit', 'asOf', 'computedAt', 'source', 'villages', 'standardized', 'rate', 'steps', 'children'],
  properties: {
    unit: { type: 'object' },
    asOf: { type: 'string' },
    computedAt: { type: 'string' },
    source: { type: 'string', enum: ['stored', 'recount'] },
    target: { type: 'object' },
    villages: { type: 'integer' },
    standardized: { type: 'integer' },
    rate: { type: 'number', description: '达标率（小数） / a fraction' },
    met: { type: 'boolean' },
    needed: { type: 'integer' },
    steps: { type: 'object' },
    summary: { type: 'object' },
    children: { type: 'array', items: { type: 'object' } },
    rows: { type: 'array', items: { type: 'object' } },
  },
};

/** Stats, the certificate PDF and the public verify answer (`routes/stats.ts`, `certificates.ts`). */
export const statsPaths: ZodOpenApiPathsObject = {
  '/api/v1/stats/{code}': {
    get: {
      operationId: 'unitStats',
      tags,
      summary: '达标率统计 · Rates against the target',
      description:
        '今天及各目标年 12 月 31 日读任务存储的汇总（`source: stored`），其他日期按事件重算（`recount`）。',
      security,
      requestParams: { path: unitPath, query: statsQuerySchema },
      responses: { '200': ok('统计 / the numbers', jsonContent(statsView)), ...errorResponses(signedIn) },
    },
  },
  '/api/v1/stats/{code}/chase': {
    get: {
      operationId: 'chaseList',
      tags,
      summary: '催报名单 · The chase list',
      description: '该表未提交（或仅有退回的提交）的村（居）；CSV（UTF-8 BOM）或可直接粘贴到微信群的文本。',
      security,
      requestParams: { path: unitPath, query: chaseQuerySchema },
      responses: {
        '200': ok('按 `format` / in `format`', {
          ...jsonContent(z.array(chaseItem)),
          [mediaTypes.csv]: { schema: { type: 'string' } },
          [mediaTypes.text]: { schema: { type: 'string' } },
        }),
        ...errorResponses(signedIn),
      },
    },
  },
  '/api/v1/stats/{code}/changes': {
    get: {
      operationId: 'rateChanges',
      tags,
      summary: '两日之间的变化 · What moved the rate',
      description: '达标状态在两日之间不同的村（居），及其间的事件。',
      security,
      requestParams: { path: unitPath, query: changesQuerySchema },
      responses: {
        '200': ok('变化 / the changes', jsonContent({ type: 'object' })),
        ...errorResponses(signedIn),
      },
    },
  },
  '/api/v1/stats/{code}/export': {
    get: {
      operationId: 'exportTable',
      tags,
      summary: '导出汇总表或统计表 · Export the official tables',
      description: '超过 2500 个村（居）的统计表由后台任务生成：先返回 202，稍后再下载。',
      security,
      requestParams: { path: unitPath, query: exportQuerySchema },
      responses: {
        '200': ok('表格文件 / the file', { [mediaTypes.xlsx]: binary, [mediaTypes.csv]: binary }),
        '202': ok(
          '正在生成 / being written by the job',
          jsonContent(exportQueued),
          z.object({ 'Retry-After': z.string() }),
        ),
        ...errorResponses(signedIn),
      },
    },
  },
  '/api/v1/certificates/{number}/pdf': {
    get: {
      operationId: 'certificatePdf',
      tags: ['证书 Certificates'],
      summary: '证书 PDF · The certificate PDF',
      description: '存储的原件，从不重新生成。',
      security,
      requestParams: { path: certificatePath },
      responses: {
        '200': ok('PDF', { [mediaTypes.pdf]: binary }),
        ...errorResponses([...sessionCodes, 'auth.out_of_scope', 'certificate.not_found']),
      },
    },
  },
  '/api/v1/verify/{number}': {
    get: {
      operationId: 'verifyCertificate',
      tags: ['证书 Certificates'],
      summary: '查验证书 · Verify a certificate',
      description: '公开查询，不含个人信息；每个地址 10 分钟内最多 60 次。',
      security: noSecurity,
      requestParams: { path: certificatePath },
      responses: {
        '200': ok('证书及其状态 / the certificate and its status', jsonContent(verifyView)),
        ...errorResponses(['certificate.not_found', 'certificate.throttled']),
      },
    },
  },
  '/api/v1/openapi.json': {
    get: {
      operationId: 'openApi',
      tags: ['接口说明 API description'],
      summary: '本接口说明 · This description',
      security: noSecurity,
      responses: {
        '200': ok('OpenAPI 3.1 文档 / the OpenAPI 3.1 document', jsonContent({ type: 'object' })),
        ...errorResponses([]),
      },
    },
  },
};
