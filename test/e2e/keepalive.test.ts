import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalProcess, startLocalProcess } from '../support/local-process';

const password = 'keepalive-admin-9';
let dataDir = '';
let server: LocalProcess;
let admin = '';
// One socket at a time: a second request can only go out on the socket the first one used.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  connection: string | undefined;
  code: string | undefined;
  socket: Socket | undefined;
}

/**
 * One request through the keep-alive agent; `body` goes out with its length declared or,
 * with `chunked`, in 64 KB chunks without one. Rejects on a reset or hang-up.
 */
function send(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: Buffer; chunked?: boolean } = {},
): Promise<Answer> {
  const url = new URL(path, server.base);
  const headers = { ...init.headers };
  if (init.body && !init.chunked) headers['content-length'] = String(init.body.length);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const code = text.startsWith('{')
          ? (JSON.parse(text) as { error?: { code?: string } }).error?.code
          : undefined;
        resolve({
          status: res.statusCode ?? 0,
          connection: res.headers.connection,
          code,
          socket: req.socket ?? undefined,
        });
      });
    });
    // A refused upload may still be writing when the server closes: that is not this request's answer.
    req.on('socket', (s) => s.on('error', () => {}));
    req.on('error', reject);
    if (!init.body) req.end();
    else if (!init.chunked) req.end(init.body);
    else {
      for (let i = 0; i < init.body.length; i += 64 * 1024) req.write(init.body.subarray(i, i + 64 * 1024));
      req.end();
    }
  });
}

/** The refusal, then at once and again after the server's old 500 ms drain timeout, a normal request. */
async function refusalThenHealth(refusal: () => Promise<Answer>) {
  const first = await refusal();
  const next = await send('GET', '/health');
  await new Promise((r) => setTimeout(r, 700));
  const later = await send('GET', '/health');
  return { first, next, later };
}

const big = Buffer.alloc(2 * 1024 * 1024, '{');
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'elder-keepalive-'));
  server = await startLocalProcess({ DATA_DIR: dataDir, ADMIN_PASSWORD: password });
  // HOST unset: the server is on loopback only.
  expect(server.output()).toMatch(/监听地址\s+127\.0\.0\.1:\d+（仅本机/);
  const res = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'admin', password }),
  });
  admin = ((await res.json()) as { token: string }).token;
});

afterAll(async () => {
  agent.destroy();
  await server?.stop('SIGTERM');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a keep-alive client after an early refusal (npm start’s server)', () => {
  it.each([
    ['413, length declared', { headers: json, body: big }, 413, 'request.too_large'],
    ['413, chunked', { headers: json, body: big, chunked: true }, 413, 'request.too_large'],
  ] as const)('login %s: the next requests on the agent succeed', async (_name, init, status, code) => {
    const { first, next, later } = await refusalThenHealth(() =>
      send('POST', '/api/v1/auth/login', { ...init, headers: { ...init.headers } }),
    );
    expect([first.status, first.code]).toEqual([status, code]);
    // The server did not read the body, so it says it closes rather than leaving a dead socket.
    expect(first.connection).toBe('close');
    expect([next.status, later.status]).toEqual([200, 200]);
  });

  it('login with a 200 KB body of the wrong type: 415, then the next requests succeed', async () => {
    const { first, next, later } = await refusalThenHealth(() =>
      send('POST', '/api/v1/auth/login', {
        headers: { 'content-type': 'text/plain' },
        body: Buffer.alloc(200 * 1024, 'a'),
      }),
    );
    expect([first.status, first.code]).toEqual([415, 'request.unsupported_type']);
    expect([next.status, later.status]).toEqual([200, 200]);
  });

  it.each([
    ['length declared', false],
    ['streamed', true],
  ])(
    'roster import over its file limit (%s): 413, then the next requests succeed',
    async (_name, chunked) => {
      const { first, next, later } = await refusalThenHealth(() =>
        send('POST', '/api/v1/orgs/import', {
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
          body: Buffer.alloc(3 * 1024 * 1024, 'a'),
          chunked,
        }),
      );
      expect([first.status, first.code]).toEqual([413, 'import.too_large']);
      expect([next.status, later.status]).toEqual([200, 200]);
    },
  );

  it('keeps the connection when the refused body had arrived whole', async () => {
    const first = await send('POST', '/api/v1/auth/login', {
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('username=admin'),
    });
    const next = await send('GET', '/health');
    expect(first.status).toBe(415);
    expect(first.connection).toBe('keep-alive');
    expect(next.status).toBe(200);
    expect(next.socket).toBe(first.socket);
  });
});
