import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { handle } from 'hono/aws-lambda';
import { createBlobS3Client, s3BlobStore, s3UploadOrigin } from '../../shared/blobs/s3-blob-store';
import { parseConfig } from '../../shared/config';
import { awsSigningSecret } from '../../shared/secrets/signing-secret';
import { createDocumentClient, Table } from '../../shared/store/dynamo';
import { compose } from '../compose';
import { createApp } from './app';
import { lambdaHandlerFor } from './lambda-adapter';

type Handler = ReturnType<typeof handle>;

async function build(): Promise<Handler> {
  const config = parseConfig(process.env);
  if (config.runtime !== 'aws') throw new Error('配置错误：HTTP Lambda 需要 RUNTIME=aws');
  const table = new Table(createDocumentClient({ region: config.region }), config.tableName);
  const secrets = new SecretsManagerClient({ region: config.region });
  const secret = await awsSigningSecret(secrets, config.tokenSecretArn);
  const bucket = config.blobBucket;
  const blobs = s3BlobStore(createBlobS3Client({ region: config.region }), bucket);
  const uploadOrigin = s3UploadOrigin(bucket, config.region);
  return lambdaHandlerFor(createApp(compose({ table, secret, blobs, uploadOrigin, config }).deps));
}

// Built once per cold start; a failed start is retried by the next invocation.
let ready: Promise<Handler> | undefined;

export const handler: Handler = async (event, context) => {
  ready ??= build().catch((err) => {
    ready = undefined;
    throw err;
  });
  return (await ready)(event, context);
};
