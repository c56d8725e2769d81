import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { BlobBucket } from './constructs/blob-bucket';
import { Jobs } from './constructs/jobs';
import { TokenSecret } from './constructs/secrets';
import { SurveyTable } from './constructs/table';

/**
 * The whole AWS side of the product. Environment-agnostic on purpose: `cdk synth` works
 * offline with no account, and `cdk deploy` picks the account/region from the profile.
 */
export class SurveyStack extends Stack {
  readonly table: SurveyTable;
  readonly blobs: BlobBucket;
  readonly tokenSecret: TokenSecret;
  readonly api: Api;
  readonly jobs: Jobs;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new SurveyTable(this, 'Data');
    this.blobs = new BlobBucket(this, 'Blobs');
    this.tokenSecret = new TokenSecret(this, 'TokenSecret');
    const data = { table: this.table.table, bucket: this.blobs.bucket, tokenSecret: this.tokenSecret.secret };
    this.api = new Api(this, 'Api', data);
    this.jobs = new Jobs(this, 'Jobs', { ...data, publicUrl: this.api.stage.url });

    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.blobs.bucket.bucketName });
  }
}
