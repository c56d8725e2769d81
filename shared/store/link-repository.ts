import { type Link, linkSchema } from '../links/link';
import type { Table } from './dynamo';
import { linkKeys } from './keys';
import type { LinkRepository } from './ports';

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
    replaceCurrent(next, previousId) {
      const slot = { ...linkKeys.current(next.orgCode, next.formId), ...next };
      return previousId === undefined
        ? table.putIfAbsent(slot)
        : table.putIf(slot, {
            expression: '#id = :previous',
            names: { '#id': 'id' },
            values: { ':previous': previousId },
          });
    },
    async put(link) {
      // Create-only: a delayed retry must never overwrite a record revoked meanwhile.
      await table.putIfAbsent({ ...linkKeys.item(link.id), ...linkKeys.indexes(link), ...link });
    },
    async revoke(link, at, by) {
      const revoked: Link = { ...link, revokedAt: at, revokedBy: by };
      const item = { ...linkKeys.item(link.id), ...linkKeys.indexes(link), ...revoked };
      if (await table.putIf(item, { expression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)' }))
        return revoked;
      // Already revoked (or gone): report what is stored.
      return (await get(link.id)) ?? revoked;
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
