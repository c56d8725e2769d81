/**
 * Key builders: pure functions from domain identifiers to table keys. Nothing else in
 * the code base spells a key prefix.
 */

/** Province part of a code: the partition of the scope index (one per province). */
const provinceOf = (code: string) => code.slice(0, 2);

export const orgKeys = {
  item: (code: string) => ({ pk: `ORG#${code}`, sk: 'ORG' }),
  /** byParent: the children of `parentCode`, ordered by code. */
  children: (parentCode: string) => ({ gsi1pk: `ORG_CHILDREN#${parentCode}` }),
  /** byScope: every unit in the province, sorted by code, so a subtree is a prefix. */
  scope: (code: string) => ({ gsi2pk: `ORG_TREE#${provinceOf(code)}`, gsi2sk: code }),
  indexes: (code: string, parentCode: string | null) => ({
    ...(parentCode ? { gsi1pk: `ORG_CHILDREN#${parentCode}`, gsi1sk: code } : {}),
    gsi2pk: `ORG_TREE#${provinceOf(code)}`,
    gsi2sk: code,
  }),
};

export const userKeys = {
  item: (username: string) => ({ pk: `USER#${username}`, sk: 'USER' }),
};

export const metaKeys = {
  /** Marks that the demo data was seeded, so a restart never seeds again. */
  seed: () => ({ pk: 'META', sk: 'SEED' }),
};
