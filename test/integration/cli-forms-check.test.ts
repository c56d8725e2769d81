import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forms-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const lines: string[] = [];
  const code = await runCli(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
}

describe('npm run cli -- forms check', () => {
  it('exits 0 for the shipped forms, with or without naming them', async () => {
    const all = await cli('forms', 'check');
    expect(all.code).toBe(0);
    expect(all.text).toContain('全部 4 个表单有效');
    const named = await cli('forms', 'check', 'forms/acceptance.json', 'forms/self-evaluation.json');
    expect(named.code).toBe(0);
  });

  it('exits 1 and prints each issue with its JSON path', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        id: 'bad-form',
        version: 1,
        title: '坏表单',
        description: '测试',
        sections: [
          { key: 's', title: '一', fields: [{ type: 'integer', key: 'a', label: 'A', visibleIf: 'b > 1' }] },
        ],
      }),
    );
    const { code, text } = await cli('forms', 'check', file);
    expect(code).toBe(1);
    expect(text).toMatch(/\$\.sections\[0\]\.fields\[0\]\.visibleIf\s+.*b/);
    expect(text).toContain('1 / 1 个表单有问题');
  });

  it('reports a file that is not JSON or does not exist, and keeps checking the others', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "id": ');
    const { code, text } = await cli(
      'forms',
      'check',
      file,
      join(dir, 'missing.json'),
      'forms/baseline.json',
    );
    expect(code).toBe(1);
    expect(text).toContain('不是有效的 JSON');
    expect(text).toContain('无法读取文件：ENOENT');
    expect(text).toContain('✓ forms/baseline.json');
  });

  it('exits 2 with usage for an unknown command', async () => {
    const { code, text } = await cli('forms', 'nope');
    expect(code).toBe(2);
    expect(text).toContain('用法');
  });
});
