import * as z from 'zod/mini';
import type { Table } from './dynamo';
import { formKeys } from './keys';
import type { FormRepository, StoredForm } from './ports';

/** Definitions are kept as JSON strings: forms are read whole and never queried inside. */
const itemSchema = z.pipe(
  z.object({
    formId: z.string(),
    version: z.number().check(z.int(), z.positive()),
    title: z.string(),
    definition: z.string(),
    resolved: z.string(),
    publishedAt: z.string(),
    publishedBy: z.string(),
  }),
  z.transform((item, ctx): StoredForm => {
    try {
      const { formId, definition, resolved, ...rest } = item;
      return {
        id: formId,
        definition: JSON.parse(definition) as unknown,
        resolved: JSON.parse(resolved) as unknown,
        ...rest,
      };
    } catch {
      ctx.issues.push({ code: 'custom', message: '表单定义不是有效的 JSON', input: item.definition });
      return z.NEVER;
    }
  }),
);

export function dynamoFormRepository(table: Table): FormRepository {
  const versionsOf = (id: string, newestOnly: boolean) => {
    const { pk, skPrefix } = formKeys.partition(id);
    return table.query(
      {
        partition: ['pk', pk],
        sortPrefix: ['sk', skPrefix],
        descending: true,
        consistent: true,
        ...(newestOnly ? { limit: 1 } : {}),
      },
      itemSchema,
    );
  };
  return {
    get: (id, version) => table.get(formKeys.version(id, version), itemSchema),
    latest: async (id) => (await versionsOf(id, true))[0],
    versions: (id) => versionsOf(id, false),
    async listLatest() {
      const all = await table.query(
        { index: 'byParent', partition: ['gsi1pk', formKeys.catalogue().gsi1pk] },
        itemSchema,
      );
      // Sorted by id then version, so the last one seen of each id is its latest.
      const latest = new Map<string, StoredForm>();
      for (const form of all) latest.set(form.id, form);
      return [...latest.values()];
    },
    create: (form) =>
      table.putIfAbsent({
        ...formKeys.version(form.id, form.version),
        ...formKeys.indexes(form.id, form.version),
        formId: form.id,
        version: form.version,
        title: form.title,
        definition: JSON.stringify(form.definition),
        resolved: JSON.stringify(form.resolved),
        publishedAt: form.publishedAt,
        publishedBy: form.publishedBy,
      }),
  };
}
