import { resolve } from 'node:path';
import type { Config } from '../../shared/config';
import { AppError } from '../../shared/errors';
import { StoreLockedError } from '../../shared/store/local-store';
import { openStack, type StackParts } from '../open-stack';
import type { CommandIo } from './command';

/** One detail of a refusal as a line: a file's row and column, a field, or the raw detail. */
function detailLine(d: unknown): string {
  const x = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
  if (typeof x.message !== 'string') return JSON.stringify(d);
  if (typeof x.row === 'number')
    return `第 ${x.row} 行${x.column ? `「${String(x.column)}」` : ''}：${x.message}`;
  return x.field ? `${String(x.field)}：${x.message}` : x.message;
}

/** Prints a refusal (an `AppError`) in Chinese, a line per detail; anything else is rethrown. */
export function reportRefusal(io: CommandIo, err: unknown): number {
  if (!AppError.is(err)) throw err;
  io.err(`错误：${err.message}`);
  if (Array.isArray(err.details)) for (const d of err.details) io.err(`  ${detailLine(d)}`);
  else if (err.details !== undefined) io.err(`  ${JSON.stringify(err.details)}`);
  if (err.code === 'form.not_found') io.err('  （表单在 npm start 首次启动时发布，请先启动一次本地服务）');
  return 1;
}

/**
 * Runs a command's work on the configured store (see `openStack`): 1 with a clear
 * message while `npm start` holds the local store or when the work is refused
 * (`AppError`), and the store is always closed. `lockedHint` names the alternative that
 * works while `npm start` runs (default: the console or the HTTP API).
 */
export async function withStack(
  io: CommandIo,
  config: Config,
  work: (stack: StackParts) => Promise<number>,
  { lockedHint = '或改用控制台 / HTTP 接口' }: { lockedHint?: string } = {},
): Promise<number> {
  let stack: StackParts;
  try {
    stack = await openStack(config);
  } catch (err) {
    if (!(err instanceof StoreLockedError)) throw err;
    io.err(
      `数据目录 ${resolve(config.dataDir)} 正被另一个进程使用（很可能是正在运行的 npm start）。\n` +
        `请先停止该服务（Ctrl-C）再运行本命令，${lockedHint}。`,
    );
    return 1;
  }
  try {
    return await work(stack);
  } catch (err) {
    return reportRefusal(io, err);
  } finally {
    await stack.close();
  }
}
