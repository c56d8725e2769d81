import * as z from 'zod/mini';
import type { User } from '../auth/user';
import { userSchema } from '../auth/user';
import type { OrgUnit } from '../org/org-unit';
import { orgUnitSchema } from '../org/org-unit';
import type { Table } from './dynamo';
import { changeKeys, metaKeys, orgKeys, provinceKeys, throttleKeys, uploadKeys, userKeys } from './keys';
import type {
  LinkRateRepository,
  MetaRepository,
  OrgRepository,
  ThrottleRepository,
  UploadRepository,
  UserRepository,
} from './ports';
import { tableDefinition } from './table';

// A village's entry changes its status (joined, retired): it carries a change key of when it was written.
const orgItem = (u: OrgUnit, at: string) => ({
  ...orgKeys.item(u.code),
  ...orgKeys.indexes(u.code, u.parentCode),
  ...(u.level === 'village' ? changeKeys.mark(u.code, at, `ORG#${u.code}`) : {}),
  ...u,
});

/** Org units; `clock` stamps the change keys of village entries. */
export function dynamoOrgRepository(table: Table, clock: () => Date = () => new Date()): OrgRepository {
  return {
    get: (code) => table.get(orgKeys.item(code), orgUnitSchema),
    children: (code) =>
      table.query({ index: 'byParent', partition: ['gsi1pk', orgKeys.children(code).gsi1pk] }, orgUnitSchema),
    subtree: (code) => {
      const { gsi2pk, gsi2sk } = orgKeys.scope(code);
      return table.query(
        { index: 'byScope', partition: ['gsi2pk', gsi2pk], sortPrefix: ['gsi2sk', gsi2sk] },
        orgUnitSchema,
      );
    },
    putMany: async (units) => {
      const at = clock().toISOString();
      const provinces = units.filter((u) => u.level === 'province').map((u) => provinceKeys.item(u.code));
      await table.putMany([...units.map((u) => orgItem(u, at)), ...provinces]);
    },
    putRetired: (unit) =>
      table.putIf(orgItem(unit, unit.retired?.at ?? clock().toISOString()), {
        expression: 'attribute_exists(pk) AND attribute_not_exists(#retired)',
        names: { '#retired': 'retired' },
      }),
  };
}

const userItem = (user: User) => ({ ...userKeys.item(user.username), ...userKeys.indexes(user), ...user });

/**
 * Accounts: one item per user, also in the province's scope index (by scope, then
 * username). Updates are conditional on the revision read, so two concurrent changes
 * (a logout and a disable) never overwrite each other.
 */
export function dynamoUserRepository(table: Table): UserRepository {
  return {
    get: (username) => table.get(userKeys.item(username), userSchema),
    create: (user: User) => table.putIfAbsent(userItem({ ...user, rev: 0 })),
    update: (user: User) => {
      const rev = user.rev ?? 0;
      const next = userItem({ ...user, rev: rev + 1 });
      return rev === 0
        ? table.putIf(next, {
            expression: 'attribute_exists(pk) AND (attribute_not_exists(#rev) OR #rev = :rev)',
            names: { '#rev': 'rev' },
            values: { ':rev': rev },
          })
        : table.putIf(next, { expression: '#rev = :rev', names: { '#rev': 'rev' }, values: { ':rev': rev } });
    },
    listUnder(code) {
      const { gsi2pk, gsi2sk } = userKeys.scope(code);
      return table.query(
        { index: 'byScope', partition: ['gsi2pk', gsi2pk], sortPrefix: ['gsi2sk', gsi2sk] },
        userSchema,
      );
    },
  };
}

const throttleSchema = z.object({
  failures: z.int(),
  since: z.number(),
  lockedUntil: z.optional(z.number()),
  rev: z.int(),
});

/** Failed-login counters, updated with a conditional write on their revision. */
export function dynamoThrottleRepository(table: Table): ThrottleRepository {
  return {
    get: (kind, value) => table.get(throttleKeys.item(kind, value), throttleSchema),
    put: (kind, value, state, previousRev) => {
      const item = { ...throttleKeys.item(kind, value), ...state, rev: (previousRev ?? -1) + 1 };
      return previousRev === undefined
        ? table.putIfAbsent(item)
        : table.putIf(item, {
            expression: '#rev = :rev',
            names: { '#rev': 'rev' },
            values: { ':rev': previousRev },
          });
    },
  };
}

const { timeToLiveAttribute } = tableDefinition;

/**
 * Per-link rate counters: one item per link and clock minute, its count of each action
 * raised by a conditional ADD (one UpdateItem, no read; a refusal counts nothing). The
 * item expires on AWS a minute after its window; locally the minute in the key keeps old
 * counters from mattering.
 */
export function dynamoLinkRateRepository(table: Table): LinkRateRepository {
  return {
    take: async (linkId, action, minute, max) =>
      (await table.increment(throttleKeys.linkMinute(linkId, minute), action, {
        max,
        set: { [timeToLiveAttribute]: (minute + 2) * 60 },
      })) !== undefined,
  };
}

const uploadSchema = z.object({
  linkId: z.string(),
  blobId: z.string(),
  type: z.string(),
  size: z.int(),
  issuedAt: z.string(),
  expiresAt: z.string(),
});

/** Upload slots, in their link's partition; each expires on AWS (TTL) when its upload window ends. */
export function dynamoUploadRepository(table: Table): UploadRepository {
  return {
    put: (upload) =>
      table.put({
        ...uploadKeys.item(upload.linkId, upload.blobId),
        ...upload,
        [timeToLiveAttribute]: Math.ceil(Date.parse(upload.expiresAt) / 1000),
      }),
    get: (linkId, blobId) => table.get(uploadKeys.item(linkId, blobId), uploadSchema),
  };
}

const markerSchema = z.object({ at: z.string() });

export function dynamoMetaRepository(table: Table): MetaRepository {
  return {
    markOnce: (name, at) => table.putIfAbsent({ ...metaKeys[name](), at }),
    has: async (name) => (await table.get(metaKeys[name](), markerSchema)) !== undefined,
  };
}
