import * as z from 'zod/mini';
import { AppError } from '../errors';

/** Administrative levels, keyed by the length of their national division code. */
export const orgLevels = ['province', 'city', 'county', 'township', 'village'] as const;
export type OrgLevel = (typeof orgLevels)[number];

const lengthOfLevel: Record<OrgLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };
const levelOfLength = new Map<number, OrgLevel>(orgLevels.map((l) => [lengthOfLevel[l], l]));

export const divisionCodeSchema = z
  .string()
  .check(z.regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '区划代码应为 2、4、6、9 或 12 位数字'));

/** The level a code denotes, from its length; undefined when it is not a division code. */
export function levelOfCode(code: string): OrgLevel | undefined {
  return /^\d+$/.test(code) ? levelOfLength.get(code.length) : undefined;
}

/** Throws `org.code_invalid` unless `code` is a 2/4/6/9/12-digit division code. */
export function assertDivisionCode(code: string): OrgLevel {
  const level = levelOfCode(code);
  if (!level) throw new AppError('org.code_invalid', { details: { code } });
  return level;
}

/** The parent's code (a prefix of this one), or undefined for a province. */
export function parentCodeOf(code: string): string | undefined {
  const level = assertDivisionCode(code);
  const index = orgLevels.indexOf(level);
  const parent = orgLevels[index - 1];
  return parent ? code.slice(0, lengthOfLevel[parent]) : undefined;
}

/** Is `code` inside `scope`? Division codes nest by prefix, so this is a prefix test. */
export function isWithinScope(scope: string, code: string): boolean {
  return code.startsWith(scope);
}
