import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's `forms/` folder: the programme's shipped form definitions. */
export const formsDir = fileURLToPath(new URL('../forms/', import.meta.url));

/** Files in `forms/` that are not form definitions. */
const notForms = new Set(['programme.json', 'form.schema.json']);

export type FormFile = { name: string; path: string } & (
  | { definition: unknown; error?: undefined }
  | { definition?: undefined; error: string }
);

/** Reads one JSON file; a file that is not JSON is reported, not thrown. */
export async function readFormFile(path: string): Promise<FormFile> {
  const name = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { name, path, error: `无法读取文件：${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  try {
    return { name, path, definition: JSON.parse(text) as unknown };
  } catch (err) {
    return { name, path, error: `不是有效的 JSON：${(err as Error).message}` };
  }
}

/** Every form definition in a folder (default: the shipped `forms/`), sorted by name. */
export async function readFormsIn(dir = formsDir): Promise<FormFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !notForms.has(n)).sort();
  return Promise.all(names.map((n) => readFormFile(join(dir, n))));
}

/** Sibling form files of `path` keyed by id, for resolving `use` references while checking. */
export async function siblingsById(paths: string[]): Promise<Map<string, unknown>> {
  const dirs = new Set([...paths.map((p) => dirname(resolve(p))), formsDir]);
  const byId = new Map<string, unknown>();
  for (const dir of dirs) {
    for (const file of await readFormsIn(dir).catch(() => [])) {
      const id = (file.definition as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, file.definition);
    }
  }
  // The files named on the command line win over same-id files elsewhere.
  for (const p of paths) {
    const file = await readFormFile(p);
    const id = (file.definition as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') byId.set(id, file.definition);
  }
  return byId;
}

/** The shipped forms, ready to publish; an unreadable file stops the start with its name. */
export async function readShippedForms(): Promise<{ name: string; definition: unknown }[]> {
  const files = await readFormsIn(formsDir);
  const broken = files.filter((f) => f.error !== undefined);
  if (broken.length > 0) throw new Error(broken.map((f) => `forms/${f.name}: ${f.error}`).join('\n'));
  return files.map(({ name, definition }) => ({ name, definition }));
}
