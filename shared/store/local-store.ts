import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from './table';

/** The LevelDB under `path` is held by another process (or another store in this one). */
export class StoreLockedError extends Error {
  constructor(readonly path: string) {
    super(`the local store at ${path} is in use by another process`);
    this.name = 'StoreLockedError';
  }
}

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * dynalite opens its LevelDB lazily and reports a lock held by another process as an
 * unhandled stream error that kills this one; opening it here first turns that into a
 * catchable `StoreLockedError`. `level` is dynalite's own dependency, resolved from it.
 */
async function assertUnlocked(path: string): Promise<void> {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = fromDynalite('level') as { Level: new (path: string) => LevelDb };
  const db = new Level(path);
  try {
    await db.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') throw new StoreLockedError(path);
    throw err;
  }
  await db.close();
}

/**
 * The embedded DynamoDB-compatible store for laptops and tests: dynalite in this process,
 * LevelDB files under `path` (or in memory without one), on a loopback port.
 */
export async function startLocalStore(
  path?: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  if (path) {
    await mkdir(path, { recursive: true });
    await assertUnlocked(path);
  }
  const server = dynalite({
    ...(path ? { path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Client options for the local store: any credentials do, the region is fixed. */
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/**
 * Creates the table from the shared definition unless it exists, then waits until it is
 * ACTIVE: dynalite races on LevelDB when used before that.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const status = async () => {
    try {
      return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus;
    } catch (err) {
      if (err instanceof Error && err.name === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  };
  const waitActive = async () => {
    for (let i = 0; i < 200; i++) {
      if ((await status()) === 'ACTIVE') return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`table ${tableName} did not become ACTIVE`);
  };
  if ((await status()) === undefined) await client.send(new CreateTableCommand(createTableInput(tableName)));
  await waitActive();
  await addMissingIndexes(client, tableName, waitActive);
}

/**
 * A data folder made by an older version lacks indexes added since: they are created in
 * place (one per update, as DynamoDB allows), so `npm start` keeps its data.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, waitActive: () => Promise<void>) {
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const wanted = createTableInput(tableName);
  for (const gsi of wanted.GlobalSecondaryIndexes) {
    if (present.has(gsi.IndexName)) continue;
    const names = new Set<string>(gsi.KeySchema.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions.filter((a) => names.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              ...gsi,
              // dynalite wants throughput even for an on-demand table; it is not enforced locally.
              ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
            },
          },
        ],
      }),
    );
    await waitActive();
  }
}
