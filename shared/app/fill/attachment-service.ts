import * as z from 'zod/mini';
import type { LinkRates } from '../../auth/throttle';
import type { Principal } from '../../auth/user';
import { attachmentKey, fieldOfBlobId, newBlobId } from '../../blobs/attachment-keys';
import type { BlobStore, UploadTarget } from '../../blobs/blob-store';
import { magicBytesLength, sniffType } from '../../blobs/magic-bytes';
import { AppError } from '../../errors';
import { attachmentDefaults } from '../../forms/answer-field-schemas';
import type { Answers } from '../../forms/answers';
import type { CompiledForm } from '../../forms/compiled-form';
import { type AnyField, attachmentTypes } from '../../forms/field-schema';
import { assertInScope } from '../../org/scope';
import type { LinkRateRepository, UploadRepository } from '../../store/ports';
import type { FieldIssue } from '../../validation';
import type { ResolvedLink } from '../links/link-service';
import { createLinkLimiter } from './link-limiter';

/** The body of `POST /api/v1/fill/{token}/attachments`. */
export const uploadRequestSchema = z.object({
  fieldKey: z.string('缺少附件字段').check(z.minLength(1, '缺少附件字段'), z.maxLength(64, '附件字段无效')),
  name: z
    .string('缺少文件名')
    .check(z.trim(), z.minLength(1, '缺少文件名'), z.maxLength(200, '文件名最多 200 个字')),
  type: z.string('缺少文件类型').check(z.maxLength(100, '文件类型无效')),
  size: z.int('文件大小应为整数（字节）').check(z.gte(0, '文件大小不能为负数')),
});
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

type AttachmentField = Extract<AnyField, { type: 'attachment' }>;

function limitsOf(field: AttachmentField) {
  const accept: readonly string[] = field.accept ?? attachmentTypes;
  return { accept, maxBytes: (field.maxSizeMb ?? attachmentDefaults.maxSizeMb) * 1024 * 1024 };
}

/** How long after its slot was issued an upload through the app may start (S3 presigns for 15 minutes). */
export const uploadWindowSeconds = 60 * 60;

const notIssued = (blobId: string) =>
  new AppError('attachment.not_found', {
    message: '未找到这个上传位置（可能已过期），请重新选择文件上传',
    details: { blobId },
  });

const invalid = (field: string, message: string) =>
  new AppError('attachment.invalid', { details: [{ field, message }] });

/** The attachment field `key` of a form (repeat rows included), or undefined. */
function attachmentField(form: CompiledForm, key: string): AttachmentField | undefined {
  const field = form.fields.get(key)?.field;
  return field?.type === 'attachment' ? field : undefined;
}

const filesSchema = z.array(z.object({ blobId: z.string(), type: z.string(), size: z.number() }));
type AttachedFile = z.infer<typeof filesSchema>[number];

/** Every file in (cleaned) answers with its answer path and field, repeat rows included. */
function attachedFiles(form: CompiledForm, answers: Answers) {
  const found: { path: string; fieldKey: string; file: AttachedFile }[] = [];
  const collect = (fieldKey: string, value: unknown, path: string) => {
    const files = filesSchema.safeParse(value);
    for (const [i, file] of (files.success ? files.data : []).entries()) {
      found.push({ path: `${path}.${i}`, fieldKey, file });
    }
  };
  for (const section of form.sections) {
    for (const field of section.fields) {
      if (field.field.type === 'attachment') collect(field.key, answers[field.key], field.key);
      if (field.field.type !== 'repeat') continue;
      const rows = z.array(z.record(z.string(), z.unknown())).safeParse(answers[field.key]);
      for (const [i, row] of (rows.success ? rows.data : []).entries()) {
        for (const child of field.children) {
          if (child.field.type === 'attachment')
            collect(child.key, row[child.key], `${field.key}.${i}.${child.key}`);
        }
      }
    }
  }
  return found;
}

/**
 * Attachments of survey answers. A village asks for an upload slot for one field; the
 * blob id names the field and the blob key sits under the village and form, so the
 * blob store itself proves where a file belongs. Locally the browser PUTs the bytes to
 * the app, which accepts only a slot issued to that very link (an item in the link's
 * partition, with the declared type and size) and exactly the declared bytes, once; on
 * AWS to a presigned S3 URL whose signature binds the key, type and size the same way.
 * On submit every referenced file is checked again.
 */
