import * as z from 'zod/mini';
import { isoDatePattern } from '../lib/dates';

/**
 * Field definitions of the form language (zod/mini, the single source of their types).
 * Everything a county may edit in a form file is described here; the semantic rules
 * that JSON Schema cannot say (unique keys, expressions, score rules) live in `checkForm`.
 */

/** Attaches a description that editors show (carried into the generated JSON Schema). */
export const described = <T extends z.ZodMiniType>(schema: T, text: string): T =>
  schema.check(z.describe(text));

/** Keys of fields, sections and grades: a lower-case letter, then letters, digits, `_`. */
export const identifierSchema = z
  .string()
  .check(z.regex(/^[a-z][a-zA-Z0-9_]*$/, '标识须以小写字母开头，只含字母、数字和下划线'));

/** Field keys are stable identifiers, used in answers and expressions. */
export const fieldKeySchema = described(
  identifierSchema,
  '字段标识：各版本间保持不变，答案和表达式用它引用此字段',
);
const text = z.string().check(z.minLength(1, '不能为空'));
const expression = described(z.string().check(z.minLength(1, '表达式不能为空')), '表达式，例如 members > 0');
const points = z.number().check(z.gte(0, '分值不能为负数'));
const count = z.int().check(z.gte(0, '不能为负数'));

/** A numeric band of a score rule: `min` inclusive, `max` exclusive; the first matching band wins. */
export const bandSchema = z.strictObject({
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  points,
});

/** How a field earns points; which kinds fit which field types is checked by `checkForm`. */
export const scoreRuleSchema = described(
  z.union([
    z.strictObject({ byChoice: z.record(z.string(), points) }),
    z.strictObject({ bands: z.array(bandSchema).check(z.minLength(1)) }),
    z.strictObject({ perItem: points, max: z.optional(points) }),
    z.strictObject({ countBands: z.array(bandSchema).check(z.minLength(1)) }),
  ]),
  '计分规则：byChoice（按选项）、bands（按数值区间，min 含、max 不含）、perItem（每项得分，可设 max 封顶）、countBands（按所选项数）',
);

/** A veto item (一票否决): fails when the field earns less than its full points. */
export const vetoSchema = described(
  z.union([z.boolean(), z.strictObject({ message: text })]),
  '否决项（★）：得分低于该项满分即否决；可写 {"message": "…"} 自定义提示',
);

const common = {
  key: fieldKeySchema,
  label: text,
  help: z.optional(z.string()),
  required: z.optional(z.boolean()),
  requiredIf: z.optional(expression),
  visibleIf: z.optional(expression),
  constraints: z.optional(z.array(z.strictObject({ expr: expression, message: text }))),
  score: z.optional(scoreRuleSchema),
  veto: z.optional(vetoSchema),
};

/** A choice: `value` is stored in answers, `label` is shown. */
export const optionSchema = z.strictObject({
  value: z
    .string()
    .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, '选项值只能含字母、数字、下划线、点和连字符')),
  label: text,
});
const options = z.array(optionSchema).check(z.minLength(1, '至少需要一个选项'));
/** Attachment MIME types the product accepts. */
export const attachmentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

const textField = z.strictObject({
  type: z.literal('text'),
  ...common,
  minLength: z.optional(count),
  maxLength: z.optional(count),
  pattern: z.optional(described(z.string(), '正则表达式（整段匹配请加 ^ 和 $）')),
  patternMessage: z.optional(text),
});
const textareaField = z.strictObject({
  type: z.literal('textarea'),
  ...common,
  minLength: z.optional(count),
  maxLength: z.optional(count),
});
const numberProps = {
  unit: z.optional(z.string()),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
};
const integerField = z.strictObject({ type: z.literal('integer'), ...common, ...numberProps });
const decimalField = z.strictObject({ type: z.literal('decimal'), ...common, ...numberProps });
const singleField = z.strictObject({ type: z.literal('single'), ...common, options });
const multipleField = z.strictObject({
  type: z.literal('multiple'),
  ...common,
  options,
  minSelected: z.optional(count),
  maxSelected: z.optional(count),
});
const yesNoField = z.strictObject({ type: z.literal('yesNo'), ...common });
// Only the shape here: check-structure names a date that is not a real day.
const datePattern = z.string().check(z.regex(isoDatePattern, '日期格式应为 YYYY-MM-DD'));

const dateField = z.strictObject({
  type: z.literal('date'),
  ...common,
  min: z.optional(datePattern),
  max: z.optional(datePattern),
});
const mobileField = z.strictObject({ type: z.literal('mobile'), ...common });
const attachmentField = z.strictObject({
  type: z.literal('attachment'),
  ...common,
  accept: z.optional(z.array(z.enum(attachmentTypes)).check(z.minLength(1))),
  maxSizeMb: z.optional(z.number().check(z.gt(0), z.lte(50))),
  maxFiles: z.optional(z.int().check(z.gte(1), z.lte(20))),
});
const calculatedField = z.strictObject({
  type: z.literal('calculated'),
  ...common,
  expr: expression,
  format: z.enum(['number', 'percent']),
  decimals: z.optional(z.int().check(z.gte(0), z.lte(10))),
  unit: z.optional(z.string()),
});

const plainFields = [
  textField,
  textareaField,
  integerField,
  decimalField,
  singleField,
  multipleField,
  yesNoField,
  dateField,
  mobileField,
  attachmentField,
] as const;

/** A field inside a repeat group's row: any type except `repeat` and `calculated`. */
export const repeatChildSchema = z.discriminatedUnion('type', [...plainFields]);

const repeatField = z.strictObject({
  type: z.literal('repeat'),
  ...common,
  fields: z.array(repeatChildSchema).check(z.minLength(1, '重复组至少需要一个字段')),
  minRows: z.optional(count),
  maxRows: z.optional(count),
  rowLabel: z.optional(text),
});

/** Any field of a section. */
export const fieldSchema = z.discriminatedUnion('type', [...plainFields, repeatField, calculatedField]);

/** The schema of each field type, for naming them in the generated JSON Schema. */
export const fieldSchemasByType: Record<FieldType, z.ZodMiniType> = {
  text: textField,
  textarea: textareaField,
  integer: integerField,
  decimal: decimalField,
  single: singleField,
  multiple: multipleField,
  yesNo: yesNoField,
  date: dateField,
  mobile: mobileField,
  attachment: attachmentField,
  repeat: repeatField,
  calculated: calculatedField,
};

export type Field = z.infer<typeof fieldSchema>;
export type RepeatChildField = z.infer<typeof repeatChildSchema>;
export type AnyField = Field | RepeatChildField;
export type FieldType = Field['type'];
export type ScoreRule = z.infer<typeof scoreRuleSchema>;
export type Band = z.infer<typeof bandSchema>;
export type FieldOption = z.infer<typeof optionSchema>;
