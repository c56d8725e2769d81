import * as z from 'zod/mini';
import { divisionCodeSchema, levelOfCode, orgLevels, parentCodeOf } from './division';

/** An org unit as stored and as returned by the API. */
export const orgUnitSchema = z
  .object({
    code: divisionCodeSchema,
    name: z.string().check(z.trim(), z.minLength(1, '名称不能为空'), z.maxLength(60, '名称最多 60 个字')),
    level: z.enum(orgLevels),
    parentCode: z.nullable(divisionCodeSchema),
    /** True when the code is made up for demonstration (示例), not an official NBS code. */
    illustrative: z.optional(z.boolean()),
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
  );

export type OrgUnit = z.infer<typeof orgUnitSchema>;
