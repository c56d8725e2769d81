import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors';

/**
 * Where the CJK font for printed PDFs comes from. In the Lambda asset the bundling step
 * (infra/constructs/node-function.ts) copies it next to index.mjs under this name; when
 * running from source it is read from the npm package.
 */
export const bundledFontFileName = 'NotoSansSC-Regular.ttf';
export const fontPackagePath = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

/** The places to look, in order: beside the running bundle, then the npm package (if resolvable). */
export function cjkFontCandidates(): string[] {
  const candidates = [fileURLToPath(new URL(`./${bundledFontFileName}`, import.meta.url))];
  try {
    candidates.push(createRequire(import.meta.url).resolve(fontPackagePath));
  } catch {
    // Not resolvable inside the bundle, where node_modules is absent: the first place must do.
  }
  return candidates;
}

/** Reads the first file that exists; throws an internal AppError naming every place tried. */
export async function readFirstFont(paths: readonly string[]): Promise<Buffer> {
  for (const path of paths) {
    try {
      return await readFile(path);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
    }
  }
  throw new AppError('internal', {
    message: `CJK font for PDFs not found; looked for ${[bundledFontFileName, fontPackagePath].join(' and ')} at: ${paths.join(', ')}`,
  });
}

let cached: Promise<Buffer> | undefined;

/**
 * The Noto Sans SC TTF (about 10 MB), read once per process; pdfkit embeds only the glyphs
 * a document uses. A failed read is not cached, so a later call tries again.
 */
export function loadCjkFont(): Promise<Buffer> {
  if (!cached) {
    cached = readFirstFont(cjkFontCandidates());
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}
