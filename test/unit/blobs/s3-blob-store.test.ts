import { describe, expect, it, vi } from 'vitest';
import { createBlobS3Client, s3BlobStore, s3UploadOrigin } from '../../../shared/blobs/s3-blob-store';

// Presigning is local computation: fake credentials, no network.
const client = createBlobS3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret' },
});

describe('S3 blob store', () => {
  it('presigns a PUT bound to content type and length, without a checksum of an empty body', async () => {
    const store = s3BlobStore(client, 'blob-bucket');
    const key = 'attachments/341022104204/self-evaluation/activityEvidence.AAAAAAAAAAAAAAAAAAAAAA';
    const target = await store.presignUpload(key, { contentType: 'image/jpeg', size: 12345 });
    if (!target) throw new Error('expected a presigned target');
    expect(target.method).toBe('PUT');
    // Browsers upload straight to S3: the app's own upload route stays closed.
    expect(store.acceptsAppUploads).toBe(false);
    expect(target.headers).toEqual({ 'content-type': 'image/jpeg' });
    const url = new URL(target.url);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toContain('blob-bucket');
    expect(url.pathname).toContain('activityEvidence.AAAAAAAAAAAAAAAAAAAAAA');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
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
