import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { stackId } from '../../infra/app';
import { createTestApp, removeTestOutdirs } from './synth';

afterAll(removeTestOutdirs);

const validationReport = z.object({
  pluginReports: z.array(
    z.object({
      pluginName: z.string(),
      violations: z.array(
        z.object({
          ruleName: z.string(),
          severity: z.string(),
          violatingConstructs: z.array(z.object({ constructPath: z.string() })),
        }),
      ),
    }),
  ),
});

const nagMetadata = z.object({
  Resources: z.record(
    z.string(),
    z.object({
      Metadata: z.optional(
        z.object({
          cdk_nag: z.optional(
            z.object({ rules_to_suppress: z.array(z.object({ id: z.string(), reason: z.string() })) }),
          ),
        }),
      ),
    }),
  ),
});

/**
 * cdk-nag 3 is a policy-validation plugin: its findings are not Annotations but entries
 * in the cloud assembly's validation report (and an error-level finding makes synth
 * throw). So the report is what these tests read; the Annotations check is kept only as
 * a second net in case a finding is ever reported that way too.
 */
function synthWithNag(app: App, outdir: string) {
  let error: unknown;
  let assembly: ReturnType<App['synth']> | undefined;
  try {
    assembly = app.synth();
  } catch (err) {
    error = err;
  }
  const reportFile = join(outdir, 'validation-report.json');
  // Written whenever a validation plugin ran; a missing file means nag never ran.
  expect(existsSync(reportFile), `${reportFile} exists`).toBe(true);
  const report = validationReport.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
  const findings = report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations)
    .map((v) => ({
      rule: v.ruleName,
      severity: v.severity,
      paths: v.violatingConstructs.map((c) => c.constructPath),
    }));
  return { error, assembly, findings };
}

describe('cdk-nag AwsSolutions', () => {
  it('the stack has no unacknowledged finding, neither error nor warning', () => {
    const { app, stack, outdir } = createTestApp({ nag: true });
    const { error, findings } = synthWithNag(app, outdir);

    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('the same harness catches a finding (control: a non-compliant bucket in the stack)', () => {
    const { app, stack, outdir } = createTestApp({ nag: true });
    new Bucket(stack, 'NagProbe');
    const { error, findings } = synthWithNag(app, outdir);

    expect(String(error)).toMatch(/AwsSolutions-S1/);
    // Only the probe is reported: the rest of the stack stays clean in the same run.
    expect(findings.map((f) => f.rule).sort()).toEqual(['AwsSolutions-S1', 'AwsSolutions-S10']);
    for (const finding of findings) {
      expect(finding.severity).toBe('error');
      expect(finding.paths).toEqual([`${stackId}/NagProbe/Resource`]);
    }
  });

  it('every acknowledgment is written to the template with a real reason', () => {
    const { app, stack, outdir } = createTestApp({ nag: true });
    const { assembly } = synthWithNag(app, outdir);
    const template = nagMetadata.parse(assembly?.getStackArtifact(stack.artifactId).template);

    const acknowledged = Object.values(template.Resources).flatMap(
      (r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^AwsSolutions-/);
      expect(reason.trim().length, `reason for ${id}`).toBeGreaterThanOrEqual(40);
    }
    // A new kind of suppression should be a reviewed change to this list.
    const rules = new Set(acknowledged.map(({ id }) => id.replace(/\[.*$/, '')));
    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
    // IAM5 is only ever acknowledged for specific resource suffixes, never for actions.
    const iam5 = new Set(acknowledged.map(({ id }) => id).filter((id) => id.startsWith('AwsSolutions-IAM5')));
    expect([...iam5].sort()).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Blobs\w+\.Arn>\/\*\]$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Data\w+\.Arn>\/index\/\*\]$/),
      // Versions and aliases of the jobs function, for the scheduler's invoke role.
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<JobsHandler\w+\.Arn>:\*\]$/),
    ]);
  });
});
