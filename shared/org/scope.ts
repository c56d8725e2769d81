import type { Principal } from '../auth/user';
import { AppError } from '../errors';
import { assertDivisionCode, isWithinScope } from './division';

/**
 * Guards every org-addressed request: the code must be a division code inside the
 * caller's scope. Checked before any read, so an out-of-scope request learns nothing.
 */
export function assertInScope(principal: Principal, code: string): void {
  assertDivisionCode(code);
  if (!isWithinScope(principal.scope, code)) throw new AppError('auth.out_of_scope', { details: { code } });
}
