import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { cli, useCliDataDir } from '../support/cli';
import { encodeGbk } from '../support/gb18030';

const data = useCliDataDir('orgs-import', { forms: false });

/** The stored unit, read from the data dir after the command closed it. */
const storedUnit = (code: string) => data.read((stack) => stack.repos.orgs.get(code));

const csv =
  '区划代码,名称,级别,上级代码\r\n341022104401,西溪村,村,341022104\r\n341022104102,东溪社区,社区,341022104\r\n';

describe('npm run cli -- orgs import', () => {
  it('previews with --dry-run, writing nothing', async () => {
    const file = join(data.dir, 'roster.csv');
    await writeFile(file, encodeGbk(csv));
    const run = await cli('orgs', 'import', file, '--dry-run', '--data-dir', data.dir);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('第 2 行  新增  341022104401  西溪村');
    expect(run.out).toContain('新增 2，更新 0，未变 0（预览，未写入');
    expect(await storedUnit('341022104401')).toBeUndefined();
  });

  it('imports a GBK CSV, then again changes nothing', async () => {
    const file = join(data.dir, 'roster.csv');
    const first = await cli('orgs', 'import', file, '--data-dir', data.dir);
    expect(first.code).toBe(0);
    expect(first.out.split('\n').at(-1)).toBe('新增 2，更新 0，未变 0');
    expect(await storedUnit('341022104102')).toMatchObject({ name: '东溪社区', kind: 'community' });
    const again = await cli('orgs', 'import', file, '--data-dir', data.dir);
    expect(again.code).toBe(0);
    expect(again.out).toBe('新增 0，更新 0，未变 2');
  });

  it('imports an XLSX with codes stored as numbers and reports renames', async () => {
    const file = join(data.dir, 'roster.xlsx');
    const bytes = await writeXlsxFile([
      ['code', 'name', 'level', 'parentCode'],
      [341022104401, '西溪新村', 'village', 341022104],
    ]).toBuffer();
    await writeFile(file, bytes);
    const run = await cli('orgs', 'import', file, '--data-dir', data.dir);
    expect(run.code).toBe(0);
    expect(run.out).toContain('第 2 行  更新  341022104401  西溪新村（原名 西溪村）');
    expect(run.out).toContain('新增 0，更新 1，未变 0');
  });

  it('prints every rejected row and why, exit 1, nothing written', async () => {
    const file = join(data.dir, 'bad.csv');
    await writeFile(
      file,
      'code,name,level,parentCode\n341022104402,,村,341022104\n341022104403,好村,镇,341022105\n341022104404,新村,村,341022104\n',
    );
    const run = await cli('orgs', 'import', file, '--data-dir', data.dir);
    expect(run.code).toBe(1);
    expect(run.err).toContain('未导入任何数据');
    expect(run.err).toContain('第 2 行「name」：请填写名称');
    expect(run.err).toContain('第 3 行「level」：级别应为 村 或 社区');
    expect(run.err).toContain('第 3 行「parentCode」：上级代码应为本行区划代码的前 9 位 341022104');
    expect(await storedUnit('341022104404')).toBeUndefined();
  });

  it('exits 2 on a usage error: no file, two files, another extension, a missing file, an unknown option', async () => {
    for (const argv of [
      [],
      ['a.csv', 'b.csv'],
      ['roster.xls'],
      [join(data.dir, 'missing.csv')],
      [join(data.dir, 'roster.csv'), '--bogus'],
    ]) {
      const run = await cli('orgs', 'import', ...argv, '--data-dir', data.dir);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
