import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { compose } from '../functions/compose';
import { createApp } from '../functions/http/app';
import { localBlobStore } from '../shared/blobs/local-blob-store';
import type { Config } from '../shared/config';
import { localSigningSecret } from '../shared/secrets/signing-secret';
import { createDocumentClient, Table } from '../shared/store/dynamo';
import { ensureTable, localClientConfig, startLocalStore } from '../shared/store/local-store';

export const divisionsCsvPath = new URL('../shared/org/data/huangshan-divisions.csv', import.meta.url);
export const readDivisionsCsv = () => readFile(divisionsCsvPath, 'utf8');

/**
 * The whole product on one machine: dynalite with its files under `DATA_DIR/db` (in
 * memory when `inMemory`), the table from the shared definition, the local signing key,
 * blobs under `DATA_DIR/blobs` and the same app the Lambda serves. Used by `npm start`,
 * the CLI and the tests.
 */
export async function startLocalStack(
  config: Pick<Config, 'dataDir' | 'tableName' | 'sessionTtlSeconds' | 'maxBodyBytes'> &
    Partial<Pick<Config, 'publicUrl'>>,
  options: { inMemory?: boolean; now?: () => Date } = {},
) {
  const store = await startLocalStore(options.inMemory ? undefined : join(config.dataDir, 'db'));
  const clientConfig = localClientConfig(store.endpoint);
  const raw = new DynamoDBClient(clientConfig);
  await ensureTable(raw, config.tableName);
  raw.destroy();
  const client = createDocumentClient(clientConfig);
  const table = new Table(client, config.tableName);
  const secret = await localSigningSecret(config.dataDir);
  const blobs = localBlobStore(join(config.dataDir, 'blobs'));
  const composed = compose({ table, secret, blobs, config, ...(options.now ? { now: options.now } : {}) });
  return {
    ...composed,
    table,
    secret,
    blobs,
    endpoint: store.endpoint,
    app: createApp(composed.deps),
    async close() {
      client.destroy();
      await store.close();
    },
  };
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;
