import * as z from 'zod/mini';
import { divisionCodeSchema } from '../org/division';

/** Roles, widest first. Every role is limited to its `scope` (a division-code prefix). */
export const roles = ['admin', 'county', 'township'] as const;
export type Role = (typeof roles)[number];

export const usernameSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, '用户名为 2–32 位小写字母、数字或 . _ -'));

export const userSchema = z.object({
  username: usernameSchema,
  role: z.enum(roles),
  scope: divisionCodeSchema,
  passwordHash: z.string().check(z.startsWith('scrypt$')),
  createdAt: z.iso.datetime(),
});
export type User = z.infer<typeof userSchema>;

/** What a signed-in caller is: the public view of a user, carried in a session token. */
export type Principal = Pick<User, 'username' | 'role' | 'scope'>;
