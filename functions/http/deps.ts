import type { Services } from '../compose';

/**
 * Everything the HTTP app needs, built once by an entry point (local runner, Lambda,
 * tests): the services `compose()` made, the clock and the request limits.
 */
export type AppDeps = Services & {
  now: () => Date;
  maxBodyBytes: number;
  /** Cross-origin upload target the survey page must allow (S3); none locally. */
  uploadOrigin?: string;
};
