import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SurveyStack } from './stack';

export const stackId = 'ElderAssocSurvey';

/**
 * The CDK app: the product stack plus the cdk-nag AwsSolutions checks. `cdk synth` runs
 * it below; the infra tests call it too, so they check exactly this wiring.
 *
 * cdk-nag 3 is a policy-validation plugin (not an Aspect): findings land in the cloud
 * assembly's validation report and fail the synth. Suppressions are
 * `Validations.of(construct).acknowledge(...)` next to the construct they concern; writing
 * them into template metadata keeps every reason visible in the synthesized template.
 */
export function createCdkApp(props: AppProps = {}, { nag = true }: { nag?: boolean } = {}) {
  const app = new App(props);
  // No `env`: the stack stays environment-agnostic so that synth needs no AWS account.
  const stack = new SurveyStack(app, stackId, {
    description: 'Elder association standardization survey: API, scheduled jobs, table, blobs, token secret',
  });
  if (nag) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
    );
  }
  return { app, stack };
}

// Synthesize only when run as the entry point (`npx tsx infra/app.ts`), not when imported.
const entry = process.argv[1];
if (entry && realpathSync(entry) === fileURLToPath(import.meta.url)) createCdkApp().app.synth();
