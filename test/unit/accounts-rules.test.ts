import { describe, expect, it } from 'vitest';
import { assignableRoles, canManage, scopeFitsRole } from '../../shared/auth/manage';
import { passwordProblem } from '../../shared/auth/password-policy';
import { afterFailure, lockedFor, loginThrottle } from '../../shared/auth/throttle';

const county = { username: 'xn', role: 'county' as const, scope: '341022' };
const admin = { username: 'admin', role: 'admin' as const, scope: '34' };

describe('who may manage whom', () => {
  it('strictly inside the scope, with a role no wider', () => {
    expect(canManage(county, { role: 'township', scope: '341022104' })).toBe(true);
    expect(canManage(county, { role: 'county', scope: '341022' })).toBe(false); // a peer
    expect(canManage(county, { role: 'township', scope: '341021100' })).toBe(false); // another county
    expect(canManage(county, { role: 'admin', scope: '341022104' })).toBe(false); // wider role
    expect(canManage(admin, { role: 'county', scope: '341022' })).toBe(true);
    expect(canManage(admin, { role: 'admin', scope: '34' })).toBe(false);
  });

  it('scopes fit roles by level; roles offered narrowest first', () => {
    expect(scopeFitsRole('township', '341022104')).toBe(true);
    expect(scopeFitsRole('township', '341022')).toBe(false);
    expect(scopeFitsRole('county', '341022')).toBe(true);
    expect(scopeFitsRole('county', '3410')).toBe(true);
    expect(scopeFitsRole('county', '341022104204')).toBe(false);
    expect(assignableRoles(county)).toEqual(['township', 'county']);
    expect(assignableRoles(admin)).toEqual(['township', 'county', 'admin']);
  });
});

describe('password policy', () => {
  it('at least 10 characters and more than one kind', () => {
    for (const weak of ['Short-1', '1234567890', 'abcdefghijk', 'ABCDEFGHIJK', '老年协会规范化建设工作']) {
      expect(passwordProblem(weak), weak).toBeDefined();
    }
    for (const ok of ['abcdefghi1', 'Xiuning2026', '老年协会规范化建设2026', 'ab-cd-ef-gh']) {
      expect(passwordProblem(ok), ok).toBeUndefined();
    }
  });
});

describe('login throttle', () => {
  const at = (s: number) => new Date(s * 1000);
  it('locks at the 10th failure within the window, for the lock time', () => {
    let state = afterFailure(undefined, at(1000));
    for (let i = 2; i < loginThrottle.maxFailures; i++) state = afterFailure(state, at(1000 + i));
    expect(state.failures).toBe(9);
    expect(lockedFor(state, at(1010))).toBe(0);
    state = afterFailure(state, at(1010));
    expect(lockedFor(state, at(1010))).toBe(loginThrottle.lockSeconds);
    expect(lockedFor(state, at(1010 + loginThrottle.lockSeconds))).toBe(0);
  });

  it('starts a new window once the old one has passed', () => {
    let state = afterFailure(undefined, at(0));
    for (let i = 1; i < 9; i++) state = afterFailure(state, at(i));
    state = afterFailure(state, at(loginThrottle.windowSeconds + 5));
    expect(state).toEqual({ failures: 1, since: loginThrottle.windowSeconds + 5 });
  });
});
