import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createBlobS3Client, s3BlobStore } from '../../shared/blobs/s3-blob-store';
import { parseConfig } from '../../shared/config';
import { awsSigningSecret } from '../../shared/secrets/signing-secret';
import { createDocumentClient, Table } from '../../shared/store/dynamo';
import { compose } from '../compose';
import { type JobsRuntime, jobsHandler } from './jobs-handler';

/** The same stack as the HTTP Lambda (functions/http/lambda.ts), minus the app. */
async function build(): Promise<JobsRuntime> {
  const config = parseConfig(process.env);
  if (config.runtime !== 'aws') throw new Error('配置错误：任务 Lambda 需要 RUNTIME=aws');
  const table = new Table(createDocumentClient({ region: config.region }), config.tableName);
  const secrets = new SecretsManagerClient({ region: config.region });
  const secret = await awsSigningSecret(secrets, config.tokenSecretArn);
  const blobs = s3BlobStore(createBlobS3Client({ region: config.region }), config.blobBucket);
  const { services, now } = compose({ table, secret, blobs, config });
  return { tasks: services.jobs, now };
}

/** Invoked by EventBridge Scheduler with `{job, trigger}` (see infra/constructs/jobs.ts). */
export const handler = jobsHandler(build);
