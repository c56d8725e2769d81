import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RosterImportResult } from '../../shared/app/roster/roster-service';
import { adminScope, adminUsername } from '../../shared/app/setup/seed-demo';
import { type Config, parseConfig } from '../../shared/config';
import { xlsxContentType } from '../../shared/printables/table-file';
import type { Command, CommandIo } from './command';
import { withStack } from './with-stack';

const usage =
  'orgs import <文件.csv|文件.xlsx> [--dry-run] [--data-dir 目录]   导入村（居）名册（全部通过才写入；--dry-run 只预览）';

const options = {
  'dry-run': { type: 'boolean' },
  'data-dir': { type: 'string' },
} as const;

const contentTypes: Record<string, string> = { '.csv': 'text/csv', '.xlsx': xlsxContentType };

interface ImportInput {
  file: string;
  contentType: string;
  dryRun: boolean;
  dataDir: string;
  config: Config;
}

/** The command's arguments and configuration, or a usage error message. */
function readInput(args: string[]): ImportInput | string {
  let parsed: { values: { 'dry-run'?: boolean; 'data-dir'?: string }; positionals: string[] };
  let config: Config;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
    config = parseConfig(process.env);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const [file, ...more] = parsed.positionals;
  if (file === undefined || more.length > 0) return '请给出一个要导入的文件';
  const contentType = contentTypes[extname(file).toLowerCase()];
  if (contentType === undefined) return '文件应为 .csv 或 .xlsx（.xls 请先另存为 .xlsx）';
  return {
    file,
    contentType,
    dryRun: parsed.values['dry-run'] === true,
    dataDir: parsed.values['data-dir'] ?? config.dataDir,
    config,
  };
}

const actionLabels = { create: '新增', update: '更新', unchanged: '未变' } as const;

/** One line per new or changed village (unchanged ones only count), then the summary. */
function printResult(io: CommandIo, result: RosterImportResult): void {
  for (const c of result.changes) {
    if (c.action === 'unchanged') continue;
    const was = c.before && c.before.name !== c.name ? `（原名 ${c.before.name}）` : '';
    io.out(`第 ${c.row} 行  ${actionLabels[c.action]}  ${c.code}  ${c.name}${was}`);
  }
  const summary = `新增 ${result.created}，更新 ${result.updated}，未变 ${result.unchanged}`;
  io.out(result.dryRun ? `${summary}（预览，未写入；去掉 --dry-run 即导入）` : summary);
}

/**
 * `orgs import`: checks a village roster file (CSV in UTF-8 or GBK, or XLSX) and, when
 * every row passes, writes the new and changed villages, acting as the administrator
 * `admin` (scope 34) on the configured store (see `openStack`), exactly like
 * `POST /api/v1/orgs/import`. Idempotent: importing the same file again changes nothing.
 * Exit 0 imported (or previewed), 1 rejected (every bad row printed), 2 usage.
 */
export const orgsImport: Command = {
  name: 'orgs import',
  usage,
  async run(args, io) {
    const input = readInput(args);
    if (typeof input === 'string') {
      io.err(`${input}\n用法：npm run cli -- ${usage}`);
      return 2;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(input.file);
    } catch (err) {
      io.err(`无法读取文件 ${resolve(input.file)}：${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
    const principal = { username: adminUsername, role: 'admin' as const, scope: adminScope };
    return withStack(io, { ...input.config, dataDir: input.dataDir }, async (stack) => {
      const result = await stack.services.roster.importRoster(
        principal,
        { contentType: input.contentType, bytes },
        stack.now(),
        { dryRun: input.dryRun },
      );
      printResult(io, result);
      return 0;
    });
  },
};
