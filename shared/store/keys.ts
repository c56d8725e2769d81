import type { ThrottleKind } from '../auth/throttle';
import { tableDefinition } from './table';

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
  /** byScope: every account in a province, by scope code then username, so a subtree is a prefix. */
  scope: (code: string) => ({ gsi2pk: `USER_TREE#${provinceOf(code)}`, gsi2sk: code }),
  indexes: (user: { username: string; scope: string }) => ({
    gsi2pk: `USER_TREE#${provinceOf(user.scope)}`,
    gsi2sk: `${user.scope}#${user.username}`,
  }),
};

/** Failed-login counters: one item per username and per client address. */
export const throttleKeys = {
  item: (kind: ThrottleKind, value: string) => ({ pk: `THROTTLE#${kind}#${value}`, sk: 'THROTTLE' }),
  /** A survey link's writes in one clock minute (Unix minutes): one counter item per link and minute. */
  linkMinute: (linkId: string, minute: number) => ({
    pk: `${tableDefinition.counterPrefix}${linkId}#${minute}`,
    sk: 'THROTTLE',
  }),
};

export const metaKeys = {
  /** Marks that the demo data was seeded, so a restart never seeds again. */
  seed: () => ({ pk: 'META', sk: 'SEED' }),
};

/**
 * Everything about one village lives in its partition: the current link of each form,
 * drafts, submissions and the idempotency claims of submissions.
 */
const villagePk = (orgCode: string) => `VILLAGE#${orgCode}`;

export const linkKeys = {
  item: (id: string) => ({ pk: `LINK#${id}`, sk: 'LINK' }),
  /** The village's current link for a form: the slot that makes issuing idempotent. */
  current: (orgCode: string, formId: string) => ({ pk: villagePk(orgCode), sk: `LINK#${formId}` }),
  /** byScope: the links of one form in a province, by village code, so a subtree is a prefix. */
  scope: (formId: string, code: string) => ({
    gsi2pk: `LINK_TREE#${formId}#${provinceOf(code)}`,
    gsi2sk: code,
  }),
  indexes: (link: { id: string; orgCode: string; formId: string; issuedAt: string }) => ({
    gsi2pk: `LINK_TREE#${link.formId}#${provinceOf(link.orgCode)}`,
    gsi2sk: `${link.orgCode}#${link.issuedAt}#${link.id}`,
  }),
};

/**
 * An upload slot issued to a link (uploads through the app): in the link's own partition,
 * beside its `LINK` item, so a slot is only ever found through the link it was issued to.
 */
export const uploadKeys = {
  item: (linkId: string, blobId: string) => ({ pk: linkKeys.item(linkId).pk, sk: `UPLOAD#${blobId}` }),
};

export const draftKeys = {
  item: (orgCode: string, formId: string) => ({ pk: villagePk(orgCode), sk: `DRAFT#${formId}` }),
};

export const submissionKeys = {
  /** Sorted by time inside the village partition, so "newest first" is a descending query. */
  item: (s: { orgCode: string; formId: string; receivedAt: string; id: string }) => ({
    pk: villagePk(s.orgCode),
    sk: `SUB#${s.formId}#${s.receivedAt}#${s.id}`,
  }),
  ofVillage: (orgCode: string, formId: string) => ({ pk: villagePk(orgCode), skPrefix: `SUB#${formId}#` }),
  /** byScope: every submission in a province, by village code then time. */
  scope: (code: string) => ({ gsi2pk: `SUB_TREE#${provinceOf(code)}`, gsi2sk: code }),
  /**
   * byParent: the submissions of one form in a province, by village code then time. The
   * form id is in the partition (as for links), so a page filtered by form is never short.
   */
  formScope: (formId: string, code: string) => ({
    gsi1pk: `SUB_FORM#${formId}#${provinceOf(code)}`,
    gsi1sk: code,
  }),
  indexes: (s: { orgCode: string; formId: string; receivedAt: string; id: string }) => {
    const sk = `${s.orgCode}#${s.receivedAt}#${s.id}`;
    return {
      gsi1pk: `SUB_FORM#${s.formId}#${provinceOf(s.orgCode)}`,
      gsi1sk: sk,
      gsi2pk: `SUB_TREE#${provinceOf(s.orgCode)}`,
      gsi2sk: sk,
    };
  },
  /** The claim of an idempotency key; `SUBKEY#` never matches the `SUB#{formId}#` prefix. */
  claim: (orgCode: string, formId: string, key: string) => ({
    pk: villagePk(orgCode),
    sk: `SUBKEY#${formId}#${key}`,
  }),
};

