/**
 * The one table definition. CDK (infra/) and the local runner both build the table from
 * this object, so the key schema cannot drift between a laptop and AWS.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * On AWS an item with this attribute (Unix seconds) is deleted some time after it
   * passes: per-link rate counters and upload slots. dynalite has no TTL, so nothing
   * relies on the deletion: expired items are ignored by whoever reads them.
   */
  timeToLiveAttribute: 'ttl',
  /**
   * The partition-key prefix of the only items updated in place (per-link rate counters,
   * an atomic ADD); every other item is put whole. IAM allows UpdateItem on these alone.
   */
  counterPrefix: 'THROTTLE#link#',
  globalSecondaryIndexes: [
    /** Direct children of a unit (and other "items under a parent" listings). */
    { indexName: 'byParent', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Everything inside a division-code scope: a begins_with on the sort key. */
    { indexName: 'byScope', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * What changed, in time order: every item that moves a village's status (a
     * submission, its review, an evaluation, a roster entry) carries a key here, so the
     * aggregation job reads from its watermark only what changed (sparse: nothing else).
     */
    { indexName: 'byChange', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** Every key attribute (all strings), for CreateTable and CDK attribute definitions. */
export function keyAttributes(): string[] {
  const names = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const gsi of tableDefinition.globalSecondaryIndexes) {
    names.add(gsi.partitionKey);
    names.add(gsi.sortKey);
  }
  return [...names];
}

/** The CreateTable input (on-demand billing), used by the local runner and test setup. */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyAttributes().map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((gsi) => ({
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
