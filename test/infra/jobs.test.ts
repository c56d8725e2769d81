import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyMinutesCron } from '../../shared/app/jobs/job-cron';
import { jobEventSchema, schedules } from '../../shared/app/jobs/job-registry';
import { createTestApp, removeTestOutdirs } from './synth';
import { at, getAttId, list, refId, resourcesOf, str } from './template';

afterAll(removeTestOutdirs);

const { stack } = createTestApp();
const jobsFunctionRef = stack.resolve(stack.jobs.function.fn.functionName);
const jobsFunctionArn = stack.resolve(stack.jobs.function.fn.functionArn);
const apiFunctionRef = stack.resolve(stack.api.function.fn.functionName);
const queueArn = stack.resolve(stack.jobs.deadLetters.queueArn);
const queueRef = stack.resolve(stack.jobs.deadLetters.queueUrl);
const schedulerRoleArn = stack.resolve(stack.jobs.schedulerRole.roleArn);

let lookup: ReturnType<typeof resourcesOf>;
beforeAll(() => {
  lookup = resourcesOf(Template.fromStack(stack).toJSON().Resources);
});
const scheduleResources = () => lookup.ofType('AWS::Scheduler::Schedule').map(([, s]) => s);
const jobOf = (schedule: unknown) =>
  str(at(JSON.parse(str(at(schedule, 'Properties', 'Target', 'Input'))), 'job'));

describe('schedules', () => {
  it('one per entry of the shared list, as the clock-aligned cron croner runs, in Asia/Shanghai', () => {
    const found = scheduleResources();
    expect(found.map(jobOf).sort()).toEqual(schedules.map((s) => s.job).sort());
    for (const { job, everyMinutes } of schedules) {
      const schedule = found.find((s) => jobOf(s) === job);
      const { minute, hour } = everyMinutesCron(everyMinutes);
      expect(at(schedule, 'Properties')).toMatchObject({
        ScheduleExpression: `cron(${minute} ${hour} * * ? *)`,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
    }
  });

  it('send {job, trigger} that jobEventSchema accepts once EventBridge fills in the run', () => {
    for (const schedule of scheduleResources()) {
      const input = str(at(schedule, 'Properties', 'Target', 'Input'));
      expect(input).toContain('"<aws.scheduler.execution-id>"');
      expect(input).toContain('"<aws.scheduler.scheduled-time>"');
      // What EventBridge Scheduler substitutes at run time (scheduled time as ISO, UTC).
      const delivered = input
        .replace('<aws.scheduler.execution-id>', '6c9d5d1e-6c43-4a7c-9b51-8a2b3a4c5d6e')
        .replace('<aws.scheduler.scheduled-time>', '2026-03-01T08:00:00Z');
      const event = jobEventSchema.parse(JSON.parse(delivered));
      expect(event.trigger).toEqual({
        source: 'schedule',
        runId: '6c9d5d1e-6c43-4a7c-9b51-8a2b3a4c5d6e',
        scheduledTime: '2026-03-01T08:00:00Z',
      });
    }
  });

  it('target the jobs function (not the API) with a short retry policy and the dead-letter queue', () => {
    for (const schedule of scheduleResources()) {
      const target = at(schedule, 'Properties', 'Target');
      expect(at(target, 'Arn')).toEqual(jobsFunctionArn);
      expect(getAttId(at(target, 'Arn'))).not.toBe(refId(apiFunctionRef));
      expect(at(target, 'RoleArn')).toEqual(schedulerRoleArn);
      // The default is 185 retries over a day; a minute schedule's run is stale long before that.
      const retries = Number(at(target, 'RetryPolicy', 'MaximumRetryAttempts'));
      const maxAge = Number(at(target, 'RetryPolicy', 'MaximumEventAgeInSeconds'));
      expect(retries).toBeGreaterThanOrEqual(1);
      expect(retries).toBeLessThanOrEqual(5);
      expect(maxAge).toBeGreaterThanOrEqual(60);
      expect(maxAge).toBeLessThanOrEqual(15 * 60);
      expect(at(target, 'DeadLetterConfig', 'Arn')).toEqual(queueArn);
    }
  });
});

describe('dead-letter queue', () => {
  it('is encrypted, TLS-only and keeps messages for two weeks', () => {
    const [, queue] = lookup.byRef(queueRef);
    expect(at(queue, 'Type')).toBe('AWS::SQS::Queue');
    expect(at(queue, 'Properties')).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const policies = lookup
      .ofType('AWS::SQS::QueuePolicy')
      .filter(([, p]) => list(at(p, 'Properties', 'Queues')).some((q) => refId(q) === refId(queueRef)));
    expect(policies).toHaveLength(1);
    const statements = list(at(policies[0]?.[1], 'Properties', 'PolicyDocument', 'Statement'));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('has an alarm on its depth, and the function one on repeated failed runs', () => {
    const alarms = lookup.ofType('AWS::CloudWatch::Alarm').map(([, a]) => at(a, 'Properties'));
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [refId(queueRef), 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: jobsFunctionRef }],
      }),
    );
  });
});

describe('scheduler role', () => {
  it('is assumable only by EventBridge Scheduler of this account', () => {
    const [, role] = lookup.byRef({ Ref: getAttId(schedulerRoleArn) });
    const statements = list(at(role, 'Properties', 'AssumeRolePolicyDocument', 'Statement'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  it('may invoke the jobs function and write to the dead-letter queue, nothing else', () => {
    const statements = lookup.statementsOfRole(getAttId(schedulerRoleArn));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [jobsFunctionArn, { 'Fn::Join': ['', [jobsFunctionArn, ':*']] }],
      },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn },
    ]);
  });
});

describe('jobs function', () => {
  it('runs Node 22 on arm64 for up to 5 minutes, without reserved concurrency', () => {
    const [, fn] = lookup.byRef(jobsFunctionRef);
    expect(at(fn, 'Properties')).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 300,
    });
    // Two runs at once are safe (idempotent tasks): nothing to serialise.
    expect(at(fn, 'Properties')).not.toHaveProperty('ReservedConcurrentExecutions');
    expect(at(fn, 'Properties')).not.toHaveProperty('FunctionName');
  });

  it('gets the same configuration as the API function, plus the public URL printed on certificates', () => {
    const [, jobs] = lookup.byRef(jobsFunctionRef);
    const [, api] = lookup.byRef(apiFunctionRef);
    const { Variables: jobVars } = at(jobs, 'Properties', 'Environment') as {
      Variables: Record<string, unknown>;
    };
    const { Variables: apiVars } = at(api, 'Properties', 'Environment') as {
      Variables: Record<string, unknown>;
    };
    const { PUBLIC_URL, ...rest } = jobVars;
    expect(rest).toEqual(apiVars);
    // The API stage's URL: a Fn::Join over the HTTP API's id and the region.
    expect(JSON.stringify(PUBLIC_URL)).toContain('execute-api');
  });

  it('is not retried by Lambda: the next scheduled run is the retry, a bad event runs once', () => {
    const configs = lookup
      .ofType('AWS::Lambda::EventInvokeConfig')
      .filter(([, c]) => refId(at(c, 'Properties', 'FunctionName')) === refId(jobsFunctionRef));
    expect(configs).toHaveLength(1);
    expect(at(configs[0]?.[1], 'Properties')).toMatchObject({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 600,
    });
  });
});
