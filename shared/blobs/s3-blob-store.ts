import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AppError } from '../errors';
import type { BlobStore } from './blob-store';

const isMissing = (err: unknown) =>
  err instanceof Error && (err.name === 'NoSuchKey' || err.name === 'NotFound');

/**
 * A create-only put lost to an existing object: 412 when the key exists, 409 when another
 * create-only put of the same key raced this one.
 */
const isTaken = (err: unknown) =>
  err instanceof Error &&
  (err.name === 'PreconditionFailed' ||
    err.name === 'ConditionalRequestConflict' ||
    // The only precondition a put sends is If-None-Match, whatever the error body says.
    (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 412));

/**
 * The S3 client for blobs, created once per process. Checksums only when required: by
 * default the SDK signs a CRC32 of the (empty) body into every presigned upload URL, and
 * S3 then refuses the real upload.
 */
export function createBlobS3Client(config: S3ClientConfig): S3Client {
  return new S3Client({
    ...config,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * The origin browsers upload to (virtual-hosted style, as the SDK presigns it): the
 * survey page's Content-Security-Policy must allow it in `connect-src`.
 */
export function s3UploadOrigin(bucket: string, region: string): string {
  return `https://${bucket}.s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/**
 * AWS adapter: a private S3 bucket. Every put is create-only (`If-None-Match: *`): stored
 * evidence is never replaced, as in the local adapter. Browsers upload with a presigned
 * PUT whose signature covers `content-type`, `content-length` and `if-none-match`, so S3
 * itself refuses any other type or size, and an upload that drops the condition. Pass a
 * client from `createBlobS3Client`.
 */
export function s3BlobStore(client: S3Client, bucket: string, expiresInSeconds = 900): BlobStore {
  return {
    acceptsAppUploads: false,
    async presignUpload(key, { contentType, size }) {
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: size,
        IfNoneMatch: '*',
      });
      const url = await getSignedUrl(client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-type', 'content-length', 'if-none-match']),
      });
      // Signed headers the browser must send itself (it sets content-length from the body).
      return { method: 'PUT', url, headers: { 'content-type': contentType, 'if-none-match': '*' } };
    },

    async put(key, bytes, contentType) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentType: contentType,
            IfNoneMatch: '*',
          }),
        );
      } catch (err) {
        if (isTaken(err)) throw new AppError('attachment.exists', { cause: err }); // the key is internal: not in the answer
        throw err;
      }
    },

    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
        return { bytes, contentType: out.ContentType ?? 'application/octet-stream' };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },

    async peek(key, bytes) {
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${Math.max(0, bytes - 1)}` }),
        );
        const head = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
        // "bytes 0-11/12345": the total follows the slash.
        const total = Number(out.ContentRange?.split('/')[1] ?? out.ContentLength ?? head.length);
        return { size: total, contentType: out.ContentType ?? '', head };
      } catch (err) {
        if (isMissing(err)) return undefined;
        // An empty object has no byte 0: S3 answers 416 to any range.
        if (err instanceof Error && err.name === 'InvalidRange') {
          const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
          return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? '', head: new Uint8Array() };
        }
        throw err;
      }
    },
  };
}
