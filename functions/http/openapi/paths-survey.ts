import * as z from 'zod/mini';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { uploadRequestSchema } from '../../../shared/app/fill/attachment-service';
import { draftBodySchema, submissionBodySchema } from '../../../shared/app/fill/fill-service';
import { issueLinksInputSchema } from '../../../shared/app/links/link-service';
import { formDefinitionSchema } from '../../../shared/forms/meta-schema';
import {
  binary,
  errorResponses,
  jsonBodyCodes,
  jsonContent,
  linkCodes,
  mediaTypes,
  noSecurity,
  ok,
  sessionCodes,
  signedInUnitCodes,
  staffSecurity,
} from './components';
import {
  blobPath,
  formPath,
  formVersionQuery,
  idempotencyHeader,
  linkListQuery,
  linkPath,
  linkSheetQuery,
  tokenPath,
} from './request-schemas';
import {
  fillView,
  issuedLink,
  linkRow,
  publishedForm,
  publishResult,
  submissionReceipt,
  uploadTicket,
} from './response-schemas';

const formDefinitionRef = { $ref: '#/components/schemas/FormDefinition' };
const scoped = signedInUnitCodes;
const fill: Pick<ZodOpenApiOperationObject, 'tags' | 'security'> = {
  tags: ['填报 Survey'],
  security: noSecurity,
};

