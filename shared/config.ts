import * as z from 'zod/mini';
import { safeParse } from './validation';

const port = z.pipe(
  z.optional(z.string()),
  z.transform((v, ctx) => {
    const n = v === undefined || v === '' ? 3000 : Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      ctx.issues.push({ code: 'custom', message: 'PORT 必须是 0–65535 的整数', input: v });
      return z.NEVER;
    }
    return n;
  }),
);

const positiveSeconds = (fallback: number) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((v, ctx) => {
      const n = v === undefined || v === '' ? fallback : Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.issues.push({ code: 'custom', message: '必须是正整数（秒）', input: v });
        return z.NEVER;
      }
      return n;
    }),
  );

const envSchema = z.object({
  RUNTIME: z._default(z.enum(['local', 'aws']), 'local'),
  PORT: port,
  DATA_DIR: z._default(z.string().check(z.minLength(1)), './.data'),
  ADMIN_PASSWORD: z.optional(z.string().check(z.minLength(8, 'ADMIN_PASSWORD 至少 8 个字符'))),
  TABLE_NAME: z._default(z.string().check(z.minLength(3)), 'elder-assoc'),
  BLOB_BUCKET: z.optional(z.string()),
  TOKEN_SECRET_ARN: z.optional(z.string()),
  SESSION_TTL_SECONDS: positiveSeconds(8 * 3600),
  MAX_BODY_BYTES: positiveSeconds(256 * 1024),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'cn-north-1'),
});

export type Config = {
  runtime: 'local' | 'aws';
  port: number;
  dataDir: string;
  adminPassword: string | undefined;
  tableName: string;
  blobBucket: string | undefined;
  tokenSecretArn: string | undefined;
  sessionTtlSeconds: number;
  maxBodyBytes: number;
  dynamoEndpoint: string | undefined;
  region: string;
};

/**
 * Parses the environment once. The only reader of `process.env` in the product is the
 * caller that passes it here (entry points); everything else receives a `Config`.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (`ADMIN_PASSWORD=`) means "not set", as shells and .env files intend.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = safeParse(envSchema, set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`配置错误（环境变量）：\n${lines}`);
  }
  const e = result.data;
  if (e.RUNTIME === 'aws' && (!e.TOKEN_SECRET_ARN || !e.BLOB_BUCKET)) {
    throw new Error('配置错误：RUNTIME=aws 时必须提供 TOKEN_SECRET_ARN 和 BLOB_BUCKET');
  }
  return {
    runtime: e.RUNTIME,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    adminPassword: e.ADMIN_PASSWORD,
    tableName: e.TABLE_NAME,
    blobBucket: e.BLOB_BUCKET,
    tokenSecretArn: e.TOKEN_SECRET_ARN,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    region: e.AWS_REGION,
  };
}
