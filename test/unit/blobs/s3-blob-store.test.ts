import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createBlobS3Client, s3BlobStore, s3UploadOrigin } from '../../../shared/blobs/s3-blob-store';
import { AppError } from '../../../shared/errors';

// Presigning is local computation: fake credentials, no network.
const client = createBlobS3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret' },
});

describe('S3 blob store', () => {
  it('presigns a create-only PUT bound to content type and length, without a checksum of an empty body', async () => {
    const store = s3BlobStore(client, 'blob-bucket');
    const key = 'attachments/341022104204/self-evaluation/activityEvidence.AAAAAAAAAAAAAAAAAAAAAA';
    const target = await store.presignUpload(key, { contentType: 'image/jpeg', size: 12345 });
    if (!target) throw new Error('expected a presigned target');
    expect(target.method).toBe('PUT');
    // Browsers upload straight to S3: the app's own upload route stays closed.
    expect(store.acceptsAppUploads).toBe(false);
    // The browser sends these as they are: each one is signed, so S3 refuses the upload without it.
    expect(target.headers).toEqual({ 'content-type': 'image/jpeg', 'if-none-match': '*' });
    const url = new URL(target.url);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toContain('blob-bucket');
    expect(url.pathname).toContain('activityEvidence.AAAAAAAAAAAAAAAAAAAAAA');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host', 'if-none-match']),
    );
    // A header, not a query parameter: S3 reads the condition only from the request headers.
    expect([...url.searchParams.keys()].some((k) => k.toLowerCase().includes('if-none-match'))).toBe(false);
    expect([...url.searchParams.keys()].some((k) => k.toLowerCase().includes('checksum'))).toBe(false);
  });

  it('uploads to the origin the survey page CSP allows, in China and elsewhere', async () => {
    for (const region of ['cn-north-1', 'cn-northwest-1', 'ap-east-1']) {
      const regional = createBlobS3Client({
        region,
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
      });
      const target = await s3BlobStore(regional, 'blob-bucket').presignUpload('a/b', {
        contentType: 'image/png',
        size: 1,
      });
      expect(new URL(target?.url ?? '').origin).toBe(s3UploadOrigin('blob-bucket', region));
    }
  });
});

describe('S3 blob store peek', () => {
  const named = (name: string) => Object.assign(new Error(name), { name });

  it('reads the first bytes with a range and the total size from Content-Range', async () => {
    const stub = createBlobS3Client({ region: 'cn-north-1' });
    const seen: unknown[] = [];
    vi.spyOn(stub, 'send').mockImplementation((async (command: { input: Record<string, unknown> }) => {
      seen.push(command.input);
      if (command.input.Key === 'missing') throw named('NoSuchKey');
      if (command.input.Key === 'empty' && 'Range' in command.input) throw named('InvalidRange');
      if (command.input.Key === 'empty') return { ContentLength: 0, ContentType: 'image/png' };
      return {
        ContentRange: 'bytes 0-3/12345',
        ContentLength: 4,
        ContentType: 'application/pdf',
        Body: { transformToByteArray: async () => Uint8Array.from(Buffer.from('%PDF')) },
      };
    }) as never);
    const store = s3BlobStore(stub, 'bucket');
    expect(await store.peek('a/b', 4)).toEqual({
      size: 12345,
      contentType: 'application/pdf',
      head: Uint8Array.from(Buffer.from('%PDF')),
    });
    expect(seen[0]).toEqual({ Bucket: 'bucket', Key: 'a/b', Range: 'bytes=0-3' });
    expect(await store.peek('missing', 4)).toBeUndefined();
    expect(await store.peek('empty', 4)).toEqual({
      size: 0,
      contentType: 'image/png',
      head: new Uint8Array(),
    });
  });
});

describe('S3 blob store put', () => {
  /** A client whose HTTP layer is a stub: the real SDK serializes requests and parses errors. */
  function stubbedHttp(status: number, body = '') {
    const requests: { method: string; headers: Record<string, string> }[] = [];
    const client = createBlobS3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret' },
      maxAttempts: 1,
      requestHandler: {
        handle: async (request: { method: string; headers: Record<string, string> }) => {
          requests.push(request);
          return {
            response: {
              statusCode: status,
              headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'stub' },
              body: Readable.from([Buffer.from(body)]),
            },
          };
        },
      } as never,
    });
    return { client, requests };
  }
  const s3Error = (code: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>stub</Message></Error>`;
  const key = 'attachments/341022104204/self-evaluation/activityEvidence.AAAAAAAAAAAAAAAAAAAAAA';

  it('writes create-only: the PUT carries If-None-Match: *', async () => {
    const { client, requests } = stubbedHttp(200);
    await s3BlobStore(client, 'bucket').put(key, new Uint8Array([1, 2, 3]), 'image/png');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('PUT');
    expect(requests[0]?.headers).toMatchObject({ 'if-none-match': '*', 'content-type': 'image/png' });
  });

  it('an existing key (412) or a racing put of it (409) is attachment.exists, as in the local store', async () => {
    for (const [status, code] of [
      [412, 'PreconditionFailed'],
      [409, 'ConditionalRequestConflict'],
    ] as const) {
      const { client } = stubbedHttp(status, s3Error(code));
      const err = await s3BlobStore(client, 'bucket')
        .put(key, new Uint8Array([1]), 'image/png')
        .catch((e: unknown) => e);
      expect(AppError.is(err, 'attachment.exists'), `${status} ${code}`).toBe(true);
      expect(err).toMatchObject({ status: 409 });
      // The storage key is internal: the answer does not carry it.
      expect((err as AppError).details).toBeUndefined();
    }
  });

  it('other failures are not mistaken for an existing blob', async () => {
    const { client } = stubbedHttp(403, s3Error('AccessDenied'));
    const err = await s3BlobStore(client, 'bucket')
      .put(key, new Uint8Array([1]), 'image/png')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(AppError);
    expect(err).toMatchObject({ name: 'AccessDenied' });
  });
});
