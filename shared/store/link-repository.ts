import { AppError } from '../errors';
import { type Link, linkSchema } from '../links/link';
import type { Table } from './dynamo';
import { linkKeys } from './keys';
import type { LinkRepository } from './ports';

const isConflict = (err: unknown) => err instanceof AppError && err.code === 'store.conflict';

/**
 * Links: one item per link (read by id when a token arrives, listed per form and subtree
 * through the scope index) plus one "current link" slot per village and form. Issuing
 * swaps the slot with a conditional write, so concurrent issues for one village agree
 * on a single link without transactions.
 */
export function dynamoLinkRepository(table: Table): LinkRepository {
  const get = (id: string) => table.get(linkKeys.item(id), linkSchema);
  return {
    get,
    current: (orgCode, formId) => table.get(linkKeys.current(orgCode, formId), linkSchema),
    async replaceCurrent(next, previousId) {
      try {
        await table.put(
          { ...linkKeys.current(next.orgCode, next.formId), ...next },
          {
            condition:
              previousId === undefined
                ? { expression: 'attribute_not_exists(pk)' }
                : {
                    expression: '#id = :previous',
                    names: { '#id': 'id' },
                    values: { ':previous': previousId },
                  },
          },
        );
        return true;
      } catch (err) {
        if (isConflict(err)) return false;
        throw err;
      }
    },
    async put(link) {
      // Create-only: a delayed retry must never overwrite a record revoked meanwhile.
      try {
        await table.put(
          { ...linkKeys.item(link.id), ...linkKeys.indexes(link), ...link },
          { onlyIfNew: true },
        );
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    },
    async revoke(link, at, by) {
      const revoked: Link = { ...link, revokedAt: at, revokedBy: by };
      try {
        await table.put(
          { ...linkKeys.item(link.id), ...linkKeys.indexes(link), ...revoked },
          { condition: { expression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)' } },
        );
        return revoked;
      } catch (err) {
        // Already revoked (or gone): report what is stored.
        if (!isConflict(err)) throw err;
        return (await get(link.id)) ?? revoked;
      }
    },
    listUnder(formId, code) {
      const { gsi2pk, gsi2sk } = linkKeys.scope(formId, code);
      return table.query(
        { index: 'byScope', partition: ['gsi2pk', gsi2pk], sortPrefix: ['gsi2sk', gsi2sk] },
        linkSchema,
      );
    },
  };
}
