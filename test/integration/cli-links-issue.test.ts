import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli';
import { readShippedForms } from '../../bin/form-files';
import { readDivisionsCsv, startLocalStack } from '../../bin/local-stack';
import { seedDemoOrgs } from '../../shared/app/setup/seed-demo';
import { syncShippedForms } from '../../shared/app/setup/sync-forms';

let dir = '';
const config = () => ({
  dataDir: dir,
  tableName: 'elder-assoc',
  sessionTtlSeconds: 3600,
  maxBodyBytes: 262_144,
});

/** Prepares DATA_DIR as a first `npm start` would: organisation and forms, then stops. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'links-issue-'));
  const stack = await startLocalStack(config());
  await seedDemoOrgs(stack.repos, await readDivisionsCsv(), stack.now());
  await syncShippedForms(stack.deps.forms, await readShippedForms(), stack.now());
  await stack.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
// Issued tokens are base32 (no - or _): the id, a dot, the mac.
const urls = (text: string) =>
  text.match(/https:\/\/survey\.example\.cn\/f\/[0-9a-hjkmnp-tv-z]{20}\.[0-9a-hjkmnp-tv-z]{26}\b/g) ?? [];

describe('npm run cli -- links issue', () => {
  let first: string[] = [];

  it('prints one full URL per village and writes a CSV for Excel', async () => {
    const csv = join(dir, 'links.csv');
    const run = await cli(
      'links',
      'issue',
      '--form',
      'self-evaluation',
      '--parent',
      '341022104',
      '--out',
      csv,
      '--data-dir',
      dir,
      '--base-url',
      'https://survey.example.cn/',
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    first = urls(run.out);
    expect(first).toHaveLength(12);
    expect(run.out).toContain('341022104204  小阜村  https://survey.example.cn/f/');
    expect(run.out).toContain('共 12 个村（居）');
    const text = await readFile(csv, 'utf8');
    expect(text.startsWith('\ufeff村（居）代码,')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(first);
    // Village codes as ="341022104204", so Excel and WPS keep all 12 digits as text.
    expect(lines.slice(1).every((l) => /^"=""341022104\d{3}""",/.test(l))).toBe(true);
  });

  it('writes the printable A4 sheet with --out *.pdf', async () => {
    const pdf = join(dir, 'links.pdf');
    const run = await cli(
      'links',
      'issue',
      '--form',
      'self-evaluation',
      '--parent',
      '341022104',
      '--out',
      pdf,
      '--data-dir',
      dir,
      '--base-url',
      'https://survey.example.cn',
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('（12 个村（居））');
    const bytes = await readFile(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is idempotent: a second run prints the same links', async () => {
    const run = await cli(
      'links',
      'issue',
      '--form',
      'self-evaluation',
      '--parent',
      '341022104',
      '--data-dir',
      dir,
      '--base-url',
      'https://survey.example.cn',
    );
    expect(run.code).toBe(0);
    expect(urls(run.out)).toEqual(first);
  });

  it('shows progress for many villages and uses http://localhost:PORT by default', async () => {
    const run = await cli(
      'links',
      'issue',
      '--form',
      'baseline',
      '--parent',
      '341022',
      '--data-dir',
      dir,
      '--days',
      '30',
    );
    expect(run.code).toBe(0);
    expect(run.out.match(/http:\/\/localhost:\d+\/f\//g)).toHaveLength(72);
    expect(run.err).toContain('进度 72/72');
  });

  it('exits 1 with a Chinese message for an unknown form, 2 for bad usage', async () => {
    const unknown = await cli('links', 'issue', '--form', 'nope', '--parent', '341022104', '--data-dir', dir);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('未找到该表单');
    expect((await cli('links', 'issue', '--form', 'baseline')).code).toBe(2);
    expect((await cli('links', 'issue', '--form', 'baseline', '--parent', '341022104', '--bogus')).code).toBe(
      2,
    );
    expect(
      (await cli('links', 'issue', '--form', 'baseline', '--parent', '341022104', '--out', 'a.txt')).code,
    ).toBe(2);
  });

  it('refuses with a clear message while the store is open elsewhere; the issued links work there', async () => {
    const running = await startLocalStack(config());
    try {
      const locked = await cli(
        'links',
        'issue',
        '--form',
        'self-evaluation',
        '--parent',
        '341022104',
        '--data-dir',
        dir,
      );
      expect(locked.code).toBe(1);
      expect(locked.err).toContain('正被另一个进程使用');
      expect(locked.err).toContain('npm start');
      const token = first[0]?.replace(/^.*\/f\//, '') ?? '';
      const res = await running.app.request(`/api/v1/fill/${token}`);
      expect(res.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
