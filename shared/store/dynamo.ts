import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';
import { parseOrThrow } from '../validation';
import type { IndexName } from './table';

export type Key = { pk: string; sk: string };

/** A Query: a partition, optionally a sort-key prefix, order, limit, consistency. */
export interface QuerySpec {
  index?: IndexName;
  partition: readonly [name: string, value: string];
  sortPrefix?: readonly [name: string, value: string];
  /** Sort keys from `from` to `to`, both inclusive (instead of a prefix). */
  sortBetween?: readonly [name: string, from: string, to: string];
  /** Highest sort key first. */
  descending?: boolean;
  /** Stop after this many items. */
  limit?: number;
  /** Strongly consistent (base table only): see a write that just returned. */
  consistent?: boolean;
}
export type Item = Record<string, unknown>;

/** A condition for a write, in DynamoDB expression syntax. */
export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Creates the document client once per process; callers pass it around. */
export function createDocumentClient(config: DynamoDBClientConfig): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

const isConditionFailure = (err: unknown) =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException';

/**
 * The DynamoDB adapter: the only module that talks to the table. Items read back are
 * validated with the caller's schema (key attributes are stripped by it); infrastructure
 * errors are translated into `AppError`s here.
 */
export class Table {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get<S extends z.ZodMiniType>(key: Key, schema: S): Promise<z.infer<S> | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }),
    );
    return out.Item ? parseOrThrow(schema, out.Item, 'store.corrupt_item') : undefined;
  }

  /** Writes an item, replacing any item with the same key (an idempotent overwrite). */
  async put(item: Key & Item): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.name, Item: item }));
  }

  /** Writes an item unless its key exists: false (and nothing written) when it does. */
  putIfAbsent(item: Key & Item): Promise<boolean> {
    return this.putIf(item, { expression: 'attribute_not_exists(pk)' });
  }

  /**
   * Writes an item if `condition` holds for the item stored under its key: false (and
   * nothing written) when it does not. A failed condition is an answer, not an error.
   */
  async putIf(item: Key & Item, condition: Condition): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.name,
          Item: item,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: condition.names,
          ExpressionAttributeValues: condition.values,
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Adds 1 to the number `counter` of the item under `key` (creating the item), and sets
   * the attributes of `set` beside it, unless the number has reached `max`: the new
   * count, or undefined (and nothing written) when it had. One conditional UpdateItem —
   * a rate limit that needs no read. Only for keys under `tableDefinition.counterPrefix`
   * (the only partitions IAM lets the functions update).
   */
  async increment(
    key: Key,
    counter: string,
    options: { max: number; set?: Item },
  ): Promise<number | undefined> {
    const names: Record<string, string> = { '#n': counter };
    const values: Record<string, unknown> = { ':one': 1, ':max': options.max };
    const sets = Object.entries(options.set ?? {}).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.name,
          Key: key,
          UpdateExpression: `ADD #n :one${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const count = out.Attributes?.[counter];
      if (typeof count !== 'number') throw new Error(`UpdateItem returned no ${counter}`);
      return count;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  /** Writes many items (idempotent overwrites), 25 at a time, retrying unprocessed ones. */
  async putMany(items: (Key & Item)[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('BatchWrite: unprocessed items after retries');
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 10));
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.name]: pending } }));
        pending = (out.UnprocessedItems?.[this.name] ?? []) as typeof pending;
      }
    }
  }

  /**
   * Queries the table or an index by partition key, optionally with a sort-key prefix,
   * following every page (or stopping at `limit`). Each item is validated with `schema`.
   */
  async query<S extends z.ZodMiniType>(q: QuerySpec, schema: S): Promise<z.infer<S>[]> {
    return (await this.queryPage(q, schema)).items;
  }

  /**
   * Like `query`, but also returns where it stopped (`lastKey`, when `limit` cut it short
   * and more items follow), and starts after `after` (a key returned before).
   */
  async queryPage<S extends z.ZodMiniType>(
    q: QuerySpec & { after?: Record<string, string> },
    schema: S,
  ): Promise<{ items: z.infer<S>[]; lastKey?: Record<string, string> }> {
    const names: Record<string, string> = { '#p': q.partition[0] };
    const values: Record<string, unknown> = { ':p': q.partition[1] };
    let condition = '#p = :p';
    if (q.sortPrefix) {
      names['#s'] = q.sortPrefix[0];
      values[':s'] = q.sortPrefix[1];
      condition += ' AND begins_with(#s, :s)';
    } else if (q.sortBetween) {
      names['#s'] = q.sortBetween[0];
      values[':from'] = q.sortBetween[1];
      values[':to'] = q.sortBetween[2];
      condition += ' AND #s BETWEEN :from AND :to';
    }
    const items: z.infer<S>[] = [];
    let startKey: Record<string, unknown> | undefined = q.after;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.name,
          IndexName: q.index,
          KeyConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
          ScanIndexForward: !q.descending,
          ...(q.consistent ? { ConsistentRead: true } : {}),
          ...(q.limit ? { Limit: q.limit - items.length } : {}),
        }),
      );
      for (const raw of out.Items ?? []) items.push(parseOrThrow(schema, raw, 'store.corrupt_item'));
      startKey = out.LastEvaluatedKey;
      if (q.limit && items.length >= q.limit) break;
    } while (startKey);
    return startKey ? { items, lastKey: startKey as Record<string, string> } : { items };
  }
}
