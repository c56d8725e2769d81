import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../functions/compose';
import { createApp } from '../../functions/http/app';
import { uploadWindowSeconds } from '../../shared/app/fill/attachment-service';
import { createBlobS3Client, s3BlobStore } from '../../shared/blobs/s3-blob-store';
import { uploadKeys } from '../../shared/store/keys';
import { tableDefinition } from '../../shared/store/table';
import { issueLink } from '../e2e/survey-server';
import { compiledForm, issue, itemsWhere, json, tokenOf, validAnswers } from '../support/fill';
import { errorOf, useTestStack } from '../support/stack';

/**
 * Deliver 6: an attachment PUT (through the app) only for a blob id issued to that very
 * link, of the type it declared and never larger than the size it declared (exactly that
 * size, as S3's presigned URLs require); and on submit, files of another village's link
 * are refused. Every refusal stores nothing.
 */
const t = useTestStack();
const field = 'activityEvidence';
let a: { token: string; id: string; admin: string };
let b: { token: string; id: string };

const jpeg = (size: number) => {
  const bytes = randomBytes(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};
const png = (size: number) => {
  const bytes = randomBytes(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};
type Slot = { blobId: string; upload: { url: string } };
async function slotFor(token: string, size: number, type = 'image/jpeg'): Promise<Slot> {
  const res = await t.request(
    `/api/v1/fill/${token}/attachments`,
    json({ fieldKey: field, name: '照片.jpg', type, size }, { method: 'POST' }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as Slot;
}
const putTo = (
  token: string,
  blobId: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  type = 'image/jpeg',
) =>
  t.request(`/api/v1/fill/${token}/attachments/${blobId}`, {
    method: 'PUT',
    headers: { 'content-type': type },
    body,
    // A stream body (no Content-Length) needs half duplex.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
const blobPath = (orgCode: string, blobId: string) =>
  join(t.dataDir, 'blobs', 'attachments', orgCode, 'self-evaluation', blobId);
const stored = (orgCode: string, blobId: string) =>
  access(blobPath(orgCode, blobId)).then(
    () => true,
    () => false,
  );
const orgOf = async (token: string) =>
  (await t.stack.deps.links.resolveLink(token, t.clock.now)).link.orgCode;

async function submitWith(token: string, files: unknown) {
  const [answers] = validAnswers(await compiledForm(t, 'self-evaluation'), 1, 5);
  return t.request(
    `/api/v1/fill/${token}/submissions`,
    json({ answers: { ...answers, [field]: files } }, { method: 'POST' }),
  );
}

beforeAll(async () => {
  a = await issueLink(t, 'self-evaluation', '341022104204');
  b = await issueLink(t, 'self-evaluation', '341022104205');
});

describe('upload slots through the app', () => {
  it('are recorded in the link’s own partition with the declared type and size, expiring', async () => {
    const slot = await slotFor(a.token, 300);
    const items = await itemsWhere(t, (i) => String(i.sk).startsWith('UPLOAD#'));
    const item = items.find((i) => i.sk === uploadKeys.item(a.id, slot.blobId).sk);
    expect(item).toEqual({
      pk: `LINK#${a.id}`,
      sk: `UPLOAD#${slot.blobId}`,
      linkId: a.id,
      blobId: slot.blobId,
      type: 'image/jpeg',
      size: 300,
      issuedAt: t.clock.now.toISOString(),
      expiresAt: new Date(t.clock.now.getTime() + uploadWindowSeconds * 1000).toISOString(),
      [tableDefinition.timeToLiveAttribute]: Math.ceil(t.clock.now.getTime() / 1000) + uploadWindowSeconds,
    });
    // Never in a village partition, so the village-history range (EVAL#..SUB#\uffff) cannot meet them.
    expect(items.every((i) => String(i.pk).startsWith('LINK#'))).toBe(true);
  });

  it('refuse a well-formed blob id that was never issued (404), storing nothing', async () => {
    const forged = `${field}.${'A'.repeat(22)}`;
    const res = await putTo(a.token, forged, jpeg(100));
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error.code).toBe('attachment.not_found');
    expect(error.message).toBe('未找到这个上传位置（可能已过期），请重新选择文件上传');
    expect(await stored(await orgOf(a.token), forged)).toBe(false);
  });

  it('refuse a blob id issued to another link, through either link’s URL for the other', async () => {
    const ofB = await slotFor(b.token, 100);
    const viaA = await putTo(a.token, ofB.blobId, jpeg(100));
    expect(viaA.status).toBe(404);
    expect((await errorOf(viaA)).code).toBe('attachment.not_found');
    const ofA = await slotFor(a.token, 100);
    const viaB = await putTo(b.token, ofA.blobId, jpeg(100));
    expect(viaB.status).toBe(404);
    expect(await stored(await orgOf(a.token), ofB.blobId)).toBe(false);
    expect(await stored(await orgOf(b.token), ofA.blobId)).toBe(false);
    // Each still works through its own link.
    expect((await putTo(b.token, ofB.blobId, jpeg(100))).status).toBe(204);
    expect((await putTo(a.token, ofA.blobId, jpeg(100))).status).toBe(204);
  });

  it('refuse more bytes than declared with 413 — by Content-Length or as they stream — and fewer with 422; then take the right file', async () => {
    const slot = await slotFor(a.token, 1000);
    const orgCode = await orgOf(a.token);
    const declared = await putTo(a.token, slot.blobId, jpeg(1001));
    expect(declared.status).toBe(413);
    const error = await errorOf(declared);
    expect(error).toEqual({
      code: 'attachment.too_large',
      message: '文件比申请上传时声明的大小（1000 字节）大，请重新选择文件',
      details: { maxBytes: 1000 },
    });
    // No Content-Length: the bytes are counted as they arrive and the read stops past 1000.
    const bytes = jpeg(1500);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 800));
        controller.enqueue(bytes.subarray(800));
        controller.close();
      },
    });
    const streamed = await putTo(a.token, slot.blobId, stream);
    expect(streamed.status).toBe(413);
    expect((await errorOf(streamed)).code).toBe('attachment.too_large');
    const short = await putTo(a.token, slot.blobId, jpeg(999));
    expect(short.status).toBe(422);
    expect((await errorOf(short)).details).toEqual([
      { field: 'body', message: '文件大小（999 字节）与申请上传时声明的（1000 字节）不符' },
    ]);
    expect(await stored(orgCode, slot.blobId)).toBe(false);
    expect((await putTo(a.token, slot.blobId, jpeg(1000))).status).toBe(204);
    expect(await stored(orgCode, slot.blobId)).toBe(true);
  });

  it('refuse another type than declared (422), even one the field accepts', async () => {
    const slot = await slotFor(a.token, 200, 'image/jpeg');
    const res = await putTo(a.token, slot.blobId, png(200), 'image/png');
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toEqual([
      { field: 'content-type', message: '文件类型与申请上传时声明的（image/jpeg）不符' },
    ]);
    expect(await stored(await orgOf(a.token), slot.blobId)).toBe(false);
  });

  it('expire: an upload starting after the window is refused (404)', async () => {
    const slot = await slotFor(a.token, 100);
    const saved = t.clock.now;
    try {
      t.clock.now = new Date(saved.getTime() + uploadWindowSeconds * 1000);
      const late = await putTo(a.token, slot.blobId, jpeg(100));
      expect(late.status).toBe(404);
      expect((await errorOf(late)).code).toBe('attachment.not_found');
    } finally {
      t.clock.now = saved;
    }
    expect((await putTo(a.token, slot.blobId, jpeg(100))).status).toBe(204);
  });
});

