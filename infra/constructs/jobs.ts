import { Aws, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { everyMinutesCron, jobTimeZone } from '../../shared/app/jobs/job-cron';
import { type JobName, schedules } from '../../shared/app/jobs/job-registry';
import { lambdaEntries } from '../bundling';
import { type DataResources, dataEnvironment, grantDataAccess, nagArn } from './data-access';
import { NodeFunction } from './node-function';

/** Asia/Shanghai: the zone croner uses locally, from the same constant. */
const scheduleTimeZone = TimeZone.of(jobTimeZone);

/** A run this much older than its schedule time is dropped: the next one is due anyway. */
const maxEventAge = Duration.minutes(10);

/**
 * The scheduled jobs: one function (functions/jobs/handler.ts, middy) and one EventBridge
 * Scheduler schedule per entry of the shared `schedules` list, the list the local
 * scheduler runs too. Each schedule sends `{job, trigger}` with its scheduled time and
 * execution id; a delivery that still fails after the retries lands in an encrypted
 * dead-letter queue, and an alarm reports the queue or repeated failed runs.
 */
export class Jobs extends Construct {
  readonly function: NodeFunction;
  readonly deadLetters: Queue;
  readonly schedules: Record<JobName, Schedule>;
  /** The role EventBridge Scheduler assumes to invoke the function. */
  readonly schedulerRole: Role;
  readonly deadLetterAlarm: Alarm;
  readonly failureAlarm: Alarm;

  /**
   * `publicUrl`: the site's address printed on paper (the verify QR code of certificates),
   * by default the API's own URL; pass the custom domain once there is one.
   */
  constructor(scope: Construct, id: string, data: DataResources & { publicUrl: string }) {
    super(scope, id);

    this.function = new NodeFunction(this, 'Handler', {
      entry: lambdaEntries.jobs,
      description: 'Scheduled jobs (the same tasks as the CLI, the API and npm start)',
      environment: { ...dataEnvironment(data), PUBLIC_URL: data.publicUrl },
      // A full rebuild of a province is minutes of work; a minute-schedule run is seconds.
      timeout: Duration.minutes(5),
    });
    // The jobs call the same adapters as the API: the same grants, no more.
    grantDataAccess(this.function, data);
    // No reserved concurrency: two runs at once are safe (idempotent tasks), so there is
    // nothing to serialise. No retries of a failed run either: the next scheduled run is
    // the retry (tasks resume from what changed), and an invalid event is not retried at all.
    this.function.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge });

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the EventBridge Scheduler schedules (their ' +
        'DeadLetterConfig); cdk-nag only recognises SQS redrive policies as DLQ use.',
    });

    // Scoped to schedules of this account's default group (confused-deputy protection).
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Aws.ACCOUNT_ID,
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });

    const target = (job: JobName) =>
      new LambdaInvoke(this.function.fn, {
        role: this.schedulerRole,
        input: ScheduleTargetInput.fromObject({
          job,
          trigger: {
            source: 'schedule',
            runId: ContextAttribute.executionId,
            scheduledTime: ContextAttribute.scheduledTime,
          },
        }),
        // The default is 185 retries over 24 h; for a minute schedule a few are plenty.
        retryAttempts: 2,
        maxEventAge,
        deadLetterQueue: this.deadLetters,
      });
    const entries = schedules.map(({ job, everyMinutes, description }) => {
      // Cron, not rate(): a rate has no time zone and counts from the schedule's creation;
      // this is the clock-aligned pattern croner runs locally (shared/app/jobs/job-cron.ts).
      const schedule = new Schedule(this, `Schedule-${job}`, {
        schedule: ScheduleExpression.cron({ ...everyMinutesCron(everyMinutes), timeZone: scheduleTimeZone }),
        target: target(job),
        description: `${job}: ${description}`,
      });
      return [job, schedule] as const;
    });
    this.schedules = Object.fromEntries(entries) as Record<JobName, Schedule>;

    // grantInvoke adds `<function ARN>:*` (versions and aliases) next to the ARN itself.
    Validations.of(this.schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(this.function.fn)}:*]`,
      reason:
        'Generated by LambdaInvoke (function.grantInvoke): the suffix covers versions and ' +
        'aliases of this one jobs function only; no other function can be invoked.',
    });

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'A scheduled job could not be delivered to the jobs function (see the DLQ)',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // One failed run is retried by the next; failures in three 5-minute windows in a row are not luck.
    this.failureAlarm = new Alarm(this, 'FailuresAlarm', {
      alarmDescription: 'Scheduled job runs keep failing (see the jobs function log)',
      metric: this.function.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
