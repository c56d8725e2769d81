/**
 * Writes `forms/form.schema.json` from the zod meta-schema, so editors validate and
 * complete form files. Run after changing `shared/forms/meta-schema.ts`:
 *
 *   npx tsx forms/generate-schema.ts
 *
 * A unit test fails while the committed file differs from `formJsonSchema()`.
 */
import { writeFileSync } from 'node:fs';
import { formJsonSchema } from '../shared/forms/json-schema';

const target = new URL('./form.schema.json', import.meta.url);
// Two-space indent and a final newline, like the other JSON files of the repository.
writeFileSync(target, `${JSON.stringify(formJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
