import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config';
import { keyAttributes, tableDefinition } from '../../shared/store/table';
import { createTestApp, removeTestOutdirs } from './synth';
import { at, getAttId, list, refId, resourcesOf, str } from './template';

afterAll(removeTestOutdirs);

const { stack } = createTestApp();
// Refs to the real resources, resolved from the constructs rather than typed-in logical IDs.
const tableRef = stack.resolve(stack.table.table.tableName);
const tableArn = stack.resolve(stack.table.table.tableArn);
const bucketRef = stack.resolve(stack.blobs.bucket.bucketName);
const bucketArn = stack.resolve(stack.blobs.bucket.bucketArn);
const logBucketRef = stack.resolve(stack.blobs.accessLogs.bucketName);
const secretRef = stack.resolve(stack.tokenSecret.secret.secretArn);

const apiFunctionRef = stack.resolve(stack.api.function.fn.functionName);
const jobsFunctionRef = stack.resolve(stack.jobs.function.fn.functionName);

let template: Template;
let lookup: ReturnType<typeof resourcesOf>;
let resources: Record<string, unknown>;
const ofType = (type: string) => lookup.ofType(type);
const only = (type: string) => lookup.only(type);
/** The API's function (the jobs function has its own tests in jobs.test.ts). */
const apiFunction = () => lookup.byRef(apiFunctionRef);

beforeAll(() => {
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
  lookup = resourcesOf(resources);
});

const keySchema = (hash: string, range: string) => [
  { AttributeName: hash, KeyType: 'HASH' },
  { AttributeName: range, KeyType: 'RANGE' },
];

describe('table', () => {
  it('has the key schema and GSIs of tableDefinition, all string keys', () => {
    const [id, table] = only('AWS::DynamoDB::Table');
    expect(id).toBe(refId(tableRef));
    expect(at(table, 'Properties', 'KeySchema')).toEqual(
      keySchema(tableDefinition.partitionKey, tableDefinition.sortKey),
    );
    expect(at(table, 'Properties', 'GlobalSecondaryIndexes')).toEqual(
      tableDefinition.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: keySchema(gsi.partitionKey, gsi.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const attributes = at(table, 'Properties', 'AttributeDefinitions');
    expect(attributes).toEqual(
      expect.arrayContaining(keyAttributes().map((AttributeName) => ({ AttributeName, AttributeType: 'S' }))),
    );
    expect(attributes).toHaveLength(keyAttributes().length);
  });

  it('is on-demand, point-in-time recoverable, encrypted, retained and CDK-named', () => {
    const [, table] = only('AWS::DynamoDB::Table');
    expect(table).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
        // Rate counters and upload slots expire (dynalite has no TTL; nothing relies on it).
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      },
    });
    expect(tableDefinition.timeToLiveAttribute).toBe('ttl');
    expect(at(table, 'Properties')).not.toHaveProperty('TableName');
  });
});

describe('blob bucket', () => {
  it('every bucket is private, encrypted, retained and CDK-named', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.map(([id]) => id).sort()).toEqual([refId(bucketRef), refId(logBucketRef)].sort());
    for (const [, bucket] of buckets) {
      expect(bucket).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                ServerSideEncryptionByDefault: { SSEAlgorithm: expect.stringMatching(/^(AES256|aws:kms)$/) },
              },
            ],
          },
        },
      });
      expect(at(bucket, 'Properties')).not.toHaveProperty('BucketName');
    }
  });

  it('is versioned and writes server access logs to the separate log bucket', () => {
    expect(at(resources, refId(bucketRef), 'Properties')).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: logBucketRef },
    });
  });

  it('lets browsers PUT to presigned URLs (CORS: PUT with content-type and if-none-match only)', () => {
    expect(at(resources, refId(bucketRef), 'Properties', 'CorsConfiguration')).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['PUT'],
          AllowedOrigins: ['*'],
          // The create-only condition is a signed header the browser must be allowed to send.
          AllowedHeaders: ['content-type', 'if-none-match'],
          MaxAge: 3600,
        },
      ],
    });
    expect(at(resources, refId(logBucketRef), 'Properties')).not.toHaveProperty('CorsConfiguration');
  });

  it('every bucket policy denies requests without TLS', () => {
    for (const ref of [bucketRef, logBucketRef]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref,
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });
});

describe('token secret', () => {
  it('is a generated string of at least 48 characters without punctuation, retained', () => {
    const [id, secret] = only('AWS::SecretsManager::Secret');
    expect(id).toBe(refId(secretRef));
    expect(secret).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const generate = at(secret, 'Properties', 'GenerateSecretString');
    expect(at(generate, 'ExcludePunctuation')).toBe(true);
    expect(at(generate, 'PasswordLength')).toBeGreaterThanOrEqual(48);
    // The adapter uses SecretString as the key itself; a JSON template would change that.
    expect(generate).not.toHaveProperty('SecretStringTemplate');
    expect(at(secret, 'Properties')).not.toHaveProperty('Name');
  });
});

