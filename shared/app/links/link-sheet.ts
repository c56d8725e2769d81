import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import { chinaIsoDate } from '../../lib/china-time';
import { levelOfCode } from '../../org/division';
import { linksCsv } from '../../printables/links-csv';
import type { FormCatalogue } from '../forms/form-catalogue';
import type { OrgService } from '../orgs/org-service';
import type { LinkService } from './link-service';

export const sheetFormats = ['pdf', 'csv', 'xlsx'] as const;
export type SheetFormat = (typeof sheetFormats)[number];

const contentTypes: Record<SheetFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface LinkSheet {
  filename: string;
  contentType: string;
  body: Uint8Array;
  rows: number;
}

/**
 * The PDF renderer (pdfkit, fontkit, QR) and the XLSX writer are imported on first use:
 * they are most of the API bundle, and evaluating them on every Lambda cold start would
 * slow every other request.
 *
 * The list of active survey links under a unit, to print (PDF with QR codes, one sheet
 * per township) or to paste into WeChat groups (CSV/XLSX). URLs are made absolute with
 * `baseUrl`, which differs between a laptop and AWS.
 */
export function createLinkSheetService(deps: {
  links: LinkService;
  orgs: OrgService;
  forms: FormCatalogue;
  loadFont: () => Promise<Buffer>;
}) {
  return {
    async render(
      principal: Principal,
      input: { parentCode: string; formId: string; format: SheetFormat; baseUrl: string },
      now: Date,
    ): Promise<LinkSheet> {
      if (input.format === 'pdf' && levelOfCode(input.parentCode) !== 'township') {
        throw new AppError('request.invalid', {
          message: '打印版链接单按乡镇生成，请选择一个乡镇（9 位代码）',
        });
      }
      const [parent, form, all] = await Promise.all([
        deps.orgs.get(principal, input.parentCode),
        deps.forms.get(input.formId),
        deps.links.listLinks(principal, input.parentCode, input.formId, now),
      ]);
      const base = input.baseUrl.replace(/\/+$/, '');
      const rows = all
        .filter((r) => r.status === 'active')
        .map((r) => ({
          orgCode: r.orgCode,
          orgName: r.orgName,
          url: `${base}${r.url}`,
          expiresAt: r.expiresAt,
        }));
      // An empty sheet would read as a township without villages: say what is missing instead.
      if (rows.length === 0) {
        throw new AppError('link.none_active', {
          details: { parentCode: parent.code, formId: input.formId },
        });
      }
      const filename = `${parent.name}-${form.title}-填报链接-${chinaIsoDate(now)}.${input.format}`;
      const body =
        input.format === 'pdf'
          ? await (await import('../../printables/link-sheet-pdf')).renderLinkSheetPdf(
              { townshipName: parent.name, townshipCode: parent.code, formTitle: form.title, issuedAt: now },
              rows,
              await deps.loadFont(),
            )
          : input.format === 'csv'
            ? new TextEncoder().encode(linksCsv(rows))
            : await (await import('../../printables/links-xlsx')).linksXlsx(rows, parent.name);
      return { filename, contentType: contentTypes[input.format], body, rows: rows.length };
    },
  };
}

export type LinkSheetService = ReturnType<typeof createLinkSheetService>;
