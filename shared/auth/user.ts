import * as z from 'zod/mini';
import { divisionCodeSchema } from '../org/division';

/** Roles, widest first. Every role is limited to its `scope` (a division-code prefix). */
export const roles = ['admin', 'county', 'township'] as const;
export type Role = (typeof roles)[number];

/** Chinese names of the roles, for the console and messages. */
export const roleLabels: Record<Role, string> = {
  admin: '管理员',
  county: '县级（卫健委/民政局）',
  township: '乡镇（卫健办/民政办）',
};

export const usernameSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, '用户名为 2–32 位小写字母、数字或 . _ -'));

export const displayNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, '姓名不能为空'), z.maxLength(40, '姓名最多 40 个字'));

export const userSchema = z.object({
  username: usernameSchema,
  role: z.enum(roles),
  scope: divisionCodeSchema,
  passwordHash: z.string().check(z.startsWith('scrypt$')),
  createdAt: z.iso.datetime(),
  displayName: z.optional(displayNameSchema),
  createdBy: z.optional(z.string()),
  disabled: z.optional(z.boolean()),
  /**
   * Bumped by a password change, a reset and a disable: every session issued under an
   * older epoch stops working at once.
   */
  sessionEpoch: z.optional(z.int()),
  /** Sessions ended by logout: session id → its expiry (unix seconds), pruned once expired. */
  endedSessions: z.optional(z.record(z.string(), z.number())),
  /** Revision for optimistic writes: every update is conditional on the one it read. */
  rev: z.optional(z.int()),
});
export type User = z.infer<typeof userSchema>;

/** What a signed-in caller is: the public view of a user. */
export type Principal = Pick<User, 'username' | 'role' | 'scope'> & { displayName?: string | undefined };

/** The public view of a user (never the hash or the session bookkeeping). */
export interface UserView {
  username: string;
  role: Role;
  scope: string;
  displayName: string;
  disabled: boolean;
  createdAt: string;
  createdBy?: string;
}

export function userView(user: User): UserView {
  return {
    username: user.username,
    role: user.role,
    scope: user.scope,
    displayName: user.displayName ?? user.username,
    disabled: user.disabled === true,
    createdAt: user.createdAt,
    ...(user.createdBy ? { createdBy: user.createdBy } : {}),
  };
}

export const principalOf = (user: User): Principal => ({
  username: user.username,
  role: user.role,
  scope: user.scope,
  ...(user.displayName ? { displayName: user.displayName } : {}),
});
