import * as z from 'zod/mini';
import { isoDateSchema } from '../lib/dates';
import { type AnyField, attachmentTypes } from './field-schema';

/** Chinese mobile numbers: 11 digits starting 13–19. */
export const mobilePattern = /^1[3-9]\d{9}$/;

/** Default limits of attachments when a form does not set them. */
export const attachmentDefaults = { maxSizeMb: 10, maxFiles: 5 } as const;

type Check<T> = z.core.$ZodCheck<T>;

/** Length checks shared by text-like and list-like answers. */
function lengthChecks<T extends { length: number }>(
  min: number | undefined,
  max: number | undefined,
  say: (n: number) => [string, string],
): Check<T>[] {
  const checks: Check<T>[] = [];
  if (min !== undefined) checks.push(z.minLength(min, say(min)[0]));
  if (max !== undefined) checks.push(z.maxLength(max, say(max)[1]));
  return checks;
}

function textSchema(field: Extract<AnyField, { type: 'text' | 'textarea' }>) {
  const checks: Check<string>[] = [
    z.trim(),
    ...lengthChecks<string>(field.minLength, field.maxLength, (n) => [`至少 ${n} 个字`, `最多 ${n} 个字`]),
  ];
  if (field.type === 'text' && field.pattern !== undefined) {
    checks.push(z.regex(new RegExp(field.pattern, 'u'), field.patternMessage ?? '格式不正确'));
  }
  return z.string('请输入文字').check(...checks);
}

function numberSchema(field: Extract<AnyField, { type: 'integer' | 'decimal' }>) {
  const unit = field.unit ?? '';
  const checks: Check<number>[] = [];
  if (field.min !== undefined) checks.push(z.gte(field.min, `不能小于 ${field.min}${unit}`));
  if (field.max !== undefined) checks.push(z.lte(field.max, `不能大于 ${field.max}${unit}`));
  return (field.type === 'integer' ? z.int('请输入整数') : z.number('请输入数字')).check(...checks);
}

function choicesSchema(field: Extract<AnyField, { type: 'multiple' }>) {
  const values = new Set(field.options.map((o) => o.value));
  return z.array(z.string('选项值必须是文字'), '请选择（多选，应为列表）').check(
    z.refine((list) => list.every((v) => values.has(v)), '包含不存在的选项'),
    z.refine((list) => new Set(list).size === list.length, '同一选项不能重复选择'),
    ...lengthChecks<string[]>(field.minSelected, field.maxSelected, (n) => [
      `至少选择 ${n} 项`,
      `最多选择 ${n} 项`,
    ]),
  );
}

function attachmentSchema(field: Extract<AnyField, { type: 'attachment' }>) {
  const accept: readonly string[] = field.accept ?? attachmentTypes;
  const maxBytes = (field.maxSizeMb ?? attachmentDefaults.maxSizeMb) * 1024 * 1024;
  const maxFiles = field.maxFiles ?? attachmentDefaults.maxFiles;
  const file = z.strictObject({
    blobId: z.string().check(z.minLength(1, '缺少文件标识')),
    name: z.string().check(z.minLength(1, '缺少文件名')),
    type: z.string().check(z.refine((t) => accept.includes(t), `文件类型只能是 ${accept.join('、')}`)),
    size: z.int().check(z.gte(0), z.lte(maxBytes, `文件不能超过 ${maxBytes / 1024 / 1024} MB`)),
  });
  return z.array(file, '附件应为文件列表').check(z.maxLength(maxFiles, `最多上传 ${maxFiles} 个文件`));
}

/**
 * The zod schema of one field's (non-blank) answer value, with Chinese messages.
 * Repeat groups check only the row list here; their rows' fields are checked one by one.
 * Calculated fields have none: their values are computed, never accepted.
 */
export function valueSchemaOf(field: AnyField): z.ZodMiniType | undefined {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return textSchema(field);
    case 'integer':
    case 'decimal':
      return numberSchema(field);
    case 'single': {
      const values = new Set(field.options.map((o) => o.value));
      return z.string('请选择一个选项').check(z.refine((v) => values.has(v), '不是有效的选项'));
    }
    case 'multiple':
      return choicesSchema(field);
    case 'yesNo':
      return z.boolean('请选择“是”或“否”（true/false）');
    case 'date': {
      const { min, max } = field;
      return isoDateSchema.check(
        z.refine((v) => min === undefined || v >= min, `不能早于 ${min}`),
        z.refine((v) => max === undefined || v <= max, `不能晚于 ${max}`),
      );
    }
    case 'mobile':
      return z
        .string('请输入手机号码')
        .check(z.trim(), z.regex(mobilePattern, '手机号码格式不正确（11 位数字，以 1 开头）'));
    case 'attachment':
      return attachmentSchema(field);
    case 'repeat':
      return z
        .array(z.record(z.string(), z.unknown(), '每一行应为一个对象'), '应为行的列表')
        .check(
          ...lengthChecks<Record<string, unknown>[]>(field.minRows, field.maxRows, (n) => [
            `至少填写 ${n} 行`,
            `最多填写 ${n} 行`,
          ]),
        );
    case 'calculated':
      return undefined;
  }
}
