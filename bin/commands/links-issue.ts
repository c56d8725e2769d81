import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { issueLinksInputSchema } from '../../shared/app/links/link-service';
import { type SheetFormat, sheetFormats } from '../../shared/app/links/link-sheet';
import { adminScope, adminUsername } from '../../shared/app/setup/seed-demo';
import { type Config, parseConfig } from '../../shared/config';
import { chinaIsoDate } from '../../shared/lib/china-time';
import { parseOrThrow } from '../../shared/validation';
import type { Command, CommandIo } from './command';
import { withStack } from './with-stack';

const usage =
  'links issue --form <表单id> --parent <区划代码> [--out links.pdf|.csv|.xlsx] [--days N] [--rotate] [--base-url URL] [--data-dir 目录]   为该区划下每个村（居）生成填报链接';

const options = {
  form: { type: 'string' },
  parent: { type: 'string' },
  out: { type: 'string' },
  days: { type: 'string' },
  rotate: { type: 'boolean' },
  'base-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** Shows progress on stderr when there are many villages (about every tenth). */
const progressTo = (io: CommandIo) => (done: number, total: number) => {
  if (total < 20) return;
  const step = Math.ceil(total / 10);
  if (done % step === 0 || done === total) io.err(`  进度 ${done}/${total}`);
};

interface IssueInput {
  form: string;
  parent: string;
  out: string | undefined;
  days: number | undefined;
  rotate: boolean;
  baseUrl: string;
  dataDir: string;
  config: Config;
}

/** The command's options and configuration, or a usage error message. */
function readInput(args: string[]): IssueInput | string {
  let values: {
    [K in keyof typeof options]?: (typeof options)[K]['type'] extends 'boolean' ? boolean : string;
  };
  let config: Config;
  try {
    values = parseArgs({ args, options, allowPositionals: false }).values;
    config = parseConfig(process.env);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const days = values.days === undefined ? undefined : Number(values.days);
  if (!values.form || !values.parent || (days !== undefined && !Number.isInteger(days)))
    return '请提供 --form 和 --parent（--days 为整数天数）';
  const format = values.out?.split('.').pop()?.toLowerCase();
  if (values.out !== undefined && !sheetFormats.some((f) => f === format))
    return '--out 应为 .pdf（打印版，含二维码）、.csv 或 .xlsx 文件';
  return {
    form: values.form,
    parent: values.parent,
    out: values.out,
    days,
    rotate: values.rotate === true,
    // Printed links are absolute; the API's are relative to wherever the site is served.
    baseUrl: (values['base-url'] ?? `http://localhost:${config.port || 3000}`).replace(/\/+$/, ''),
    dataDir: values['data-dir'] ?? config.dataDir,
    config,
  };
}

/**
 * `links issue`: issues one survey link per village under `--parent` for the latest
 * version of `--form`, acting as the administrator `admin` (scope 34) on the configured
 * store: the local one in DATA_DIR (or `--data-dir`), or the deployed AWS table with
 * RUNTIME=aws (see `openStack`). Like the API, it is idempotent: villages with an
 * active link get the same one again (`--rotate` replaces them). Prints one line per
 * village with the full URL and, with `--out`, writes the printable sheet (.pdf with QR codes) or the list (.csv/.xlsx).
 */
export const linksIssue: Command = {
  name: 'links issue',
  usage,
  async run(args, io) {
    const input = readInput(args);
    if (typeof input === 'string') {
      io.err(`${input}\n用法：npm run cli -- ${usage}`);
      return 2;
    }
    return withStack(io, { ...input.config, dataDir: input.dataDir }, async (stack) => {
      const principal = { username: adminUsername, role: 'admin' as const, scope: adminScope };
      const request = parseOrThrow(issueLinksInputSchema, {
        formId: input.form,
        parentCode: input.parent,
        expiresInDays: input.days,
        rotate: input.rotate,
      });
      const links = await stack.services.links.issueLinks(principal, request, stack.now(), {
        onProgress: progressTo(io),
      });
      const rows = links.map((l) => ({ ...l, url: `${input.baseUrl}${l.url}` }));
      for (const row of rows) {
        io.out(`${row.orgCode}  ${row.orgName}  ${row.url}  有效期至 ${chinaIsoDate(row.expiresAt)}`);
      }
      if (input.out !== undefined) {
        const format = input.out.split('.').pop()?.toLowerCase() as SheetFormat;
        const sheet = await stack.services.linkSheets.render(
          principal,
          { parentCode: input.parent, formId: input.form, format, baseUrl: input.baseUrl },
          stack.now(),
        );
        await writeFile(input.out, sheet.body);
        io.out(`已写入 ${resolve(input.out)}（${sheet.rows} 个村（居））`);
      }
      io.out(`共 ${rows.length} 个村（居）的填报链接（表单 ${input.form}，区划 ${input.parent}）。`);
      return 0;
    });
  },
};