export function createAttachmentService(deps: {
  blobs: BlobStore;
  uploads: UploadRepository;
  rates: LinkRateRepository;
  /** Per-link limits per minute (default `linkRates`): here `uploadsPerMinute`. */
  limits?: LinkRates;
}) {
  const admit = createLinkLimiter(deps.rates, deps.limits);
  return {
    /**
     * Checks an upload request against its field and returns the blob id and where to PUT
     * it. Through the app, the slot is recorded for the link (one store call); to S3, the
     * presigned URL is the record. At most `limits.uploadsPerMinute` slots per link and
     * minute (429 `fill.throttled`, no slot; one conditional counter update).
     */
    async requestUpload(
      { token, link, form }: ResolvedLink,
      input: UploadRequest,
      now: Date,
    ): Promise<{ blobId: string; upload: UploadTarget }> {
      const field = attachmentField(form, input.fieldKey);
      if (!field) throw invalid('fieldKey', '表单中没有此附件字段');
      const { accept, maxBytes } = limitsOf(field);
      if (!accept.includes(input.type)) throw invalid('type', `文件类型只能是 ${accept.join('、')}`);
      if (input.size === 0) throw invalid('size', '文件是空的');
      if (input.size > maxBytes) throw invalid('size', `文件不能超过 ${maxBytes / 1024 / 1024} MB`);
      const admitted = await admit({ link }, 'upload', now);
      if (!admitted.ok) throw admitted.error;
      const blobId = newBlobId(input.fieldKey);
      const key = attachmentKey(link.orgCode, link.formId, blobId);
      const presigned = await deps.blobs.presignUpload(key, { contentType: input.type, size: input.size });
      if (presigned) return { blobId, upload: presigned };
      await deps.uploads.put({
        linkId: link.id,
        blobId,
        type: input.type,
        size: input.size,
        issuedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + uploadWindowSeconds * 1000).toISOString(),
      });
      const upload = {
        method: 'PUT' as const,
        url: `/api/v1/fill/${token}/attachments/${blobId}`,
        headers: { 'content-type': input.type },
      };
      return { blobId, upload };
    },

    /**
     * Stores an upload that comes through the app (the local blob store), once: a blob id
     * already uploaded answers 409, so submitted evidence cannot be swapped afterwards.
     * Only for a slot issued to this link and not expired (404 otherwise), of the type it
     * declared (422) and exactly its declared size: 413 past it — read no further than
     * that — and 422 short of it. `readBody` reads the request body, failing with 413 past
     * `maxBytes`. Two store calls with the link read.
     */
    async receiveUpload(
      { link, form }: ResolvedLink,
      blobId: string,
      contentType: string,
      readBody: (maxBytes: number) => Promise<Uint8Array>,
      now: Date,
    ): Promise<void> {
      // Where uploads go straight to S3 (presigned), this route must not be a back door.
      if (!deps.blobs.acceptsAppUploads) throw new AppError('attachment.not_found', { details: { blobId } });
      const fieldKey = fieldOfBlobId(blobId);
      const field = fieldKey === undefined ? undefined : attachmentField(form, fieldKey);
      if (!field) throw new AppError('attachment.not_found', { details: { blobId } });
      const { accept, maxBytes } = limitsOf(field);
      const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!accept.includes(type)) throw invalid('content-type', `文件类型只能是 ${accept.join('、')}`);
      const slot = await deps.uploads.get(link.id, blobId);
      if (!slot || Date.parse(slot.expiresAt) <= now.getTime()) throw notIssued(blobId);
      if (slot.type !== type) throw invalid('content-type', `文件类型与申请上传时声明的（${slot.type}）不符`);
      const declared = Math.min(slot.size, maxBytes);
      const bytes = await readBody(declared).catch((err: unknown) => {
        if (!AppError.is(err, 'attachment.too_large')) throw err;
        throw new AppError('attachment.too_large', {
          message: `文件比申请上传时声明的大小（${declared} 字节）大，请重新选择文件`,
          details: err.details,
          cause: err,
        });
      });
      if (bytes.length === 0) throw invalid('body', '文件是空的');
      if (bytes.length !== slot.size)
        throw invalid('body', `文件大小（${bytes.length} 字节）与申请上传时声明的（${slot.size} 字节）不符`);
      if (sniffType(bytes.subarray(0, magicBytesLength)) !== type)
        throw invalid('body', '文件内容与声明的类型不符');
      await deps.blobs.put(attachmentKey(link.orgCode, link.formId, blobId), bytes, type);
    },

    /**
     * An attachment of a village's submission, for staff in scope: 404 for a blob id that
     * is not one or a file that is not there, 403 outside the caller's scope.
     */
    async download(principal: Principal, orgCode: string, formId: string, blobId: string) {
      assertInScope(principal, orgCode);
      const blob = fieldOfBlobId(blobId)
        ? await deps.blobs.get(attachmentKey(orgCode, formId, blobId))
        : undefined;
      if (!blob) throw new AppError('attachment.not_found', { details: { blobId } });
      return blob;
    },

    /**
     * Issues for files in validated answers that were not uploaded for this village,
     * form and field, or whose stored size, type or content differ from what the answer
     * says. Empty when every file checks out. A stored blob was issued to a link of this
     * village and form — the key says so, and nothing but an issued slot (or a URL
     * presigned for it) can store one — so a blob id of another village's link is
     * refused here without a table read. A file uploaded through the village's previous
     * link still counts: the draft that names it outlives a link rotation.
     */
    async verify(resolved: ResolvedLink, answers: Answers): Promise<FieldIssue[]> {
      const { link, form } = resolved;
      const checks = attachedFiles(form, answers).map(async ({ path, fieldKey, file }) => {
        if (fieldOfBlobId(file.blobId) !== fieldKey)
          return { field: path, message: '附件标识无效，请重新上传' };
        const blob = await deps.blobs.peek(
          attachmentKey(link.orgCode, link.formId, file.blobId),
          magicBytesLength,
        );
        if (!blob) return { field: path, message: '附件未上传或已失效，请重新上传' };
        if (blob.size !== file.size || blob.contentType !== file.type)
          return { field: path, message: '附件信息与已上传的文件不符，请重新上传' };
        if (sniffType(blob.head) !== file.type) return { field: path, message: '文件内容与类型不符' };
        return undefined;
      });
      return (await Promise.all(checks)).filter((issue) => issue !== undefined);
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