export const evaluationKeys = {
  /** A township's evaluation of a village, in the village's partition. */
  item: (orgCode: string, id: string) => ({ pk: villagePk(orgCode), sk: `EVAL#${id}` }),
  ofVillage: (orgCode: string) => ({ pk: villagePk(orgCode), skPrefix: 'EVAL#' }),
};

/** The township of a village code (its first 9 digits). */
export const townshipOf = (villageCode: string) => villageCode.slice(0, 9);

/**
 * byChange: items that change a village's status, by the time they were written. The
 * sort key starts with the instant, then the township (what the job recomputes), then
 * an id that keeps keys of the same instant apart.
 */
export const changeKeys = {
  mark: (villageCode: string, at: string, id: string) => ({
    gsi3pk: `CHANGES#${provinceOf(villageCode)}`,
    gsi3sk: `${at}#${townshipOf(villageCode)}#${id}`,
  }),
  partition: (province: string) => `CHANGES#${province}`,
  /** A township's own wake-up call at a future instant (a rectification deadline passing). */
  wake: (township: string) => ({ pk: `WAKE#${township}`, sk: 'WAKE' }),
};

/** The provinces that have org units: the job reads one change partition per province. */
export const provinceKeys = {
  item: (code: string) => ({ pk: 'PROVINCES', sk: code }),
  partition: 'PROVINCES',
};

/**
 * Stored aggregates, one item per unit and snapshot (`current`, or `Y2024` for the
 * year-end of a target year), in a partition per snapshot and province sorted by code:
 * a unit and everything below it are one Query with a code prefix.
 */
export const aggregateKeys = {
  item: (snapshot: string, code: string) => ({ pk: `AGG#${snapshot}#${provinceOf(code)}`, sk: code }),
  partition: (snapshot: string, code: string) => `AGG#${snapshot}#${provinceOf(code)}`,
  /** A township's village rows, apart from the totals (which roll-ups read in bulk). */
  rows: (snapshot: string, code: string) => ({ pk: `AGGROWS#${snapshot}#${provinceOf(code)}`, sk: code }),
  rowsPartition: (snapshot: string, code: string) => `AGGROWS#${snapshot}#${provinceOf(code)}`,
};

/** A job's own state (the aggregation watermark of a province). */
export const jobStateKeys = {
  item: (job: string, scope: string) => ({ pk: `JOB#${job}`, sk: scope }),
};

/**
 * Exports queued for the job, in a partition per day of the request (China date): the job
 * reads today's and yesterday's only, so nothing is ever deleted and reads stay small.
 */
export const exportKeys = {
  item: (day: string, key: string) => ({ pk: `EXPORTS#${day}`, sk: key }),
  partition: (day: string) => `EXPORTS#${day}`,
};

/**
 * Certificates: one item per number (also in the province's scope index by village code),
 * the claim of an acceptance (one certificate per acceptance, in the village's partition),
 * and the number sequence of a county and year.
 */
export const certificateKeys = {
  item: (number: string) => ({ pk: `CERT#${number}`, sk: 'CERT' }),
  indexes: (orgCode: string, number: string) => ({
    gsi2pk: `CERT_TREE#${provinceOf(orgCode)}`,
    gsi2sk: `${orgCode}#${number}`,
  }),
  scope: (code: string) => ({ gsi2pk: `CERT_TREE#${provinceOf(code)}`, gsi2sk: code }),
  claim: (orgCode: string, acceptanceId: string) => ({
    pk: villagePk(orgCode),
    sk: `CERTFOR#${acceptanceId}`,
  }),
  sequence: (county: string, year: number) => ({ pk: `CERTSEQ#${county}#${year}`, sk: 'SEQ' }),
};
