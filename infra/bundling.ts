/**
 * esbuild options for every Lambda bundle, shared by the CDK functions and the bundle
 * benchmark so that what is measured is what is deployed.
 */
export const lambdaBundling = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
} as const;

export const lambdaEntries = {
  api: 'functions/http/lambda.ts',
  jobs: 'functions/jobs/handler.ts',
} as const;
