import * as z from 'zod/mini';
import { formIdSchema } from '../forms/meta-schema';
import { isoDateSchema } from '../lib/dates';

const stepKey = z.string().check(z.regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, '步骤标识须为 kebab-case'));

/** One step of the programme; `formId` names the form villages or townships fill in it. */
export const programmeStepSchema = z.strictObject({
  key: stepKey,
  title: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  formId: z.optional(formIdSchema),
  /** Who fills the step's form: each village through its link, or the township about each village. */
  filledBy: z.optional(z.enum(['village', 'township'])),
  /** For a township's evaluation: the form's date field that says when it takes effect (评估日期). */
  effectiveDateField: z.optional(z.string().check(z.regex(/^[a-z][a-zA-Z0-9_]*$/))),
  /** First day of the step, when it does not start right away. */
  from: z.optional(isoDateSchema),
  /** Last day of the step (inclusive). */
  due: z.optional(isoDateSchema),
});

/** A yearly target: the standardization rate must be strictly greater than `rateAbove`. */
export const yearlyTargetSchema = z.strictObject({
  year: z.int().check(z.gte(2000), z.lte(2100)),
  rateAbove: z.number().check(z.gte(0), z.lt(1, '目标比例须小于 1')),
});

/**
 * A fact the baseline and the self-evaluation both state (same field key in both forms):
 * the flags compare them ("摸底与自评不一致").
 */
export const programmeFactSchema = z.strictObject({
  key: z.string().check(z.regex(/^[a-z][a-zA-Z0-9_]*$/)),
  label: z.string().check(z.minLength(1)),
});

/** The programme as data (`forms/programme.json`): its steps, deadlines and yearly targets. */
export const programmeSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    title: z.string().check(z.minLength(1)),
    description: z.optional(z.string()),
    steps: z.array(programmeStepSchema).check(z.minLength(1)),
    facts: z._default(z.array(programmeFactSchema), []),
    targets: z.array(yearlyTargetSchema).check(z.minLength(1)),
  })
  .check(
    z.refine((p) => new Set(p.steps.map((s) => s.key)).size === p.steps.length, {
      message: '步骤标识不能重复',
      path: ['steps'],
    }),
    z.refine((p) => p.targets.every((t, i) => i === 0 || t.year > (p.targets[i - 1]?.year ?? 0)), {
      message: '年度目标须按年份递增且不重复',
      path: ['targets'],
    }),
    z.refine((p) => p.steps.every((s) => !s.from || !s.due || s.from <= s.due), {
      message: '步骤的开始日期不能晚于截止日期',
      path: ['steps'],
    }),
  );

export type Programme = z.infer<typeof programmeSchema>;
export type ProgrammeStep = z.infer<typeof programmeStepSchema>;
export type YearlyTarget = z.infer<typeof yearlyTargetSchema>;

/** Ids of the forms the programme's steps use, in step order. */
export function programmeFormIds(programme: Programme): string[] {
  return programme.steps.flatMap((s) => (s.formId ? [s.formId] : []));
}

/** The target of a year, or undefined when the programme sets none for it. */
export function targetForYear(programme: Programme, year: number): YearlyTarget | undefined {
  return programme.targets.find((t) => t.year === year);
}
