import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { compose } from '../functions/compose';
import { createBlobS3Client, s3BlobStore } from '../shared/blobs/s3-blob-store';
import type { Config } from '../shared/config';
import { awsSigningSecret } from '../shared/secrets/signing-secret';
import { createDocumentClient, Table } from '../shared/store/dynamo';
import { startLocalStack } from './local-stack';

/** What CLI commands use of a stack: the composed services and repositories. */
export type StackParts = Pick<ReturnType<typeof compose>, 'services' | 'repos' | 'now'> & {
  /** Where the data is, for messages. */
  where: string;
  close(): Promise<void>;
};

/**
 * The store the configuration names: the local one under DATA_DIR (fails with
 * `StoreLockedError` while `npm start` holds it), or, with RUNTIME=aws, the deployed
 * DynamoDB table, secret and bucket (TABLE_NAME, TOKEN_SECRET_ARN, BLOB_BUCKET,
 * AWS_REGION and the usual AWS credentials; DYNAMODB_ENDPOINT overrides the endpoint).
 */
export async function openStack(config: Config): Promise<StackParts> {
  if (config.runtime === 'local') {
    const stack = await startLocalStack(config);
    return { ...stack, where: `本地数据目录 ${config.dataDir}` };
  }
  const client = createDocumentClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
  });
  const secrets = new SecretsManagerClient({ region: config.region });
  const secret = await awsSigningSecret(secrets, config.tokenSecretArn);
  const blobs = s3BlobStore(createBlobS3Client({ region: config.region }), config.blobBucket);
  const composed = compose({ table: new Table(client, config.tableName), secret, blobs, config });
  return {
    ...composed,
    where: `AWS DynamoDB 表 ${config.tableName}（${config.region}）`,
    async close() {
      client.destroy();
      secrets.destroy();
    },
  };
}
