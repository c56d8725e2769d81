import * as z from 'zod/mini';
import { canManage, scopeFitsRole } from '../../auth/manage';
import { hashPassword, verifyPassword } from '../../auth/password';
import { passwordProblem } from '../../auth/password-policy';
import {
  displayNameSchema,
  type Principal,
  roles,
  type User,
  type UserView,
  usernameSchema,
  userView,
} from '../../auth/user';
import { AppError } from '../../errors';
import { divisionCodeSchema } from '../../org/division';
import { systemActors } from '../../programme/event-sources';
import type { ThrottleRepository, UserRepository } from '../../store/ports';
import type { OrgLookup } from '../orgs/org-lookup';
import { type FailureKey, failureCounts } from './failure-counts';
import { endingAllSessions, updateUser } from './sessions';

const passwordSchema = z.string().check(z.maxLength(256, '密码过长'));

/** The body of `POST /api/v1/users` (also what `users add` passes). */
export const createUserSchema = z.object({
  username: z
    .pipe(
      z.string().check(z.trim()),
      z.transform((v) => v.toLowerCase()),
    )
    .check(
      z.refine((v) => usernameSchema.safeParse(v).success, '用户名为 2–32 位小写字母、数字或 . _ -'),
      // The names the village's own link and the roster sign their entries with.
      z.refine((v) => !systemActors.includes(v), '该用户名由系统保留，请换一个'),
    ),
  password: passwordSchema,
  role: z.enum(roles, '角色应为 admin、county 或 township'),
  scope: divisionCodeSchema,
  displayName: z.optional(displayNameSchema),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** The body of `PUT /api/v1/users/{username}/password`. */
export const setPasswordSchema = z.object({
  password: passwordSchema,
  currentPassword: z.optional(passwordSchema),
});
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;

const weak = (problem: string) =>
  new AppError('user.weak_password', {
    message: problem,
    details: [{ field: 'password', message: problem }],
  });

/**
 * Staff accounts, managed from above: a user creates and manages accounts strictly inside
 * its scope and of no wider a role (`shared/auth/manage.ts`); everyone may change their
 * own password with the current one. A user outside the caller's reach is 404 (its
 * existence is not the caller's business), one within reach but not manageable 403.
 */
export function createUserService(deps: {
  users: UserRepository;
  orgLookup: OrgLookup;
  /** The login's failure counters: a wrong current password counts against the username too. */
  throttles: ThrottleRepository;
  now: () => Date;
}) {
  /** The target user, when the caller may see it at all (inside the caller's scope). */
  const visible = async (principal: Principal, username: string): Promise<User> => {
    const user = usernameSchema.safeParse(username).success ? await deps.users.get(username) : undefined;
    if (!user?.scope.startsWith(principal.scope))
      throw new AppError('user.not_found', { details: { username } });
    return user;
  };
  const managed = async (principal: Principal, username: string): Promise<User> => {
    const user = await visible(principal, username);
    if (!canManage(principal, user)) throw new AppError('auth.forbidden');
    return user;
  };

  const failures = failureCounts(deps.throttles);

  /**
   * Checks one's own current password under the login's per-username throttle: a wrong one
   * counts as a failed login (401), and while the username is locked even the right one is
   * refused (429 `auth.throttled`), so a stolen token cannot be used to guess the password.
   */
  const checkCurrentPassword = async (user: User, given: string | undefined): Promise<void> => {
    const now = deps.now();
    const key: FailureKey = ['user', user.username];
    await failures.checkNotLocked([key], now, '密码错误');
    const wrong = new AppError('auth.invalid_credentials', { message: '当前密码不正确' });
    if (given === undefined) throw wrong;
    if (await verifyPassword(given, user.passwordHash)) return;
    await failures.record(key, now);
    throw wrong;
  };

  return {
    /**
     * The display names (王办事员) of the staff among `usernames` who have one, for pages
     * that say who did what; anything that is no username (the village's link, the roster)
     * is left out. One read per distinct username.
     */
    async displayNames(usernames: Iterable<string>): Promise<Map<string, string>> {
      const unique = [...new Set(usernames)].filter(
        (u) => !systemActors.includes(u) && usernameSchema.safeParse(u).success,
      );
      const users = await Promise.all(unique.map((u) => deps.users.get(u)));
      return new Map(users.flatMap((u) => (u?.displayName ? [[u.username, u.displayName] as const] : [])));
    },

    async create(principal: Principal, input: CreateUserInput, now: Date): Promise<UserView> {
      if (!canManage(principal, input))
        throw new AppError('auth.forbidden', { message: '只能在本辖区以下创建不高于本人角色的账号' });
      if (!scopeFitsRole(input.role, input.scope))
        throw new AppError('request.invalid', {
          details: [
            {
              field: 'scope',
              message:
                input.role === 'township'
                  ? '乡镇账号的辖区应为乡镇（9 位代码）'
                  : '县级账号的辖区应为县或市（6 或 4 位代码）',
            },
          ],
        });
      const problem = passwordProblem(input.password);
      if (problem) throw weak(problem);
      if (!(await deps.orgLookup.get(input.scope)))
        throw new AppError('org.not_found', { details: { code: input.scope } });
      const user: User = {
        username: input.username,
        role: input.role,
        scope: input.scope,
        passwordHash: await hashPassword(input.password),
        createdAt: now.toISOString(),
        createdBy: principal.username,
        ...(input.displayName ? { displayName: input.displayName } : {}),
      };
      if (!(await deps.users.create(user)))
        throw new AppError('user.exists', { details: { username: input.username } });
      return userView(user);
    },

    /** The accounts inside the caller's scope (the caller's own included), by scope then name. */
    async list(principal: Principal): Promise<UserView[]> {
      return (await deps.users.listUnder(principal.scope)).map(userView);
    },

    /**
     * Sets a password: one's own with the current password (throttled like a login), or
     * another's as a manager (a reset). Either way every session of that user ends at once.
     */
    async setPassword(principal: Principal, username: string, input: SetPasswordInput): Promise<void> {
      const self = principal.username === username;
      const user = self ? await visible(principal, username) : await managed(principal, username);
      if (self) await checkCurrentPassword(user, input.currentPassword);
      const problem = passwordProblem(input.password);
      if (problem) throw weak(problem);
      const passwordHash = await hashPassword(input.password);
      await updateUser(deps.users, username, (u) => ({ ...endingAllSessions(u), passwordHash }));
    },

    /** Disables (every session ends at once) or enables an account below the caller. */
    async setDisabled(principal: Principal, username: string, disabled: boolean): Promise<UserView> {
      await managed(principal, username);
      const user = await updateUser(deps.users, username, (u) =>
        disabled ? { ...endingAllSessions(u), disabled: true } : { ...u, disabled: false },
      );
      return userView(user);
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
