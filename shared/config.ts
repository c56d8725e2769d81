import * as z from 'zod/mini';
import { safeParse } from './validation';

/** An integer read from an environment string, `fallback` when unset, rejected outside [min, max]. */
const integer = (fallback: number, message: string, min = 1, max = Number.MAX_SAFE_INTEGER) =>
  z._default(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const n = Number(v);
        if (Number.isInteger(n) && n >= min && n <= max) return n;
        ctx.issues.push({ code: 'custom', message, input: v });
        return z.NEVER;
      }),
    ),
    fallback,
  );

const onAws = z.string({ error: 'RUNTIME=aws 时必须设置' });

const common = {
  PORT: integer(3000, '必须是 0–65535 的整数', 0, 65535),
  /** Where the local server listens: loopback unless opened on purpose (`0.0.0.0` for the LAN). */
  HOST: z._default(
    z.string().check(z.regex(/^[A-Za-z0-9.:-]+$/, '必须是主机名或 IP 地址，如 127.0.0.1 或 0.0.0.0')),
    '127.0.0.1',
  ),
  DATA_DIR: z._default(z.string(), './.data'),
  ADMIN_PASSWORD: z.optional(z.string().check(z.minLength(8, '至少 8 个字符'))),
  TABLE_NAME: z._default(z.string().check(z.minLength(3, '至少 3 个字符')), 'elder-assoc'),
  SESSION_TTL_SECONDS: integer(8 * 3600, '必须是正整数（秒）'),
  MAX_BODY_BYTES: integer(256 * 1024, '必须是正整数（字节）'),
  DYNAMODB_ENDPOINT: z.optional(z.url({ error: '必须是 URL' })),
  AWS_REGION: z._default(z.string(), 'cn-north-1'),
  /** The site's public address, for links printed on paper (a certificate's verify QR code). */
  PUBLIC_URL: z.optional(z.url({ error: '必须是 URL，如 https://example.gov.cn' })),
};

const environment = z.discriminatedUnion(
  'RUNTIME',
  [
    // Optional rather than defaulted: only an optional literal lets an unset RUNTIME pick this branch.
    z.object({ ...common, RUNTIME: z.optional(z.literal('local')) }),
    z.object({ ...common, RUNTIME: z.literal('aws'), TOKEN_SECRET_ARN: onAws, BLOB_BUCKET: onAws }),
  ],
  { error: '必须是 local 或 aws' },
);

/**
 * The environment, validated and shaped into the `Config` the code uses. An empty variable
 * (`ADMIN_PASSWORD=`) means "not set", as shells and .env files intend.
 */
export const configSchema = z.pipe(
  z.pipe(
    z.transform((env: Record<string, string | undefined>): unknown =>
      Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
    ),
    environment,
  ),
  z.transform((e) => {
    const shared = {
      port: e.PORT,
      host: e.HOST,
      dataDir: e.DATA_DIR,
      adminPassword: e.ADMIN_PASSWORD,
      tableName: e.TABLE_NAME,
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
      maxBodyBytes: e.MAX_BODY_BYTES,
      dynamoEndpoint: e.DYNAMODB_ENDPOINT,
      region: e.AWS_REGION,
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    };
    return e.RUNTIME === 'aws'
      ? { runtime: 'aws' as const, ...shared, blobBucket: e.BLOB_BUCKET, tokenSecretArn: e.TOKEN_SECRET_ARN }
      : { runtime: 'local' as const, ...shared };
  }),
);

export type Config = z.infer<typeof configSchema>;

/**
 * Parses the environment once. The only reader of `process.env` in the product is the
 * caller that passes it here (entry points); everything else receives a `Config`.
 * Throws one error listing every bad variable, a line each.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = safeParse(configSchema, env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`配置错误（环境变量）：\n${lines}`);
}