/** Forms, survey links and the link holder's API (`routes/forms.ts`, `links.ts`, `fill.ts`). */
export const surveyPaths: ZodOpenApiPathsObject = {
  '/api/v1/forms': {
    get: {
      operationId: 'listForms',
      tags: ['表单 Forms'],
      summary: '已发布的表单 · Published forms',
      security: noSecurity,
      responses: {
        '200': ok('各表单的最新版本 / the latest version of each', jsonContent(z.array(publishedForm))),
        ...errorResponses([]),
      },
    },
    post: {
      operationId: 'publishForm',
      tags: ['表单 Forms'],
      summary: '发布表单新版本 · Publish a form version',
      description: '仅管理员。请求体为表单定义（与 forms/*.json 相同）；每个问题都带 JSON 路径返回。',
      security: staffSecurity,
      requestBody: { required: true, content: jsonContent(formDefinitionSchema) },
      responses: {
        '201': ok('已发布 / published', jsonContent(publishResult)),
        ...errorResponses([
          ...sessionCodes,
          ...jsonBodyCodes,
          'auth.forbidden',
          'form.invalid',
          'form.version_conflict',
        ]),
      },
    },
  },
  '/api/v1/forms/{id}': {
    get: {
      operationId: 'getForm',
      tags: ['表单 Forms'],
      summary: '表单定义 · A form definition',
      security: noSecurity,
      requestParams: { path: formPath, query: formVersionQuery },
      responses: {
        // The published definition is what was sent to `POST /api/v1/forms`: one component for both.
        '200': ok('发布时的定义 / the definition as published', jsonContent(formDefinitionRef)),
        ...errorResponses(['request.invalid', 'form.not_found']),
      },
    },
  },
  '/api/v1/links': {
    post: {
      operationId: 'issueLinks',
      tags: ['链接 Links'],
      summary: '下发填报链接 · Issue survey links',
      description:
        '每个村（居）一个链接；已有有效链接的村（居）返回原链接，`rotate: true` 则停用并重发。默认 180 天，最多 730 天。',
      security: staffSecurity,
      requestBody: { required: true, content: jsonContent(issueLinksInputSchema) },
      responses: {
        '201': ok('各村（居）的链接 / a link per village', jsonContent(z.array(issuedLink))),
        ...errorResponses([
          ...scoped,
          ...jsonBodyCodes,
          'form.not_found',
          'link.no_villages',
          'link.orgs_invalid',
        ]),
      },
    },
    get: {
      operationId: 'listLinks',
      tags: ['链接 Links'],
      summary: '单位下的链接 · Links under a unit',
      security: staffSecurity,
      requestParams: { query: linkListQuery },
      responses: {
        '200': ok('按村代码，最新在前 / by village code, newest first', jsonContent(z.array(linkRow))),
        ...errorResponses([...scoped, 'request.invalid']),
      },
    },
  },
  '/api/v1/links/sheet': {
    get: {
      operationId: 'linkSheet',
      tags: ['链接 Links'],
      summary: '打印链接清单 · The link sheet to print',
      description: '每个乡镇一页 A4 PDF（含二维码），或 CSV（UTF-8 BOM）/ XLSX 清单。',
      security: staffSecurity,
      requestParams: { query: linkSheetQuery },
      responses: {
        '200': ok('按 `format` 的文件 / the file in `format`', {
          [mediaTypes.pdf]: binary,
          [mediaTypes.csv]: binary,
          [mediaTypes.xlsx]: binary,
        }),
        ...errorResponses([...scoped, 'request.invalid']),
      },
    },
  },
  '/api/v1/links/{id}/revoke': {
    post: {
      operationId: 'revokeLink',
      tags: ['链接 Links'],
      summary: '停用链接 · Revoke a link',
      security: staffSecurity,
      requestParams: { path: linkPath },
      responses: {
        '200': ok('停用后的链接（可重复调用） / the link, revoked (idempotent)', jsonContent(linkRow)),
        ...errorResponses([...sessionCodes, 'auth.out_of_scope', 'link.not_found']),
      },
    },
  },
  '/api/v1/fill/{token}': {
    get: {
      ...fill,
      operationId: 'openSurvey',
      summary: '打开填报 · Open the survey',
      requestParams: { path: tokenPath },
      responses: {
        '200': ok('填报页所需的一切 / everything the survey page needs', jsonContent(fillView)),
        ...errorResponses(linkCodes),
      },
    },
  },
  '/api/v1/fill/{token}/draft': {
    put: {
      ...fill,
      operationId: 'saveDraft',
      summary: '保存草稿 · Save the draft',
      description: '任意 JSON 对象，≤ 64 KB，后写覆盖先写。',
      requestParams: { path: tokenPath },
      requestBody: { required: true, content: jsonContent(draftBodySchema) },
      responses: {
        '204': ok('已保存 / saved'),
        ...errorResponses([
          ...linkCodes,
          ...jsonBodyCodes,
          'draft.invalid',
          'answers.too_large',
          'fill.throttled',
        ]),
      },
    },
  },
  '/api/v1/fill/{token}/submissions': {
    post: {
      ...fill,
      operationId: 'submitSurvey',
      summary: '提交填报 · Submit the answers',
      description: '按最新版本校验；同一 `Idempotency-Key` 只保存一份（换了内容则 409）。',
      requestParams: { path: tokenPath, header: idempotencyHeader },
      requestBody: { required: true, content: jsonContent(submissionBodySchema) },
      responses: {
        '201': ok('回执 / the receipt', jsonContent(submissionReceipt)),
        ...errorResponses([
          ...linkCodes,
          ...jsonBodyCodes,
          'submission.invalid',
          'fill.throttled',
          'submission.duplicate',
          'submission.key_reused',
          'answers.too_large',
        ]),
      },
    },
  },
  '/api/v1/fill/{token}/attachments': {
    post: {
      ...fill,
      operationId: 'requestUpload',
      summary: '申请上传附件 · Request an attachment upload',
      description: '按返回的 `upload` 以 PUT 上传文件，再把 `{blobId, name, type, size}` 填入答案。',
      requestParams: { path: tokenPath },
      requestBody: { required: true, content: jsonContent(uploadRequestSchema) },
      responses: {
        '201': ok('上传地址 / where to PUT the file', jsonContent(uploadTicket)),
        ...errorResponses([...linkCodes, ...jsonBodyCodes, 'attachment.invalid', 'attachment.not_found']),
      },
    },
  },
  '/api/v1/fill/{token}/attachments/{blobId}': {
    put: {
      ...fill,
      operationId: 'uploadAttachment',
      summary: '上传附件文件 · Upload the attachment file',
      description: '仅本地存储时经由本站上传（AWS 上为预签名 S3 地址）；请求体为文件本身，不可覆盖。',
      requestParams: { path: blobPath },
      requestBody: { required: true, content: { '*/*': binary } },
      responses: {
        '204': ok('已保存 / stored'),
        ...errorResponses([
          ...linkCodes,
          'attachment.not_found',
          'attachment.invalid',
          'attachment.exists',
          'attachment.too_large',
        ]),
      },
    },
  },
  '/api/v1/fill/{token}/certificate': {
    get: {
      ...fill,
      operationId: 'villageCertificate',
      tags: ['证书 Certificates'],
      summary: '本村（居）的达标证书 · The village’s certificate',
      description: '该村（居）任一链接均可下载当前有效的证书。',
      requestParams: { path: tokenPath },
      responses: {
        '200': ok('证书 PDF / the PDF', { [mediaTypes.pdf]: binary }),
        ...errorResponses([...linkCodes, 'certificate.none']),
      },
    },
  },
};
