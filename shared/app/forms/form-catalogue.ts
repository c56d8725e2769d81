import * as z from 'zod/mini';
import { AppError } from '../../errors';
import type { CompiledForm } from '../../forms/compiled-form';
import { checkForm } from '../../forms/load-form';
import { formIdSchema } from '../../forms/meta-schema';
import { checkVersionCompatibility } from '../../forms/version-compat';
import { ttlCache } from '../../lib/ttl-cache';
import type { FormRepository, StoredForm } from '../../store/ports';

/** Just enough of a definition to know its id and what it references, before the full check. */
const headSchema = z.object({
  id: formIdSchema,
  sections: z.optional(z.array(z.unknown())),
  scoring: z.optional(z.unknown()),
});
const useSchema = z.object({ use: z.string() });

/** Ids a definition references with `use` (sections and scoring), without duplicates. */
function referencedIds(raw: z.infer<typeof headSchema>): string[] {
  const uses = [...(raw.sections ?? []), raw.scoring].flatMap((entry) => {
    const parsed = useSchema.safeParse(entry);
    return parsed.success ? [parsed.data.use.split('#')[0] ?? ''] : [];
  });
  return [...new Set(uses.filter(Boolean))];
}

export interface PublishedForm {
  id: string;
  version: number;
  title: string;
}

/** How long an instance keeps using the latest version it read before asking again. */
export const latestFormTtlMs = 60_000;

const monotonic = () => performance.now();

/**
 * The catalogue of published forms: publishing checks a definition against the
 * meta-schema, resolves its references against the latest published versions, refuses
 * a key whose type changed, and stores the next version with a conditional write.
 *
 * Reads are cached in-process, since every survey request needs its form: a published
 * version never changes (kept for good, compiled once); which version is the latest is
 * kept for `latestTtlMs`, so a version published elsewhere (another Lambda instance, the
 * CLI) reaches this instance's links within that time, and one published here at once.
 */
export function createFormCatalogue(forms: FormRepository, options: { latestTtlMs?: number } = {}) {
  const compiled = new Map<string, CompiledForm>();
  const versions = ttlCache<string, StoredForm>({ ttlMs: Number.POSITIVE_INFINITY, clock: monotonic });
  const latestCache = ttlCache<string, StoredForm>({
    ttlMs: options.latestTtlMs ?? latestFormTtlMs,
    clock: monotonic,
  });
  const versionKey = (id: string, version: number) => `${id}@${version}`;

  const compile = (stored: StoredForm): CompiledForm => {
    const key = versionKey(stored.id, stored.version);
    const hit = compiled.get(key);
    if (hit) return hit;
    const result = checkForm(stored.resolved);
    // A stored version passed this check when it was published; failing now is corruption.
    if (!result.ok)
      throw new AppError('store.corrupt_item', { details: { form: key, issues: result.issues } });
    compiled.set(key, result.form);
    return result.form;
  };

  /** Latest raw definitions of everything `raw` references, transitively. */
  const lookupFor = async (raw: z.infer<typeof headSchema>) => {
    const found = new Map<string, unknown>();
    const pending = referencedIds(raw);
    while (pending.length > 0) {
      const id = pending.pop() ?? '';
      if (found.has(id)) continue;
      const latest = await forms.latest(id);
      found.set(id, latest?.definition);
      const head = headSchema.safeParse(latest?.definition);
      if (head.success) pending.push(...referencedIds(head.data));
    }
    return (id: string) => found.get(id);
  };

  return {
    compile,

    async list(): Promise<PublishedForm[]> {
      return (await forms.listLatest()).map(({ id, version, title }) => ({ id, version, title }));
    },

    /** A stored version (the latest without `version`); `form.not_found` otherwise. */
    async get(id: string, version?: number): Promise<StoredForm> {
      const stored =
        version === undefined
          ? await latestCache.get(id, () => forms.latest(id))
          : await versions.get(versionKey(id, version), () => forms.get(id, version));
      if (!stored) throw new AppError('form.not_found', { details: { id, ...(version ? { version } : {}) } });
      return stored;
    },

    /**
     * Publishes `raw` as the next version of its id (any `version` in it is replaced).
     * Throws `form.invalid` (422) with every issue and its JSON path, or
     * `form.version_conflict` (409) when another publish took that version first.
     */
    async publish(raw: unknown, by: string, now: Date): Promise<PublishedForm> {
      const head = headSchema.safeParse(raw);
      if (!head.success || typeof raw !== 'object' || raw === null) {
        const result = checkForm(raw);
        throw new AppError('form.invalid', { details: result.ok ? [] : result.issues });
      }
      const latest = await forms.latest(head.data.id);
      const definition = { ...raw, version: (latest?.version ?? 0) + 1 };
      const result = checkForm(definition, { lookup: await lookupFor(head.data) });
      if (!result.ok) throw new AppError('form.invalid', { details: result.issues });
      // Against every earlier version, not just the latest: a key dropped in v2 must not
      // come back in v3 with another type, since v1's answers still carry it.
      const issues = latest
        ? (await forms.versions(head.data.id)).flatMap((previous) => {
            const compatible = checkVersionCompatibility(compile(previous), result.form);
            return compatible.ok ? [] : compatible.issues;
          })
        : [];
      if (issues.length > 0) {
        const unique = new Map(issues.map((i) => [`${i.path} ${i.message}`, i]));
        throw new AppError('form.invalid', { details: [...unique.values()] });
      }
      const { id, version, title } = result.form;
      const created = await forms.create({
        id,
        version,
        title,
        definition,
        resolved: result.form.definition,
        publishedAt: now.toISOString(),
        publishedBy: by,
      });
      if (!created) throw new AppError('form.version_conflict', { details: { id, version } });
      latestCache.delete(id);
      compiled.set(versionKey(id, version), result.form);
      return { id, version, title };
    },
  };
}

export type FormCatalogue = ReturnType<typeof createFormCatalogue>;