describe('api function', () => {
  it('runs Node 22 on arm64 with bounded memory and timeout', () => {
    const [, fn] = apiFunction();
    expect(at(fn, 'Properties')).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: expect.toSatisfy((mb: number) => mb >= 512 && mb <= 1024),
      Timeout: expect.toSatisfy((s: number) => s >= 10 && s <= 29),
    });
    expect(at(fn, 'Properties')).not.toHaveProperty('FunctionName');
  });

  it('gets the environment parseConfig requires for RUNTIME=aws, wired to the real resources', () => {
    const [, fn] = apiFunction();
    const env = at(fn, 'Properties', 'Environment', 'Variables');
    expect(env).toEqual({
      RUNTIME: 'aws',
      TABLE_NAME: tableRef,
      BLOB_BUCKET: bucketRef,
      TOKEN_SECRET_ARN: secretRef,
    });
    // Stand-ins for the deploy-time tokens; AWS_REGION is set by Lambda itself.
    const asDeployed = Object.fromEntries(
      Object.entries(env ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : `deployed-${k}`]),
    );
    expect(() => parseConfig({ ...asDeployed, AWS_REGION: 'cn-north-1' })).not.toThrow();
    expect(() => parseConfig({ ...asDeployed, TOKEN_SECRET_ARN: undefined })).toThrow();
  });

  it('logs to its own log group; every log group has a retention and a CDK name', () => {
    const [, fn] = apiFunction();
    const logGroup = at(resources, refId(at(fn, 'Properties', 'LoggingConfig', 'LogGroup')));
    expect(logGroup).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
    // The two functions' and the API's access logs.
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(3);
    for (const [, group] of groups) {
      expect(at(group, 'Properties', 'RetentionInDays')).toEqual(expect.any(Number));
      expect(at(group, 'Properties')).not.toHaveProperty('LogGroupName');
    }
  });
});

describe('http api', () => {
  it('sends every route to the function with payload format 2.0', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    const [fnId] = apiFunction();
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
  });

  it('default stage throttles and writes access logs to a log group', () => {
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    expect(at(stage, 'Properties')).toMatchObject({ StageName: '$default', AutoDeploy: true });
    const rate = Number(at(stage, 'Properties', 'DefaultRouteSettings', 'ThrottlingRateLimit'));
    const burst = Number(at(stage, 'Properties', 'DefaultRouteSettings', 'ThrottlingBurstLimit'));
    expect(rate).toBeGreaterThan(0);
    expect(burst).toBeGreaterThanOrEqual(rate);
    const destination = at(stage, 'Properties', 'AccessLogSettings', 'DestinationArn');
    expect(at(resources, getAttId(destination), 'Type')).toBe('AWS::Logs::LogGroup');
    const format = str(at(stage, 'Properties', 'AccessLogSettings', 'Format'));
    expect(format).toContain('$context.requestId');
    // Survey links carry their token in the path: access logs must not record it.
    expect(format).not.toMatch(/\$context\.(path|rawPath)/);
  });

  it('exports ApiUrl, TableName and BucketName', () => {
    const outputs = template.toJSON().Outputs;
    expect(at(outputs, 'TableName', 'Value')).toEqual(tableRef);
    expect(at(outputs, 'BucketName', 'Value')).toEqual(bucketRef);
    expect(JSON.stringify(at(outputs, 'ApiUrl', 'Value'))).toContain('execute-api');
  });
});

