import * as z from 'zod/mini';
import type { User } from '../auth/user';
import { userSchema } from '../auth/user';
import type { OrgUnit } from '../org/org-unit';
import { orgUnitSchema } from '../org/org-unit';
import type { Table } from './dynamo';
import { metaKeys, orgKeys, userKeys } from './keys';
import type { MetaRepository, OrgRepository, UserRepository } from './ports';

const orgItem = (u: OrgUnit) => ({ ...orgKeys.item(u.code), ...orgKeys.indexes(u.code, u.parentCode), ...u });

export function dynamoOrgRepository(table: Table): OrgRepository {
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
    putMany: (units) => table.putMany(units.map(orgItem)),
  };
}

export function dynamoUserRepository(table: Table): UserRepository {
  return {
    get: (username) => table.get(userKeys.item(username), userSchema),
    create: (user: User) => table.putIfAbsent({ ...userKeys.item(user.username), ...user }),
  };
}

const markerSchema = z.object({ at: z.string() });

export function dynamoMetaRepository(table: Table): MetaRepository {
  return {
    markOnce: (name, at) => table.putIfAbsent({ ...metaKeys[name](), at }),
    has: async (name) => (await table.get(metaKeys[name](), markerSchema)) !== undefined,
  };
}
