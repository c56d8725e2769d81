import * as z from 'zod/mini';
import { described, fieldKeySchema, fieldSchema, identifierSchema } from './field-schema';

/**
 * The meta-schema of a form file (zod/mini). Types of form definitions are inferred
 * from it; `formJsonSchema()` turns it into the JSON Schema editors use.
 */

const text = z.string().check(z.minLength(1, '不能为空'));
const formIdPattern = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';

/** Form ids are kebab-case, e.g. `self-evaluation`, at most 64 characters (they are part of keys). */
export const formIdSchema = z
  .string()
  .check(
    z.maxLength(64, '表单标识最多 64 个字符'),
    z.regex(new RegExp(`^${formIdPattern}$`), '表单标识须为小写字母、数字和连字符（kebab-case）'),
  );

/** A page of the form with its own fields; `maxPoints` caps what the section can score. */
export const sectionSchema = z.strictObject({
  key: described(identifierSchema, '分区标识：引用分区（表单标识#分区标识）时使用'),
  title: text,
  description: z.optional(z.string()),
  visibleIf: z.optional(z.string().check(z.minLength(1))),
  maxPoints: z.optional(z.number().check(z.gt(0, '分区满分须大于 0'))),
  fields: z.array(fieldSchema).check(z.minLength(1, '分区至少需要一个字段')),
});

/**
 * Reuses sections of another form: `"other-form"` takes all its sections,
 * `"other-form#sectionKey"` one of them. Resolved by `resolveForm`.
 */
export const sectionRefSchema = z.strictObject({
  use: z
    .string()
    .check(
      z.regex(
        new RegExp(`^${formIdPattern}(#[a-z][a-zA-Z0-9_]*)?$`),
        '引用格式应为“表单标识”或“表单标识#分区标识”',
      ),
      z.describe(
        '引用另一表单的分区：self-evaluation（全部分区）或 self-evaluation#organisation（一个分区）',
      ),
    ),
});

/** A grade band: the first grade (from the top) whose `minPoints` the total reaches. */
export const gradeSchema = z.strictObject({
  key: identifierSchema,
  label: text,
  minPoints: z.number().check(z.gte(0)),
});

/**
 * Grades and the standardization rule: standardized ⇔ total ≥ `standardized.minPoints`
 * and no veto item failed; a failed veto forces `vetoGrade`.
 */
export const scoringSchema = z.strictObject({
  grades: z.array(gradeSchema).check(z.minLength(1)),
  standardized: z.strictObject({ minPoints: z.number().check(z.gte(0)) }),
  vetoGrade: described(identifierSchema, '有否决项未通过时给出的等级标识'),
});

/** Reuses the scoring of another form. */
export const scoringRefSchema = z.strictObject({ use: formIdSchema });

/** A form definition file as written by a county. */
export const formDefinitionSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id: formIdSchema,
  version: z.int().check(z.gte(1, '版本号须为正整数')),
  title: text,
  description: z.string(),
  scoring: z.optional(z.union([scoringRefSchema, scoringSchema])),
  sections: z.array(z.union([sectionRefSchema, sectionSchema])).check(z.minLength(1, '表单至少需要一个分区')),
});

export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type SectionRef = z.infer<typeof sectionRefSchema>;
export type Scoring = z.infer<typeof scoringSchema>;
export type Grade = z.infer<typeof gradeSchema>;

/** A definition with every reference replaced by what it points to. */
export type ResolvedForm = Omit<FormDefinition, 'sections' | 'scoring'> & {
  sections: Section[];
  scoring?: Scoring;
};

export { fieldKeySchema, fieldSchema };
