import * as z from 'zod/mini';
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
import type { FieldIssue } from '../../validation';
import type { ResolvedLink } from '../links/link-service';

/** The body of `POST /api/v1/fill/{token}/attachments`. */
export const uploadRequestSchema = z.object({
  fieldKey: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.trim(), z.minLength(1, '缺少文件名'), z.maxLength(200, '文件名最多 200 个字')),
  type: z.string().check(z.maxLength(100)),
  size: z.int().check(z.gte(0)),
});
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

type AttachmentField = Extract<AnyField, { type: 'attachment' }>;

function limitsOf(field: AttachmentField) {
  const accept: readonly string[] = field.accept ?? attachmentTypes;
  return { accept, maxBytes: (field.maxSizeMb ?? attachmentDefaults.maxSizeMb) * 1024 * 1024 };
}

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
 * the app (checked here: type, size, magic bytes); on AWS to a presigned S3 URL bound to
 * the declared type and size. On submit every referenced file is checked again.
 */
export function createAttachmentService(deps: { blobs: BlobStore }) {
  return {
    /** Checks an upload request against its field and returns the blob id and where to PUT it. */
    async requestUpload(
      { token, link, form }: ResolvedLink,
      input: UploadRequest,
    ): Promise<{ blobId: string; upload: UploadTarget }> {
      const field = attachmentField(form, input.fieldKey);
      if (!field) throw invalid('fieldKey', '表单中没有此附件字段');
      const { accept, maxBytes } = limitsOf(field);
      if (!accept.includes(input.type)) throw invalid('type', `文件类型只能是 ${accept.join('、')}`);
      if (input.size === 0) throw invalid('size', '文件是空的');
      if (input.size > maxBytes) throw invalid('size', `文件不能超过 ${maxBytes / 1024 / 1024} MB`);
      const blobId = newBlobId(input.fieldKey);
      const key = attachmentKey(link.orgCode, link.formId, blobId);
      const upload = (await deps.blobs.presignUpload(key, { contentType: input.type, size: input.size })) ?? {
        method: 'PUT' as const,
        url: `/api/v1/fill/${token}/attachments/${blobId}`,
        headers: { 'content-type': input.type },
      };
      return { blobId, upload };
    },

    /**
     * Stores an upload that comes through the app (the local blob store), once: a blob id
     * already uploaded answers 409, so submitted evidence cannot be swapped afterwards. `readBody`
     * reads the request body, failing with 413 past `maxBytes` (the field's limit).
     */
    async receiveUpload(
      { link, form }: ResolvedLink,
      blobId: string,
      contentType: string,
      readBody: (maxBytes: number) => Promise<Uint8Array>,
    ): Promise<void> {
      // Where uploads go straight to S3 (presigned), this route must not be a back door.
      if (!deps.blobs.acceptsAppUploads) throw new AppError('attachment.not_found', { details: { blobId } });
      const fieldKey = fieldOfBlobId(blobId);
      const field = fieldKey === undefined ? undefined : attachmentField(form, fieldKey);
      if (!field) throw new AppError('attachment.not_found', { details: { blobId } });
      const { accept, maxBytes } = limitsOf(field);
      const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!accept.includes(type)) throw invalid('content-type', `文件类型只能是 ${accept.join('、')}`);
      const bytes = await readBody(maxBytes);
      if (bytes.length === 0) throw invalid('body', '文件是空的');
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
     * says. Empty when every file checks out.
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
