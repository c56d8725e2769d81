import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import { mapLimit } from '../../lib/map-limit';
import { isWithinScope } from '../../org/division';
import type { OrgUnit } from '../../org/org-unit';
import type { OrgRepository } from '../../store/ports';

/** The org part of an issue request (already validated by its schema). */
interface VillageSelection {
  orgCodes?: string[] | undefined;
  parentCode?: string | undefined;
}

const byCode = (a: OrgUnit, b: OrgUnit) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The villages a link request names, in code order. With `parentCode`: every village in
 * its subtree (one scope query); 404 when the unit is unknown, 400 `link.no_villages`
 * when it has none. With `orgCodes`: 403 listing the codes outside the caller's scope
 * (checked before any read), then 422 `link.orgs_invalid` listing each code that is not
 * a known village, with the reason.
 */
export async function selectVillages(
  orgs: OrgRepository,
  principal: Principal,
  selection: VillageSelection,
): Promise<OrgUnit[]> {
  if (selection.parentCode !== undefined) {
    const parent = await orgs.get(selection.parentCode);
    if (!parent) throw new AppError('org.not_found', { details: { code: selection.parentCode } });
    // A village that left the roster (撤并) gets no new links.
    const villages = (await orgs.subtree(parent.code)).filter((u) => u.level === 'village' && !u.retired);
    if (villages.length === 0) throw new AppError('link.no_villages', { details: { code: parent.code } });
    return villages.sort(byCode);
  }
  const codes = [...new Set(selection.orgCodes ?? [])];
  const outside = codes.filter((code) => !isWithinScope(principal.scope, code));
  if (outside.length > 0) throw new AppError('auth.out_of_scope', { details: { codes: outside } });
  const units = await mapLimit(codes, 16, (code) => orgs.get(code));
  const rejected: { code: string; reason: string }[] = [];
  const villages: OrgUnit[] = [];
  codes.forEach((code, i) => {
    const unit = units[i];
    if (!unit) rejected.push({ code, reason: '未找到该区划' });
    else if (unit.level !== 'village') rejected.push({ code, reason: `“${unit.name}”不是村（居）` });
    else if (unit.retired) rejected.push({ code, reason: `“${unit.name}”已于 ${unit.retired.from} 撤并` });
    else villages.push(unit);
  });
  if (rejected.length > 0) throw new AppError('link.orgs_invalid', { details: rejected });
  return villages.sort(byCode);
}
