import * as z from 'zod/mini';
import type { oas31, ZodObjectInput, ZodOpenApiContentObject, ZodOpenApiSchemaObject } from 'zod-openapi';
import { type ErrorBody, type ErrorCode, errorCatalogue } from '../../../shared/errors';

/**
 * The pieces every operation of the OpenAPI document shares: the error body of
 * `shared/errors.ts`, error responses built from the catalogue, the security schemes
 * and the media types of downloads.
 */

/**
 * Compile-time proofs that a schema written for this document says what the TypeScript
 * type of the code says: `Proves<SameShape<z.infer<typeof s>, T>>` fails to compile when
 * either side changes without the other.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Proves<T extends true> = T;

const errorCodes = Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]];

/** `{error: {code, message, details?}}`: what `app.onError` answers for every failure. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes).check(z.meta({ description: '错误代码（见错误目录） / the catalogue code' })),
      message: z.string().check(z.meta({ description: '中文说明 / a Chinese message for people' })),
      details: z.optional(
        z.unknown().check(
          z.meta({
            description:
              '详情，例如 `[{field, message}]`；5xx 从不带详情 / details, e.g. field issues; never on a 5xx',
          }),
        ),
      ),
    }),
  })
  .check(z.meta({ id: 'ErrorBody', description: '错误响应体 / the error body' }));
export type ErrorBodyProof = Proves<SameShape<z.infer<typeof errorBodySchema>, ErrorBody>>;

const statusNames: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Codes that answer with a `Retry-After` header. */
const retryAfterCodes: readonly ErrorCode[] = ['auth.throttled', 'fill.throttled', 'certificate.throttled'];

const retryAfterHeader = z.object({
  'Retry-After': z.string().check(z.meta({ description: '多少秒后可重试 / seconds to wait' })),
});

/**
 * The error responses of an operation, one per status, each listing its catalogue codes
 * and messages. The status of a code comes from the catalogue, as `app.onError` does;
 * every operation may also answer 500 `internal`.
 */
export function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, 'internal'])) {
    const { status } = errorCatalogue[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const entries = [...byStatus].map(([status, list]) => {
    const lines = list.map((code) =>
      code === 'internal'
        ? '`internal`：服务器内部错误（不含内部细节） / no internals are shown'
        : `\`${code}\`：${errorCatalogue[code].message}`,
    );
    const response = {
      description: `${statusNames[status] ?? status} — ${lines.join('；')}`,
      content: { 'application/json': { schema: errorBodySchema } },
      ...(list.some((code) => retryAfterCodes.includes(code)) ? { headers: retryAfterHeader } : {}),
    };
    return [String(status), response] as const;
  });
  return Object.fromEntries(entries);
}

/** A signed-in request's credential failures (`requireSession`). */
export const sessionCodes: readonly ErrorCode[] = [
  'auth.token_missing',
  'auth.token_invalid',
  'auth.token_expired',
  'auth.session_ended',
];
/** What `readJson` refuses before the route sees the body. */
export const jsonBodyCodes: readonly ErrorCode[] = [
  'request.unsupported_type',
  'request.malformed',
  'request.invalid',
  'request.too_large',
];
/** A unit in the path: its code, the caller's scope, whether it exists. */
export const unitCodes: readonly ErrorCode[] = ['org.code_invalid', 'auth.out_of_scope', 'org.not_found'];
/** A signed-in request about a unit in the path. */
export const signedInUnitCodes: readonly ErrorCode[] = [...sessionCodes, ...unitCodes];
/** A survey token in the path (`requireLink`). */
export const linkCodes: readonly ErrorCode[] = ['link.invalid', 'link.expired', 'link.revoked'];

export const securitySchemes: Record<string, oas31.SecuritySchemeObject> = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description: '登录（POST /api/v1/auth/login）得到的令牌 / the token from logging in',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'session',
    description: '登录时设置的 HttpOnly 会话 Cookie / the HttpOnly cookie set by logging in',
  },
};

/** Staff routes: the bearer token or the session cookie, either one. */
export const staffSecurity: oas31.SecurityRequirementObject[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
/** Public routes, and survey routes whose credential is the token in the path. */
export const noSecurity: oas31.SecurityRequirementObject[] = [];

export const mediaTypes = {
  json: 'application/json',
  csv: 'text/csv',
  text: 'text/plain',
  pdf: 'application/pdf',
  zip: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** A file in a request or response body. */
export const binary = { schema: { type: 'string', format: 'binary' } } as const;

/** A JSON body (request or response) with its schema. */
export const jsonContent = (schema: ZodOpenApiSchemaObject) => ({ [mediaTypes.json]: { schema } });

/** A success response: its description and, unless it is empty (204), its content. */
export const ok = (description: string, content?: ZodOpenApiContentObject, headers?: ZodObjectInput) => ({
  description,
  ...(content ? { content } : {}),
  ...(headers ? { headers } : {}),
});