describe('on submit', () => {
  it('refuses a file uploaded through another village’s link', async () => {
    const slot = await slotFor(b.token, 64);
    expect((await putTo(b.token, slot.blobId, jpeg(64))).status).toBe(204);
    const file = { blobId: slot.blobId, name: '照片.jpg', type: 'image/jpeg', size: 64 };
    const res = await submitWith(a.token, [file]);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toEqual([
      { field: `${field}.0`, message: '附件未上传或已失效，请重新上传' },
    ]);
    expect((await submitWith(b.token, [file])).status).toBe(201);
  });

  it('keeps a file uploaded through the village’s previous link: a draft outlives a rotation', async () => {
    const orgCode = '341022104206';
    const old = await issueLink(t, 'self-evaluation', orgCode);
    const slot = await slotFor(old.token, 64);
    expect((await putTo(old.token, slot.blobId, jpeg(64))).status).toBe(204);
    const [rotated] = await issue(t, old.admin, {
      formId: 'self-evaluation',
      orgCodes: [orgCode],
      rotate: true,
    });
    const fresh = tokenOf(rotated?.url ?? '');
    expect((await putTo(old.token, slot.blobId, jpeg(64))).status).toBe(410);
    const file = { blobId: slot.blobId, name: '照片.jpg', type: 'image/jpeg', size: 64 };
    expect((await submitWith(fresh, [file])).status).toBe(201);
  });
});

describe('with presigned S3 uploads (the AWS wiring)', () => {
  it('records no slot: the presigned URL binds key, type and size itself', async () => {
    const s3 = createBlobS3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    });
    const app = createApp(
      compose({
        table: t.stack.table,
        secret: t.stack.secret,
        blobs: s3BlobStore(s3, 'blob-bucket'),
        config: { sessionTtlSeconds: 60, maxBodyBytes: 64 * 1024 },
        now: () => t.clock.now,
      }).deps,
    );
    const before = await itemsWhere(t, (i) => String(i.sk).startsWith('UPLOAD#'));
    const res = await app.request(
      `/api/v1/fill/${a.token}/attachments`,
      json({ fieldKey: field, name: 'a.jpg', type: 'image/jpeg', size: 1024 }, { method: 'POST' }),
    );
    expect(res.status).toBe(201);
    const { upload } = (await res.json()) as { upload: { url: string } };
    const signed = new URL(upload.url).searchParams.get('X-Amz-SignedHeaders') ?? '';
    expect(signed.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type']));
    expect(await itemsWhere(t, (i) => String(i.sk).startsWith('UPLOAD#'))).toEqual(before);
  });
});
