import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { lambdaBundling } from '../bundling';

/** The repository root: entries in `lambdaEntries` are relative to it. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The CJK font that printed PDFs embed (link sheets, certificates). esbuild bundles code
 * only, so the bundling step copies the TTF next to index.mjs under this name, where
 * `loadCjkFont` in shared/printables/font-file.ts looks first (test/infra/bundle.test.ts
 * checks that the two names agree).
 */
export const bundledFontFileName = 'NotoSansSC-Regular.ttf';
/** The font inside the project, relative to the repository root (where npm placed the package). */
export const fontSourcePath = relative(
  projectRoot,
  createRequire(import.meta.url).resolve(
    '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  ),
);

/**
 * `lambdaBundling` mapped onto CDK's options, so that the deployed bundle is the one the
 * bundle benchmark measures. The AWS SDK is bundled too (CDK would otherwise mark
 * `@aws-sdk/*` external): the code then runs against the SDK version pinned in
 * package-lock.json instead of whatever the Lambda runtime ships this month.
 */
export const cdkBundling: BundlingOptions = {
  format: lambdaBundling.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
  target: lambdaBundling.target,
  minify: lambdaBundling.minify,
  sourceMap: lambdaBundling.sourcemap,
  mainFields: [...lambdaBundling.mainFields],
  banner: lambdaBundling.banner,
  bundleAwsSDK: true,
  // esbuild is a devDependency; bundling must work on a laptop and in CI without Docker.
  forceDockerBundling: false,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // inputDir is the project root (local bundling), outputDir the staged asset directory.
    afterBundling: (inputDir, outputDir) => [
      `cp "${inputDir}/${fontSourcePath}" "${outputDir}/${bundledFontFileName}"`,
    ],
  },
};

export interface NodeFunctionProps {
  /** Entry file relative to the repository root (see `lambdaEntries`). */
  readonly entry: string;
  readonly environment?: Record<string, string>;
  readonly description?: string;
  /** @default 1024 MB: CPU scales with memory, and cold starts dominate this workload. */
  readonly memorySize?: number;
  /** @default 15 s, below the HTTP API's 30 s integration limit. */
  readonly timeout?: Duration;
}

/**
 * The shared Lambda defaults: Node 22 on arm64, bundled with the project's esbuild
 * options, a retained log group with bounded retention, and a role that can write to
 * that log group only (no AWS managed policy). Callers add their own grants.
 */
export class NodeFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  /** The execution role; grants made through `fn` land in its default policy. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });

    // Instead of AWSLambdaBasicExecutionRole, which allows creating and writing any log group
    // in the account (Resource "*").
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    this.role = role;

    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${projectRoot}${props.entry}`,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      description: props.description,
      role,
      logGroup: this.logGroup,
      bundling: cdkBundling,
      environment: {
        // Stack traces point at the TypeScript sources via the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Runtime is pinned to nodejs22.x on purpose: it must match the esbuild target node22 in ' +
        'infra/bundling.ts (shared with the bundle benchmark); moving to a newer runtime is a ' +
        'deliberate upgrade of runtime and bundle target together, not an automatic one.',
    });
  }
}
