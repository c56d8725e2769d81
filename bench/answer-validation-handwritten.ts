import * as z from 'zod/mini';

/**
 * The baseline of the answer-validation bench: the answers of `forms/self-evaluation.json`
 * (version 1) as a developer would write them by hand in zod/mini, with the same rules
 * as the form: types, required fields, options, integer ranges, unknown keys rejected,
 * blank optional answers (null, empty list) left out, the `members <= elderlyPopulation`
 * constraint and the calculated `membershipRate` (members ÷ elderlyPopulation, 4 decimals,
 * half away from zero). Any client value for `membershipRate` is ignored, as the form does.
 */

const yesNo = z.boolean('请选择“是”或“否”（true/false）');

/** A list of distinct options; `min` 1 for a required list (an empty list is unanswered). */
function choices<const T extends readonly [string, ...string[]]>(values: T, min?: number) {
  const checks: z.core.$ZodCheck<T[number][]>[] = [
    z.refine((list) => new Set(list).size === list.length, '同一选项不能重复选择'),
  ];
  if (min !== undefined) checks.push(z.minLength(min, '请选择至少一项'));
  return z.array(z.enum(values, '包含不存在的选项'), '请选择（多选，应为列表）').check(...checks);
}

/** An optional answer: absent, null, or (for lists) empty all mean unanswered. */
const optional = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));

const attachmentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
const maxBytes = 10 * 1024 * 1024;

const file = z.strictObject({
  blobId: z.string().check(z.minLength(1, '缺少文件标识')),
  name: z.string().check(z.minLength(1, '缺少文件名')),
  type: z.string().check(z.refine((t) => attachmentTypes.includes(t), '文件类型不允许')),
  size: z.int().check(z.gte(0), z.lte(maxBytes, '文件不能超过 10 MB')),
});

const shape = {
  // 宣传发动
  publicityMeans: choices(['meeting', 'noticeBoard', 'homeVisits'], 1),
  // 组织建设
  standardName: yesNo,
  charter: yesNo,
  registration: z.enum(['registered', 'filed', 'none'], '不是有效的选项'),
  leadershipInTerm: yesNo,
  elderlyPopulation: z.int('请输入整数').check(z.gte(1, '不能小于 1人')),
  members: z.int('请输入整数').check(z.gte(0, '不能小于 0人')),
  membershipRate: z.optional(z.unknown()),
  // 制度建设
  meetingRule: yesNo,
  studyRule: yesNo,
  activityRule: yesNo,
  financeRule: yesNo,
  democraticSupervision: yesNo,
  openAffairsBoard: yesNo,
  accountBooks: yesNo,
  // 队伍建设
  leaderTraining: yesNo,
  rolesAndVolunteers: yesNo,
  // 阵地建设
  office: yesNo,
  activitySite: yesNo,
  recreationReading: yesNo,
  fitnessEquipment: yesNo,
  dayCare: yesNo,
  // 经费保障
  fundingSources: optional(
    choices([
      'publicFinance',
      'higherDepartments',
      'collectiveEconomy',
      'donations',
      'welfareLottery',
      'purchasedServices',
      'dues',
    ]),
  ),
  fundsSufficient: yesNo,
  // 活动开展
  activityTypes: optional(
    choices([
      'rightsProtection',
      'nextGeneration',
      'ageFriendly',
      'smartAging',
      'silverAction',
      'nutrition',
      'ideologicalEducation',
      'mutualAid',
      'disputeMediation',
      'cultureSports',
    ]),
  ),
  activityEvidence: optional(z.array(file, '附件应为文件列表').check(z.maxLength(20, '最多上传 20 个文件'))),
};

type Parsed = z.infer<z.ZodMiniObject<typeof shape>>;

/** Rounds half away from zero to 4 decimals, without binary noise (0.00005 → 0.0001). */
function round4(x: number): number {
  const scaled = Number.parseFloat((Math.abs(x) * 1e4).toPrecision(15));
  return (Math.sign(x) * Math.round(scaled)) / 1e4;
}

const nonEmpty = <T>(list: readonly T[] | null | undefined): list is T[] =>
  list !== null && list !== undefined && list.length > 0;

/** Cleaned answers: blank optional answers left out, the membership rate computed. */
function clean(a: Parsed): Record<string, unknown> {
  const { membershipRate: _ignored, fundingSources, activityTypes, activityEvidence, ...rest } = a;
  const out: Record<string, unknown> = { ...rest, membershipRate: round4(a.members / a.elderlyPopulation) };
  if (nonEmpty(fundingSources)) out.fundingSources = fundingSources;
  if (nonEmpty(activityTypes)) out.activityTypes = activityTypes;
  if (nonEmpty(activityEvidence)) out.activityEvidence = activityEvidence;
  return out;
}

export const selfEvaluationAnswers = z.pipe(
  z.strictObject(shape, '答案必须是一个对象').check(
    z.refine((a) => a.members <= a.elderlyPopulation, {
      message: '会员人数不能超过60周岁以上老年人数',
      path: ['members'],
    }),
  ),
  z.transform(clean),
);

export type HandwrittenResult =
  | { ok: true; answers: Record<string, unknown> }
  | { ok: false; issues: { field: string; message: string }[] };

/** Validates self-evaluation answers; issues flattened to `{field, message}` like a 422's details. */
export function validateSelfEvaluation(input: unknown): HandwrittenResult {
  const result = selfEvaluationAnswers.safeParse(input);
  return result.success
    ? { ok: true, answers: result.data }
    : {
        ok: false,
        issues: result.error.issues.map((issue) => ({
          field: issue.path.map(String).join('.') || '(根)',
          message: issue.message,
        })),
      };
}
