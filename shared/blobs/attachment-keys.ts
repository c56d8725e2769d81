import { randomBytes } from 'node:crypto';

/**
 * Attachment blob ids name their field: `{fieldKey}.{22 random base64url characters}`,
 * so an upload is bound to one field (its types and size limit) without any table item.
 */
const blobIdPattern = /^([a-z][a-zA-Z0-9_]{0,63})\.[A-Za-z0-9_-]{22}$/;

/** A new blob id for an upload to `fieldKey`. */
export function newBlobId(fieldKey: string): string {
  return `${fieldKey}.${randomBytes(16).toString('base64url')}`;
}

/** The field a blob id was issued for, or undefined when it is not a blob id. */
export function fieldOfBlobId(blobId: string): string | undefined {
  return blobIdPattern.exec(blobId)?.[1];
}

/**
 * Where an attachment lives: under its village and form, so a blob id from another
 * village or form names a key that does not exist for this link.
 */
export function attachmentKey(orgCode: string, formId: string, blobId: string): string {
  return `attachments/${orgCode}/${formId}/${blobId}`;
}
