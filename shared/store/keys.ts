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

/** Versions sort as text, so they are zero-padded. */
const versionKey = (version: number) => `V#${String(version).padStart(6, '0')}`;

export const formKeys = {
  version: (id: string, version: number) => ({ pk: `FORM#${id}`, sk: versionKey(version) }),
  /** All versions of one form: the table partition, sorted by version. */
  partition: (id: string) => ({ pk: `FORM#${id}`, skPrefix: 'V#' }),
  /** byParent: every version of every form, for the catalogue. */
  catalogue: () => ({ gsi1pk: 'FORMS' }),
  indexes: (id: string, version: number) => ({ gsi1pk: 'FORMS', gsi1sk: `${id}#${versionKey(version)}` }),
};

export const userKeys = {
  item: (username: string) => ({ pk: `USER#${username}`, sk: 'USER' }),
};

export const metaKeys = {
  /** Marks that the demo data was seeded, so a restart never seeds again. */
  seed: () => ({ pk: 'META', sk: 'SEED' }),
};
