import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentKey, fieldOfBlobId, newBlobId } from '../../../shared/blobs/attachment-keys';
import { isBlobKey } from '../../../shared/blobs/blob-store';
import { localBlobStore } from '../../../shared/blobs/local-blob-store';
import { sniffType } from '../../../shared/blobs/magic-bytes';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('magic bytes', () => {
  it('recognises JPEG, PNG, WebP and PDF, and nothing else', () => {
    expect(sniffType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffType(bytes('RIFF', 1, 2, 3, 4, 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(bytes('RIFF', 1, 2, 3, 4, 'WAVE'))).toBeUndefined();
    expect(sniffType(bytes('GIF89a'))).toBeUndefined();
    expect(sniffType(bytes(0xff, 0xd8))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
  });
});

describe('attachment keys', () => {
  it('bind a blob id to its field and a key to its village and form', () => {
    const id = newBlobId('activityEvidence');
    expect(fieldOfBlobId(id)).toBe('activityEvidence');
    expect(fieldOfBlobId('activityEvidence.short')).toBeUndefined();
    expect(fieldOfBlobId(`../${id}`)).toBeUndefined();
    expect(fieldOfBlobId('3f0c2a8e-8a8b-4a43-9d55-1e0f4e5b2c11')).toBeUndefined();
    const key = attachmentKey('341022104204', 'self-evaluation', id);
    expect(key).toBe(`attachments/341022104204/self-evaluation/${id}`);
    expect(isBlobKey(key)).toBe(true);
  });

  it('refuse keys that could leave the blob folder', () => {
    for (const key of ['', '../x', 'a/../b', '/abs', 'a//b', '.hidden', 'a/.meta', 'a\\b', 'a b']) {
      expect(isBlobKey(key), key).toBe(false);
    }
  });
});

describe('local blob store', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blobs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores and peeks blobs under its folder, never replaces one; has no presigned URLs', async () => {
    const store = localBlobStore(dir);
    expect(await store.presignUpload('a/b', { contentType: 'image/png', size: 1 })).toBeUndefined();
    expect(await store.peek('a/missing', 4)).toBeUndefined();
    await store.put('a/b.pdf', bytes('%PDF-1.4 hello'), 'application/pdf');
    expect(await store.peek('a/b.pdf', 4)).toEqual({
      size: 14,
      contentType: 'application/pdf',
      head: Buffer.from('%PDF'),
    });
    expect(await readFile(join(dir, 'a', 'b.pdf'), 'utf8')).toBe('%PDF-1.4 hello');
    await expect(store.put('a/b.pdf', bytes('%PDF'), 'image/png')).rejects.toMatchObject({
      code: 'attachment.exists',
    });
    expect(await store.peek('a/b.pdf', 4)).toEqual({
      size: 14,
      contentType: 'application/pdf',
      head: Buffer.from('%PDF'),
    });
    expect(store.acceptsAppUploads).toBe(true);
    await expect(store.put('../escape', bytes('x'), 'text/plain')).rejects.toThrow(/invalid blob key/);
  });
});
