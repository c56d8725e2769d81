import * as z from 'zod/mini';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { createUserSchema, setPasswordSchema } from '../../../shared/app/accounts/users';
import { loginSchema } from '../routes/auth';
import {
  errorResponses,
  jsonBodyCodes,
  jsonContent,
  noSecurity,
  ok,
  sessionCodes,
  staffSecurity,
} from './components';
import { jobPath, usernamePath } from './request-schemas';
import { jobResult, loginResponse, userView } from './response-schemas';

const tags = ['账号 Accounts'];

/** Sessions and staff accounts (`routes/auth.ts`, `routes/users.ts`) and jobs (`routes/jobs.ts`). */
export const accountPaths: ZodOpenApiPathsObject = {
  '/api/v1/auth/login': {
    post: {
      operationId: 'login',
      tags,
      summary: '登录 · Log in',
      description:
        '返回令牌并设置 HttpOnly 的 `session` Cookie；同一用户名或同一地址 15 分钟内失败 10 次后锁定 15 分钟。',
      security: noSecurity,
      requestBody: { required: true, content: jsonContent(loginSchema) },
      responses: {
        '200': ok(
          '已登录 / signed in',
          jsonContent(loginResponse),
          z.object({
            'Set-Cookie': z.string().check(z.meta({ description: 'session=…; HttpOnly; SameSite=Strict' })),
          }),
        ),
        ...errorResponses([
          ...jsonBodyCodes,
          'auth.invalid_credentials',
          'auth.disabled',
          'auth.throttled',
          'auth.csrf',
        ]),
      },
    },
  },
  '/api/v1/auth/logout': {
    post: {
      operationId: 'logout',
      tags,
      summary: '退出登录 · Log out',
      description: '该令牌（及 Cookie）立即失效。',
      security: staffSecurity,
      responses: { '204': ok('已退出 / signed out'), ...errorResponses(sessionCodes) },
    },
  },
  '/api/v1/users': {
    post: {
      operationId: 'createUser',
      tags,
      summary: '创建账号 · Create an account',
      description: '只能在本人辖区以内创建角色不高于本人的账号（admin > county > township）。',
      security: staffSecurity,
      requestBody: { required: true, content: jsonContent(createUserSchema) },
      responses: {
        '201': ok('已创建 / created', jsonContent(userView)),
        ...errorResponses([
          ...sessionCodes,
          ...jsonBodyCodes,
          'auth.forbidden',
          'org.not_found',
          'user.exists',
          'user.weak_password',
        ]),
      },
    },
    get: {
      operationId: 'listUsers',
      tags,
      summary: '辖区内的账号 · Accounts in scope',
      security: staffSecurity,
      responses: {
        '200': ok('账号列表（不含密码） / the accounts, never hashes', jsonContent(z.array(userView))),
        ...errorResponses(sessionCodes),
      },
    },
  },
  '/api/v1/users/{username}/password': {
    put: {
      operationId: 'setPassword',
      tags,
      summary: '修改密码 · Set a password',
      description: '本人修改须提供 `currentPassword`；上级可直接重置。该用户的所有会话立即失效。',
      security: staffSecurity,
      requestParams: { path: usernamePath },
      requestBody: { required: true, content: jsonContent(setPasswordSchema) },
      responses: {
        '204': ok('已修改 / changed'),
        ...errorResponses([
          ...sessionCodes,
          ...jsonBodyCodes,
          'auth.invalid_credentials',
          'auth.throttled',
          'auth.forbidden',
          'user.not_found',
          'user.weak_password',
        ]),
      },
    },
  },
  '/api/v1/users/{username}/disable': {
    post: {
      operationId: 'disableUser',
      tags,
      summary: '停用账号 · Disable an account',
      description: '该账号的会话立即失效，之后登录返回 403 `auth.disabled`。',
      security: staffSecurity,
      requestParams: { path: usernamePath },
      responses: {
        '204': ok('已停用 / disabled'),
        ...errorResponses([...sessionCodes, 'auth.forbidden', 'user.not_found']),
      },
    },
  },
  '/api/v1/users/{username}/enable': {
    post: {
      operationId: 'enableUser',
      tags,
      summary: '启用账号 · Enable an account',
      security: staffSecurity,
      requestParams: { path: usernamePath },
      responses: {
        '204': ok('已启用 / enabled'),
        ...errorResponses([...sessionCodes, 'auth.forbidden', 'user.not_found']),
      },
    },
  },
  '/api/v1/jobs/{name}': {
    post: {
      operationId: 'runJob',
      tags: ['任务 Jobs'],
      summary: '立即运行任务 · Run a job now',
      description: '仅管理员；与定时任务执行同一任务，可重复运行。',
      security: staffSecurity,
      requestParams: { path: jobPath },
      responses: {
        '200': ok('运行结果与计数 / when it ran and its counts', jsonContent(jobResult)),
        ...errorResponses([...sessionCodes, 'auth.forbidden', 'request.invalid']),
      },
    },
  },
};
