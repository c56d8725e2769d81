import * as z from 'zod/mini';
import { fieldSchemasByType, optionSchema, scoreRuleSchema, vetoSchema } from './field-schema';
import { formDefinitionSchema, scoringSchema, sectionRefSchema, sectionSchema } from './meta-schema';

/** Names of the definitions in the generated schema, so editors show readable `$ref`s. */
function namedDefinitions() {
  const registry = z.registry<{ id: string }>();
  for (const [type, schema] of Object.entries(fieldSchemasByType))
    registry.add(schema, { id: `field-${type}` });
  registry.add(scoreRuleSchema, { id: 'score-rule' });
  registry.add(vetoSchema, { id: 'veto' });
  registry.add(optionSchema, { id: 'option' });
  registry.add(sectionSchema, { id: 'section' });
  registry.add(sectionRefSchema, { id: 'section-reference' });
  registry.add(scoringSchema, { id: 'scoring' });
  return registry;
}

/**
 * The JSON Schema (draft-07, understood by VS Code and most editors) of a form file,
 * generated from the zod meta-schema. `forms/generate-schema.ts` writes it to
 * `forms/form.schema.json`; form files point at it with `"$schema"`. Rules JSON Schema
 * cannot express (unique keys, expressions, score rules) are only checked by `checkForm`.
 */
export function formJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(formDefinitionSchema, {
    target: 'draft-07',
    unrepresentable: 'any',
    metadata: namedDefinitions(),
    // The named registry replaces the global one, so carry the `z.describe` texts over.
    override: ({ zodSchema, jsonSchema }) => {
      const description = z.globalRegistry.get(zodSchema)?.description;
      if (description) jsonSchema.description = description;
    },
  });
  return { ...schema, title: '表单定义（城乡社区老年协会规范化建设）' };
}
