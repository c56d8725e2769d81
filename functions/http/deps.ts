import type { Services } from '../compose';

/**
 * Everything the HTTP app needs, built once by an entry point (local runner, Lambda,
 * tests): the services `compose()` made, the clock and the request limits.
 */
export type AppDeps = Services & {
  now: () => Date;
  maxBodyBytes: number;
  /**
   * Whether the session cookie is always `Secure`: the public URL is https, or the app runs
   * on AWS (API Gateway terminates TLS, so the request the app sees may not say https).
   */
  secureCookies: boolean;
  /** Cross-origin upload target the survey page must allow (S3); none locally. */
  uploadOrigin?: string;
};
