import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { bundleEntryFile, lambdaBuildOptions, writeBundle } from '../bundling';

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
 * Bundles `entry` (relative to the repository root) into a Lambda asset directory exactly
 * as the bundle benchmark does: index.mjs and its chunks, the AWS SDK included (the code
 * runs against the SDK pinned in package-lock.json, not whatever the runtime ships this
 * month), the CJK font beside them. The source maps go to `sourcemaps/<entry>/` next to the
 * asset directories of the cloud assembly, not into the asset.
 */
export function bundleFunction(entry: string, outputDir: string): void {
  const result = buildSync({
    ...lambdaBuildOptions(join(projectRoot, entry), outputDir),
    absWorkingDir: projectRoot,
    write: false,
  });
  const mapsDir = join(dirname(outputDir), 'sourcemaps', entry.replace(/\.tsx?$/, '').replace(/\//g, '-'));
  writeBundle(result.outputFiles, outputDir, mapsDir);
  copyFileSync(join(projectRoot, fontSourcePath), join(outputDir, bundledFontFileName));
}

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
  readonly fn: LambdaFunction;
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

    this.fn = new LambdaFunction(this, 'Function', {
      // esbuild is a devDependency: bundling runs in-process, on a laptop and in CI, without Docker.
      code: Code.fromAsset(projectRoot, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('unused-local-bundling-always-succeeds'),
          // Never run; it keeps each entry's asset apart in CDK's staging cache, keyed on these options.
          command: ['bundle', props.entry],
          local: {
            tryBundle: (outputDir) => {
              bundleFunction(props.entry, outputDir);
              return true;
            },
          },
        },
      }),
      handler: `${bundleEntryFile.replace(/\.mjs$/, '')}.handler`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      description: props.description,
      role,
      logGroup: this.logGroup,
      ...(props.environment ? { environment: props.environment } : {}),
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
