import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { readShippedForms } from '../../bin/form-files';
import { type LocalStack, readDivisionsCsv, startLocalStack } from '../../bin/local-stack';
import { ensureAdmin, seedDemoOrgs } from '../../shared/app/setup/seed-demo';
import { syncShippedForms } from '../../shared/app/setup/sync-forms';
import { hashPassword } from '../../shared/auth/password';
import type { Role } from '../../shared/auth/user';

export const adminPassword = 'correct-horse-9';

export interface TestStack {
  stack: LocalStack;
  dataDir: string;
  /** The clock the app sees; tests may move it. */
  clock: { now: Date };
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  login(username: string, password: string): Promise<string>;
  addUser(username: string, role: Role, scope: string, password: string): Promise<void>;
  /** Every item in the table (tests only: the product never scans). */
  scanAll(): Promise<Record<string, unknown>[]>;
}

/**
 * Starts a fresh in-memory dynalite, the table and the real app for one test file, seeded
 * with the demo organisation and the administrator; torn down after the file.
 */
export function useTestStack(): TestStack {
  const clock = { now: new Date('2026-11-28T08:00:00Z') };
  const ctx = { clock } as TestStack;
  beforeAll(async () => {
    ctx.dataDir = await mkdtemp(join(tmpdir(), 'elder-test-'));
    ctx.stack = await startLocalStack(
      {
        dataDir: ctx.dataDir,
        tableName: 'test-table',
        sessionTtlSeconds: 3600,
        maxBodyBytes: 64 * 1024,
        publicUrl: 'http://localhost',
      },
      { inMemory: true, now: () => clock.now },
    );
    await seedDemoOrgs(ctx.stack.repos, await readDivisionsCsv(), clock.now);
    await ensureAdmin(ctx.stack.repos.users, adminPassword, clock.now);
    await syncShippedForms(ctx.stack.deps.forms, await readShippedForms(), clock.now);
  });
  afterAll(async () => {
    await ctx.stack?.close();
    if (ctx.dataDir) await rm(ctx.dataDir, { recursive: true, force: true });
  });
  ctx.request = (path, init = {}) => {
    const { token, headers, ...rest } = init;
    const h = new Headers(headers);
    if (token) h.set('authorization', `Bearer ${token}`);
    return Promise.resolve(ctx.stack.app.request(path, { ...rest, headers: h }));
  };
  ctx.login = async (username, password) => {
    const res = await ctx.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  ctx.addUser = async (username, role, scope, password) => {
    await ctx.stack.repos.users.create({
      username,
      role,
      scope,
      passwordHash: await hashPassword(password),
      createdAt: clock.now.toISOString(),
    });
  };
  ctx.scanAll = async () => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await ctx.stack.table.client.send(
        new ScanCommand({ TableName: ctx.stack.table.name, ExclusiveStartKey }),
      );
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };
  return ctx;
}

/** Reads an error body and checks its shape: a code and a Chinese message. */
export async function errorOf(res: Response): Promise<{ code: string; message: string; details?: unknown }> {
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  if (!/[\u4e00-\u9fff]/.test(body.error.message))
    throw new Error(`error message is not Chinese: ${body.error.message}`);
  return body.error;
}