describe('iam', () => {
  const statementsOf = (policy: unknown) => list(at(policy, 'Properties', 'PolicyDocument', 'Statement'));

  it('no statement anywhere allows Action "*" (or svc:*) or Resource "*"', () => {
    const policies = ofType('AWS::IAM::Policy');
    expect(policies.length).toBeGreaterThan(0);
    for (const [, policy] of policies) {
      for (const statement of statementsOf(policy)) {
        for (const action of list(at(statement, 'Action'))) expect(action).not.toMatch(/^(\*|[\w-]+:\*)$/);
        for (const resource of list(at(statement, 'Resource'))) expect(resource).not.toBe('*');
      }
    }
  });

  // Both functions run compose() over the same adapters, so both get exactly the same grants.
  for (const [name, ref] of [
    ['api', apiFunctionRef],
    ['jobs', jobsFunctionRef],
  ] as const) {
    it(`the ${name} function gets only data access to its table, secret, bucket and log group`, () => {
      const [, fn] = lookup.byRef(ref);
      const roleId = getAttId(at(fn, 'Properties', 'Role'));
      expect(at(resources, roleId, 'Properties')).not.toHaveProperty('ManagedPolicyArns');
      const attached = ofType('AWS::IAM::Policy').filter(([, p]) =>
        list(at(p, 'Properties', 'Roles')).some((r) => refId(r) === roleId),
      );
      expect(attached).toHaveLength(1);

      const logGroupArn = { 'Fn::GetAtt': [refId(at(fn, 'Properties', 'LoggingConfig', 'LogGroup')), 'Arn'] };
      const join = (arn: unknown, suffix: string) => ({ 'Fn::Join': ['', [arn, suffix]] });
      const allowed: { actions: RegExp; resources: unknown[] }[] = [
        { actions: /^logs:(CreateLogStream|PutLogEvents)$/, resources: [logGroupArn] },
        {
          // Item and query actions only: no Scan, no stream reads, no table management.
          actions: /^dynamodb:(GetItem|PutItem|Query|BatchWriteItem)$/,
          resources: [tableArn, join(tableArn, '/index/*')],
        },
        // The rate counters' atomic ADD: the table itself, never an index.
        { actions: /^dynamodb:UpdateItem$/, resources: [tableArn] },
        { actions: /^secretsmanager:(GetSecretValue|DescribeSecret)$/, resources: [secretRef] },
        { actions: /^s3:(GetObject|PutObject)$/, resources: [join(bucketArn, '/*')] },
        { actions: /^s3:ListBucket$/, resources: [bucketArn] },
      ];

      const statements = statementsOf(attached[0]?.[1]);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(at(statement, 'Effect')).toBe('Allow');
        const actions = list(at(statement, 'Action')).map(str);
        const rule = allowed.find((a) => actions.every((action) => a.actions.test(action)));
        expect(rule, `unexpected actions ${actions.join(', ')}`).toBeDefined();
        for (const resource of list(at(statement, 'Resource')))
          expect(rule?.resources).toContainEqual(resource);
      }
      // And each grant the app needs at run time is really there.
      const granted = statements.flatMap((s) => list(at(s, 'Action')));
      const needed = [
        'logs:PutLogEvents',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'secretsmanager:GetSecretValue',
      ];
      for (const action of [...needed, 's3:GetObject', 's3:PutObject']) expect(granted).toContain(action);
    });

    it(`the ${name} function may read and create data and blobs, update only rate counters, never delete or scan`, () => {
      const [, fn] = lookup.byRef(ref);
      const roleId = getAttId(at(fn, 'Properties', 'Role'));
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, p]) => list(at(p, 'Properties', 'Roles')).some((r) => refId(r) === roleId))
        .flatMap(([, p]) => statementsOf(p));
      const actions = statements.flatMap((s) => list(at(s, 'Action')).map(str));
      const ofService = (service: string) =>
        [...new Set(actions.filter((a) => a.startsWith(`${service}:`)))].sort();

      // Exactly the calls compose() can reach from functions/http/lambda.ts or functions/jobs/handler.ts:
      // Table.get/query/put/putMany/increment and the S3 adapter.
      expect(ofService('dynamodb')).toEqual([
        'dynamodb:BatchWriteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      expect(ofService('s3')).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
      for (const action of ['s3:DeleteObject', 'dynamodb:DeleteItem', 'dynamodb:Scan'])
        expect(actions).not.toContain(action);
      // UpdateItem alone, on the table, and only for partition keys of the per-link rate counters.
      const updates = statements.filter((s) =>
        list(at(s, 'Action')).map(str).includes('dynamodb:UpdateItem'),
      );
      expect(updates).toHaveLength(1);
      expect(list(at(updates[0], 'Action'))).toEqual(['dynamodb:UpdateItem']);
      expect(list(at(updates[0], 'Resource'))).toEqual([tableArn]);
      expect(at(updates[0], 'Condition')).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${tableDefinition.counterPrefix}*`] },
      });
      for (const action of actions) expect(action).not.toMatch(/\*/);

      // Object actions on the bucket's objects only; ListBucket on the bucket only.
      const resourcesFor = (action: string) =>
        statements
          .filter((s) => list(at(s, 'Action')).includes(action))
          .flatMap((s) => list(at(s, 'Resource')));
      const objects = { 'Fn::Join': ['', [bucketArn, '/*']] };
      expect(resourcesFor('s3:PutObject')).toEqual([objects]);
      expect(resourcesFor('s3:GetObject')).toEqual([objects]);
      expect(resourcesFor('s3:ListBucket')).toEqual([bucketArn]);
    });
  }
});
