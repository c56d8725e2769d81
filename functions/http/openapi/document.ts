import { createDocument, type oas31 } from 'zod-openapi';
import packageJson from '../../../package.json' with { type: 'json' };
import { errorCatalogue } from '../../../shared/errors';
import { formDefinitionSchema } from '../../../shared/forms/meta-schema';
import { errorBodySchema, securitySchemes } from './components';
import { accountPaths } from './paths-accounts';
import { orgPaths } from './paths-orgs';
import { statsPaths } from './paths-stats';
import { surveyPaths } from './paths-survey';
import { villagePaths } from './paths-villages';

const description = `城乡社区老年协会规范化建设：村（居）通过填报链接填报，乡镇审核验收，定时任务按年度目标统计达标率并发放达标证书，县级查询汇总。

- 工作人员接口：先 \`POST /api/v1/auth/login\`，之后带 \`Authorization: Bearer <token>\` 或登录时设置的 \`session\` Cookie；每个账号只能访问本辖区。
- 填报接口（\`/api/v1/fill/{token}\`）：路径中的链接令牌即凭证，无需登录。
- 出错时返回 \`{"error": {"code", "message", "details?"}}\`；\`message\` 为中文，5xx 不含内部细节。`;

/**
 * Builds the OpenAPI 3.1 document of every `/api/v1` route from the zod schemas the
 * routes parse with. Responses describe what is sent today; clients should accept fields
 * added later, so `additionalProperties: false` is kept for requests only.
 */
function buildDocument(): oas31.OpenAPIObject {
  return withCookieWriteRefusal(buildPaths());
}

const writeMethods = ['post', 'put', 'patch', 'delete'] as const;

/**
 * Every signed-in write may be refused as coming from another site when the session
 * cookie signs it (`checkCookieWrite`: 403 `auth.csrf`). Said here, once, for each
 * operation that answers the session's 401s, rather than in every path.
 */
function withCookieWriteRefusal(doc: oas31.OpenAPIObject): oas31.OpenAPIObject {
  const line = `\`auth.csrf\`：${errorCatalogue['auth.csrf'].message}（以 Cookie 登录时，请求须来自本站）`;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of writeMethods) {
      const responses = item[method]?.responses as Record<string, oas31.ResponseObject> | undefined;
      const signedIn = responses?.['401'];
      if (!responses || !signedIn?.description.includes('`auth.token_missing`')) continue;
      const refused = responses['403'];
      responses['403'] = refused
        ? { ...refused, description: `${refused.description}；${line}` }
        : { ...signedIn, description: `Forbidden — ${line}` };
    }
  }
  return doc;
}

function buildPaths(): oas31.OpenAPIObject {
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: '城乡社区老年协会规范化建设 API', version: packageJson.version, description },
      paths: { ...accountPaths, ...orgPaths, ...villagePaths, ...surveyPaths, ...statsPaths },
      components: {
        securitySchemes,
        schemas: { ErrorBody: errorBodySchema, FormDefinition: formDefinitionSchema },
      },
    },
    {
      // Draft answers are "any JSON object", checked by a predicate zod cannot render.
      allowEmptySchema: { custom: true },
      override: ({ jsonSchema, zodSchema, io }) => {
        if (zodSchema._zod.def.type === 'custom') jsonSchema.type = 'object';
        if (io === 'output' && jsonSchema.additionalProperties === false)
          delete jsonSchema.additionalProperties;
        // The format says it; zod's long regex and the safe-integer bounds only add noise.
        if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      },
    },
  );
}

let document: oas31.OpenAPIObject | undefined;
let text: string | undefined;

/** The document, built once per process. */
export function openApiDocument(): oas31.OpenAPIObject {
  document ??= buildDocument();
  return document;
}

/** The document as served: serialized once per process too. */
export function openApiJson(): string {
  text ??= JSON.stringify(openApiDocument());
  return text;
}
