import { expect } from 'vitest';

/**
 * Reads a nested value of the synthesized template. A missing step throws, so an
 * assertion can never pass by comparing `undefined` with `undefined`.
 */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) {
      throw new Error(`template has no ${path.join('.')}`);
    }
    current = Reflect.get(current, key);
  }
  return current;
}
export const str = (value: unknown): string => {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
};
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
export const refId = (ref: unknown) => str(at(ref, 'Ref'));
export const getAttId = (ref: unknown) => str(at(ref, 'Fn::GetAtt', 0));

/** Lookups over one template's resources. */
export function resourcesOf(resources: Record<string, unknown>) {
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => at(r, 'Type') === type);
  return {
    ofType,
    only(type: string): [string, unknown] {
      const found = ofType(type);
      expect(found, type).toHaveLength(1);
      const [entry] = found;
      if (!entry) throw new Error(`no ${type}`);
      return entry;
    },
    /** The resource behind a `{Ref}` resolved from a construct. */
    byRef(ref: unknown): [string, unknown] {
      const id = refId(ref);
      return [id, at(resources, id)];
    },
    /** Every statement of the policies attached to the role with this logical id. */
    statementsOfRole(roleId: string): unknown[] {
      return ofType('AWS::IAM::Policy')
        .filter(([, p]) => list(at(p, 'Properties', 'Roles')).some((r) => refId(r) === roleId))
        .flatMap(([, p]) => list(at(p, 'Properties', 'PolicyDocument', 'Statement')));
    },
  };
}
