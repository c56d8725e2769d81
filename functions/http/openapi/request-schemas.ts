import * as z from 'zod/mini';
import { jobNameSchema } from '../../../shared/app/jobs/job-registry';
import { sheetFormats } from '../../../shared/app/links/link-sheet';
import { usernameSchema } from '../../../shared/auth/user';
import { certificateNumberSchema } from '../../../shared/certificates/certificate';
import { formIdSchema } from '../../../shared/forms/meta-schema';
import { idempotencyKeySchema } from '../../../shared/lib/idempotency-key';
import { linkIdSchema, linkTokenSchema } from '../../../shared/links/link-token';
import { divisionCodeSchema } from '../../../shared/org/division';

/**
 * Path, header and query parameters of the OpenAPI document, built from the schemas the
 * routes parse them with. Where a route keeps its schema private (links, forms, jobs),
 * the same one is rebuilt here from the same exported parts; keep them in step.
 */

const described = <T extends z.ZodMiniType>(schema: T, description: string): T =>
  schema.check(z.meta({ description }));

export const unitPath = z.object({
  code: described(divisionCodeSchema, '区划代码（2/4/6/9/12 位） / a division code'),
});
export const villagePath = z.object({
  code: described(divisionCodeSchema, '村（居）的 12 位区划代码 / the village code'),
});
export const submissionPath = z.extend(villagePath, {
  id: described(z.string(), '提交编号 / the submission id'),
});
export const attachmentPath = z.extend(villagePath, {
  formId: described(formIdSchema, '表单标识 / the form id'),
  blobId: described(z.string(), '附件编号（填报时得到） / the blob id from the upload request'),
});
export const usernamePath = z.object({ username: described(usernameSchema, '用户名 / the username') });
export const formPath = z.object({ id: described(formIdSchema, '表单标识 / the form id') });
export const linkPath = z.object({ id: described(linkIdSchema, '链接编号 / the link id') });
export const certificatePath = z.object({
  number: described(certificateNumberSchema, '证书编号，如 341022-2023-0007 / the certificate number'),
});
/** The job route parses `{name: jobNameSchema}` (its own `jobParamsSchema`). */
export const jobPath = z.object({ name: described(jobNameSchema, '任务名 / the job name') });

/** The survey token: the village's only credential, so these operations have no other security. */
export const tokenPath = z.object({
  token: described(
    linkTokenSchema,
    '填报链接令牌（即 /f/{token} 中的令牌，持有即可填报） / the survey token of /f/{token}: the credential',
  ),
});
export const blobPath = z.extend(tokenPath, {
  blobId: described(z.string(), '附件编号（申请上传时得到） / the blob id from the upload request'),
});

/** The `Idempotency-Key` header the routes read with `idempotencyKeySchema`. */
export const idempotencyHeader = z.object({
  'Idempotency-Key': z.optional(
    described(idempotencyKeySchema, '重试时带同一个键，只保存一份 / the same key stores one record'),
  ),
});

/** `GET /api/v1/links`: the route's private `listQuery`. */
export const linkListQuery = z.object({ parentCode: divisionCodeSchema, formId: formIdSchema });
/** `GET /api/v1/links/sheet`: the route's private `sheetQuery`. */
export const linkSheetQuery = z.extend(linkListQuery, { format: z._default(z.enum(sheetFormats), 'pdf') });

/** `GET /api/v1/forms/{id}`: the route's private `versionQuery`. */
export const formVersionQuery = z.object({
  version: z.optional(
    z.pipe(z.string().check(z.regex(/^[1-9]\d{0,5}$/, '版本号应为正整数')), z.transform(Number)),
  ),
});
