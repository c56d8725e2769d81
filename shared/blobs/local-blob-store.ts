import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BlobStore } from './blob-store';
import { isBlobKey } from './blob-store';

const metaSuffix = '.meta.json';

/**
 * Local adapter: blobs are files under `root` (`DATA_DIR/blobs`), each with a small
 * `.meta.json` beside it holding its content type. A blob is written to a temporary
 * file and renamed into place, so a reader never sees half of one. There are no
 * presigned URLs: browsers upload through the app's own route.
 */
export function localBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    if (!isBlobKey(key)) throw new Error(`invalid blob key: ${key}`);
    return join(root, ...key.split('/'));
  };
  return {
    presignUpload: async () => undefined,

    async put(key, bytes, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, bytes);
        await writeFile(path + metaSuffix, JSON.stringify({ contentType }));
        await rename(tmp, path);
      } finally {
        await rm(tmp, { force: true });
      }
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
      const meta = JSON.parse(await readFile(path + metaSuffix, 'utf8')) as { contentType?: unknown };
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
