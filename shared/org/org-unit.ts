import * as z from 'zod/mini';
import { isoDateSchema } from '../lib/dates';
import { divisionCodeSchema, levelOfCode, orgLevels, parentCodeOf } from './division';

/** What a 12-digit unit is: a village (村, 村民委员会) or an urban community (社区, 居民委员会). */
export const villageKinds = ['village', 'community'] as const;
export type VillageKind = (typeof villageKinds)[number];

/** A village's 12-digit code. */
export const villageCodeSchema = z.string().check(z.regex(/^\d{12}$/, '村（居）代码应为 12 位数字'));

/**
 * A village's retirement (撤并): it leaves the roster from `from` (that day no longer
 * counts it); rates of earlier dates still do. `mergedInto` names the village it joined.
 */
export const retirementSchema = z.object({
  from: isoDateSchema,
  reason: z
    .string()
    .check(z.trim(), z.minLength(1, '请填写撤并原因'), z.maxLength(200, '撤并原因最多 200 个字')),
  mergedInto: z.optional(villageCodeSchema),
  /** Username of the staff member who recorded it, and when (ISO instant). */
  by: z.string().check(z.minLength(1)),
  at: z.iso.datetime(),
});
export type Retirement = z.infer<typeof retirementSchema>;

/** An org unit as stored and as returned by the API. */
export const orgUnitSchema = z
  .object({
    code: divisionCodeSchema,
    name: z.string().check(z.trim(), z.minLength(1, '名称不能为空'), z.maxLength(60, '名称最多 60 个字')),
    level: z.enum(orgLevels),
    parentCode: z.nullable(divisionCodeSchema),
    /**
     * True when the code is made up for demonstration (示例), not an official NBS code.
     * A roster import is official data: an imported row drops the flag.
     */
    illustrative: z.optional(z.boolean()),
    /** Villages only: 村 or 社区. */
    kind: z.optional(z.enum(villageKinds)),
    /** Villages only: first day in the roster; absent = counted for every date. */
    validFrom: z.optional(isoDateSchema),
    /** Villages only: set once by a retirement (撤并), never cleared by an import. */
    retired: z.optional(retirementSchema),
  })
  .check(
    z.refine((u) => levelOfCode(u.code) === u.level, {
      message: '层级与区划代码位数不符',
      path: ['level'],
    }),
    z.refine((u) => (parentCodeOf(u.code) ?? null) === u.parentCode, {
      message: '上级代码必须是本代码的前缀（上一级）',
      path: ['parentCode'],
    }),
    z.refine(
      (u) =>
        u.level === 'village' ||
        (u.kind === undefined && u.validFrom === undefined && u.retired === undefined),
      { message: '只有村（居）有类型、成立日期和撤并记录', path: ['kind'] },
    ),
    z.refine((u) => u.retired?.mergedInto !== u.code, {
      message: '不能并入自身',
      path: ['retired', 'mergedInto'],
    }),
  );

export type OrgUnit = z.infer<typeof orgUnitSchema>;
