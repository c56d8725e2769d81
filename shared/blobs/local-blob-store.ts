import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../errors';
import type { BlobStore } from './blob-store';
import { isBlobKey } from './blob-store';

const metaSuffix = '.meta.json';

/**
 * Local adapter: blobs are files under `root` (`DATA_DIR/blobs`), each with a small
 * `.meta.json` beside it holding its content type. A blob is written to a temporary
 * file and linked into place (never over an existing blob), so a reader never sees half
 * of one and a stored file cannot be replaced after it was submitted. There are no
 * presigned URLs: browsers upload through the app's own route.
 */
export function localBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    if (!isBlobKey(key)) throw new Error(`invalid blob key: ${key}`);
    return join(root, ...key.split('/'));
  };
  return {
    presignUpload: async () => undefined,
    acceptsAppUploads: true,

    async put(key, bytes, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const suffix = `.${randomBytes(6).toString('hex')}.tmp`;
      const tmp = path + suffix;
      const metaTmp = path + metaSuffix + suffix;
      try {
        await writeFile(tmp, bytes);
        await writeFile(metaTmp, JSON.stringify({ contentType }));
        // link() fails if the name exists: a blob, once stored, is never replaced.
        await link(tmp, path);
        await rename(metaTmp, path + metaSuffix);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('attachment.exists'); // the key is internal: not in the answer
        throw err;
      } finally {
        await rm(tmp, { force: true });
        await rm(metaTmp, { force: true });
      }
    },

    async get(key) {
      const found = await this.peek(key, 0);
      if (!found) return undefined;
      return { bytes: new Uint8Array(await readFile(pathOf(key))), contentType: found.contentType };
    },

    async peek(key, bytes) {
      const path = pathOf(key);
      let size: number;
      try {
        const info = await stat(path);
        if (!info.isFile()) return undefined;
        size = info.size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      // The content file is linked in before its meta file is renamed in: no meta yet, no blob yet.
      const metaText = await readFile(path + metaSuffix, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
      if (metaText === undefined) return undefined;
      const meta = JSON.parse(metaText) as { contentType?: unknown };
      const file = await open(path, 'r');
      try {
        const head = Buffer.alloc(Math.min(bytes, size));
        await file.read(head, 0, head.length, 0);
        return { size, contentType: String(meta.contentType ?? ''), head };
      } finally {
        await file.close();
      }
    },
  };
}
