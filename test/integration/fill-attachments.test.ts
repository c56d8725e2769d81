import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../functions/compose';
import { createApp } from '../../functions/http/app';
import { createBlobS3Client, s3BlobStore, s3UploadOrigin } from '../../shared/blobs/s3-blob-store';
import {
  compiledForm,
  isSubmission,
  issueVillageTokens,
  itemsWhere,
  json,
  validAnswers,
  xiaoFu,
} from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let tokenA = '';
let tokenB = '';
let baselineA = '';

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

type Slot = { blobId: string; upload: { method: string; url: string; headers: Record<string, string> } };
const requestSlot = (token: string, body: unknown) =>
  t.request(`/api/v1/fill/${token}/attachments`, json(body, { method: 'POST' }));
const put = (url: string, bytes: Uint8Array, type: string) =>
  t.request(url, { method: 'PUT', headers: { 'content-type': type }, body: bytes });

/** Requests a slot and uploads `bytes` to it; returns the answer value for the file. */
async function upload(token: string, fieldKey: string, bytes: Uint8Array, type = 'image/jpeg') {
  const res = await requestSlot(token, { fieldKey, name: '活动照片.jpg', type, size: bytes.length });
  expect(res.status).toBe(201);
  const slot = (await res.json()) as Slot;
  const done = await put(slot.upload.url, bytes, slot.upload.headers['content-type'] ?? '');
  expect(done.status).toBe(204);
  return { blobId: slot.blobId, name: '活动照片.jpg', type, size: bytes.length };
}

async function submitWith(token: string, files: unknown) {
  const form = await compiledForm(t, 'self-evaluation');
  const [answers] = validAnswers(form, 1, 5);
  return t.request(
    `/api/v1/fill/${token}/submissions`,
    json({ answers: { ...answers, activityEvidence: files } }, { method: 'POST' }),
  );
}

beforeAll(async () => {
  const admin = await t.login('admin', adminPassword);
  ({ tokenA, tokenB, baselineA } = await issueVillageTokens(t, admin));
});

