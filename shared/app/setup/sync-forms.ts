import { AppError } from '../../errors';
import type { FormCatalogue, PublishedForm } from '../forms/form-catalogue';

/** JSON with sorted keys and without `version`/`$schema`: equal content, equal text. */
function canonical(value: unknown, top = true): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, false)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([k]) => !(top && (k === 'version' || k === '$schema')))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, false)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const unlessNotFound = (err: unknown) => {
  if (AppError.is(err, 'form.not_found')) return undefined;
  throw err;
};

export interface SyncOutcome extends PublishedForm {
  published: boolean;
}

/**
 * Publishes the shipped form files whose content differs from their latest published
 * version (so a restart publishes nothing, and an edited file becomes the next version).
 * Forms that reference others wait until those are published.
 */
export async function syncShippedForms(
  catalogue: FormCatalogue,
  files: { name: string; definition: unknown }[],
  now: Date,
): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  let pending = files;
  while (pending.length > 0) {
    const failed: { file: (typeof files)[number]; error: unknown }[] = [];
    for (const file of pending) {
      const id = (file.definition as { id?: unknown } | null)?.id;
      const latest = typeof id === 'string' ? await catalogue.get(id).catch(unlessNotFound) : undefined;
      if (latest && canonical(latest.definition) === canonical(file.definition)) {
        outcomes.push({ id: latest.id, version: latest.version, title: latest.title, published: false });
        continue;
      }
      try {
        outcomes.push({ ...(await catalogue.publish(file.definition, 'system', now)), published: true });
      } catch (error) {
        failed.push({ file, error });
      }
    }
    if (failed.length === pending.length) {
      const first = failed[0];
      const details = failed.map((f) => ({
        file: f.file.name,
        error: AppError.is(f.error) ? f.error.details : String(f.error),
      }));
      throw new AppError('form.invalid', {
        message: `表单文件无法发布：${failed.map((f) => f.file.name).join('、')}`,
        details,
        cause: first?.error,
      });
    }
    pending = failed.map((f) => f.file);
  }
  return outcomes.sort((a, b) => (a.id < b.id ? -1 : 1));
}
