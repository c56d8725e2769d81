import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Settings both buckets share: private, encrypted, TLS-only, kept when the stack goes. */
const privateBucket = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  // SSE-S3: the log delivery service cannot write to SSE-KMS targets, and the blobs
  // (certificates, exports) need no key policy beyond the bucket's own access control.
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
  autoDeleteObjects: false,
} as const;

/**
 * Private storage for generated PDFs, exports and survey attachments, with server access logs in a separate
 * bucket so that who fetched which certificate can be audited.
 */
export class BlobBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...privateBucket,
      // Audit logs are append-only evidence; keep a year, then let them go.
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server-access-log target of the blob bucket; logging it into itself would ' +
        'create a feedback loop and a second log bucket would only move the finding.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucket,
      // A re-issued certificate or export must not silently destroy the previous one.
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'blobs/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(365) }],
      // Survey attachments go straight from the phone's browser to a presigned PUT URL
      // (bound to one key, type and size, valid minutes, create-only): a cross-origin
      // request. The signature is the credential, so any origin may send it; only the
      // signed headers the browser sets itself are allowed, nothing else.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type', 'if-none-match'],
          maxAge: 3600,
        },
      ],
    });
  }
}