describe('attachments', () => {
  it('uploads through the app locally (past the JSON body limit) and submits with the file', async () => {
    const bytes = jpeg(200 * 1024);
    const res = await requestSlot(tokenA, {
      fieldKey: 'activityEvidence',
      name: '照片.jpg',
      type: 'image/jpeg',
      size: bytes.length,
    });
    expect(res.status).toBe(201);
    const slot = (await res.json()) as Slot;
    expect(slot.blobId).toMatch(/^activityEvidence\.[A-Za-z0-9_-]{22}$/);
    expect(slot.upload).toEqual({
      method: 'PUT',
      url: `/api/v1/fill/${tokenA}/attachments/${slot.blobId}`,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect((await put(slot.upload.url, bytes, 'image/jpeg')).status).toBe(204);
    const file = join(t.dataDir, 'blobs', 'attachments', xiaoFu, 'self-evaluation', slot.blobId);
    expect(Buffer.compare(await readFile(file), bytes)).toBe(0);
    // Evidence cannot be swapped under the same id afterwards (not even with the declared size).
    const swap = await put(slot.upload.url, jpeg(bytes.length), 'image/jpeg');
    expect(swap.status).toBe(409);
    expect(await errorOf(swap)).toEqual({
      code: 'attachment.exists',
      message: '该附件已上传，不能覆盖；如需更换请重新选择文件',
    });
    expect(Buffer.compare(await readFile(file), bytes)).toBe(0);

    const pdf = await upload(tokenA, 'activityEvidence', Buffer.from('%PDF-1.7\n...'), 'application/pdf');
    const files = [{ blobId: slot.blobId, name: '照片.jpg', type: 'image/jpeg', size: bytes.length }, pdf];
    const submitted = await submitWith(tokenA, files);
    expect(submitted.status).toBe(201);
    const [item] = await itemsWhere(t, isSubmission);
    expect(JSON.parse(String(item?.answers)).activityEvidence).toEqual(files);
  });

  it('refuses upload requests for unknown or non-attachment fields, other types, empty or oversize files', async () => {
    const cases: [unknown, string][] = [
      [{ fieldKey: 'nope', name: 'a.jpg', type: 'image/jpeg', size: 10 }, 'fieldKey'],
      [{ fieldKey: 'members', name: 'a.jpg', type: 'image/jpeg', size: 10 }, 'fieldKey'],
      [{ fieldKey: 'activityEvidence', name: 'a.gif', type: 'image/gif', size: 10 }, 'type'],
      [{ fieldKey: 'activityEvidence', name: 'a.jpg', type: 'image/jpeg', size: 0 }, 'size'],
      [
        { fieldKey: 'activityEvidence', name: 'a.jpg', type: 'image/jpeg', size: 10 * 1024 * 1024 + 1 },
        'size',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await requestSlot(tokenA, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe('attachment.invalid');
      expect((error.details as { field: string }[])[0]?.field).toBe(field);
    }
    const malformed = await requestSlot(tokenA, { fieldKey: 'activityEvidence', size: -1 });
    expect(malformed.status).toBe(400);
  });

  it('refuses uploads whose bytes are not what they claim, of another type, or too large', async () => {
    const slot = (await (
      await requestSlot(tokenA, {
        fieldKey: 'activityEvidence',
        name: 'a.jpg',
        type: 'image/jpeg',
        size: 100,
      })
    ).json()) as Slot;
    const badMagic = await put(slot.upload.url, png(100), 'image/jpeg');
    expect(badMagic.status).toBe(422);
    expect((await errorOf(badMagic)).details).toEqual([
      { field: 'body', message: '文件内容与声明的类型不符' },
    ]);
    const text = await put(slot.upload.url, Buffer.from('hello'), 'text/plain');
    expect(text.status).toBe(422);
    expect((await put(slot.upload.url, new Uint8Array(), 'image/jpeg')).status).toBe(422);
    const oversize = await put(slot.upload.url, jpeg(10 * 1024 * 1024 + 1), 'image/jpeg');
    expect(oversize.status).toBe(413);
    expect((await errorOf(oversize)).code).toBe('attachment.too_large');
    const unknown = await put(`/api/v1/fill/${tokenA}/attachments/not-a-blob-id`, jpeg(10), 'image/jpeg');
    expect((await errorOf(unknown)).code).toBe('attachment.not_found');
    const otherField = await put(
      `/api/v1/fill/${tokenA}/attachments/members.AAAAAAAAAAAAAAAAAAAAAA`,
      jpeg(10),
      'image/jpeg',
    );
    expect(otherField.status).toBe(404);
    const forged = await put(
      `/api/v1/fill/${tokenA.slice(0, -2)}xx/attachments/${slot.blobId}`,
      jpeg(10),
      'image/jpeg',
    );
    expect((await errorOf(forged)).code).toBe('link.invalid');
  });

  it('still applies the JSON body limit to every other route', async () => {
    const res = await t.request(
      `/api/v1/fill/${tokenA}/draft`,
      json({ answers: { text: 'x'.repeat(80 * 1024) } }, { method: 'PUT' }),
    );
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('request.too_large');
  });

  it('refuses on submit files of another village or form, never uploaded, for another field, or misdescribed', async () => {
    const before = (await itemsWhere(t, isSubmission)).length;
    const fromB = await upload(tokenB, 'activityEvidence', jpeg(64));
    const fromBaseline = await upload(baselineA, 'evidence', jpeg(64));
    const mine = await upload(tokenA, 'activityEvidence', jpeg(64));
    const cases: [unknown, string][] = [
      [[fromB], '附件未上传或已失效，请重新上传'],
      [
        [{ ...fromBaseline, blobId: fromBaseline.blobId.replace('evidence.', 'activityEvidence.') }],
        '附件未上传或已失效，请重新上传',
      ],
      [[fromBaseline], '附件标识无效，请重新上传'],
      [[{ ...mine, blobId: `activityEvidence.${'A'.repeat(22)}` }], '附件未上传或已失效，请重新上传'],
      [[{ ...mine, blobId: '3f0c2a8e-8a8b-4a43-9d55-1e0f4e5b2c11' }], '附件标识无效，请重新上传'],
      [[{ ...mine, size: 65 }], '附件信息与已上传的文件不符，请重新上传'],
      [[{ ...mine, type: 'image/png' }], '附件信息与已上传的文件不符，请重新上传'],
    ];
    for (const [files, message] of cases) {
      const res = await submitWith(tokenA, files);
      expect(res.status, JSON.stringify(files)).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe('submission.invalid');
      expect(error.details).toEqual([{ field: 'activityEvidence.0', message }]);
    }
    // B's file is fine for B.
    expect((await submitWith(tokenB, [fromB])).status).toBe(201);
    expect((await itemsWhere(t, isSubmission)).length).toBe(before + 1);
  });
});

describe('attachments with presigned S3 uploads (the AWS wiring)', () => {
  it('hands out a presigned S3 URL and keeps the app upload route closed', async () => {
    // The real app and table with the S3 adapter; presigning is local, nothing reaches S3.
    const s3 = createBlobS3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    });
    const blobs = s3BlobStore(s3, 'blob-bucket');
    const app = createApp(
      compose({
        table: t.stack.table,
        secret: t.stack.secret,
        blobs,
        config: { sessionTtlSeconds: 60, maxBodyBytes: 64 * 1024 },
      }).deps,
    );
    const slot = await app.request(
      `/api/v1/fill/${tokenA}/attachments`,
      json(
        { fieldKey: 'activityEvidence', name: 'a.jpg', type: 'image/jpeg', size: 1024 },
        { method: 'POST' },
      ),
    );
    expect(slot.status).toBe(201);
    const { blobId, upload: target } = (await slot.json()) as Slot;
    expect(new URL(target.url).origin).toBe(s3UploadOrigin('blob-bucket', 'cn-north-1'));
    const direct = await app.request(`/api/v1/fill/${tokenA}/attachments/${blobId}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: jpeg(1024),
    });
    expect(direct.status).toBe(404);
    expect((await errorOf(direct)).code).toBe('attachment.not_found');
  });
});
