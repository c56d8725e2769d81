import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { openApiDocument } from '../../functions/http/openapi/document';
import {
  fillView,
  issuedLink,
  linkRow,
  loginResponse,
  publishedForm,
  userView,
} from '../../functions/http/openapi/response-schemas';
import packageJson from '../../package.json' with { type: 'json' };
import { errorCatalogue } from '../../shared/errors';
import { orgUnitSchema } from '../../shared/org/org-unit';
import { json, tokenOf, xiaoFu } from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
const path = '/api/v1/openapi.json';
const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** The parts of the document these tests read (the validator checks the rest). */
const documentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string(), description: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});
const schemaShape = z.looseObject({
  type: z.optional(z.string()),
  required: z.optional(z.array(z.string())),
  properties: z.optional(z.record(z.string(), z.looseObject({}))),
});
const operationSchema = z.looseObject({
  operationId: z.string(),
  summary: z.string(),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  parameters: z._default(
    z.array(z.looseObject({ name: z.string(), in: z.string(), schema: z.looseObject({}) })),
    [],
  ),
  requestBody: z.optional(
    z.looseObject({ content: z.record(z.string(), z.looseObject({ schema: z.optional(schemaShape) })) }),
  ),
  responses: z.record(
    z.string(),
    z.looseObject({
      description: z.string(),
      content: z.optional(z.record(z.string(), z.looseObject({ schema: z.optional(z.looseObject({})) }))),
    }),
  ),
});
type Operation = z.infer<typeof operationSchema>;

let served: Record<string, unknown>;
let doc: z.infer<typeof documentSchema>;
/** `METHOD /path/{param}` → the operation, for every operation of the document. */
const operations = new Map<string, Operation>();
const op = (key: string): Operation => {
  const found = operations.get(key);
  if (!found) throw new Error(`not described: ${key}`);
  return found;
};
const jsonBodyOf = (key: string) => op(key).requestBody?.content['application/json']?.schema;
const param = (key: string, name: string) => op(key).parameters.find((p) => p.name === name);

beforeAll(async () => {
  const res = await t.request(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  served = z.record(z.string(), z.unknown()).parse(await res.json());
  doc = documentSchema.parse(served);
  for (const [route, item] of Object.entries(doc.paths))
    for (const method of methods)
      if (item[method] !== undefined)
        operations.set(`${method.toUpperCase()} ${route}`, operationSchema.parse(item[method]));
});

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, by the standard validator, with every $ref resolving', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(served));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
    // The validator does reject a broken 3.1 document: a response without its description.
    const broken = { ...doc, paths: { ...doc.paths, '/x': { get: { responses: { '200': {} } } } } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('names the product in Chinese and carries the version of package.json', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.version).toBe(packageJson.version);
    expect(doc.info.title).toMatch(/[\u4e00-\u9fff]/);
    expect(doc.info.description).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is public, cacheable for a short while, and built once per process', async () => {
    const res = await t.request(path);
    expect(res.status).toBe(200);
    const maxAge = Number(res.headers.get('cache-control')?.match(/^public, max-age=(\d+)$/)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(3600);
    expect(await res.json()).toEqual(served);
    expect(openApiDocument()).toBe(openApiDocument());
  });
});

describe('coverage of the routes', () => {
  /** Every `/api/v1` route the app serves, as `METHOD /path/{param}` (middleware entries are `ALL`). */
  const servedRoutes = () =>
    new Set(
      t.stack.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    );

  it('describes every /api/v1 route the app serves', () => {
    const routes = servedRoutes();
    expect(routes.size).toBeGreaterThan(35);
    expect([...routes].filter((r) => !operations.has(r))).toEqual([]);
  });

  it('describes no route the app does not serve', () => {
    const routes = servedRoutes();
    expect([...operations.keys()].filter((o) => !routes.has(o))).toEqual([]);
  });

  it('gives each operation a unique id, a Chinese and English summary and a success response', () => {
    const ids = [...operations.values()].map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [key, o] of operations) {
      expect(o.summary, key).toMatch(/[\u4e00-\u9fff].*·.*[A-Za-z]{2}/);
      const success = Object.keys(o.responses).filter((s) => /^2\d\d$/.test(s));
      expect(success.length, key).toBeGreaterThan(0);
      for (const status of success)
        if (status !== '204') expect(Object.keys(o.responses[status]?.content ?? {}), key).not.toEqual([]);
    }
  });

  it('answers errors with the shared error body, listing their catalogue codes', () => {
    const statusOf = new Map(Object.entries(errorCatalogue).map(([code, entry]) => [code, entry.status]));
    for (const [key, o] of operations) {
      const errors = Object.entries(o.responses).filter(([s]) => /^[45]\d\d$/.test(s));
      expect(
        errors.map(([s]) => s),
        key,
      ).toContain('500');
      for (const [status, response] of errors) {
        expect(response.content?.['application/json']?.schema, key).toEqual({
          $ref: '#/components/schemas/ErrorBody',
        });
        for (const code of response.description.match(/`[a-z_]+\.[a-z_]+`/g) ?? [])
          expect(String(statusOf.get(code.slice(1, -1))), `${key} ${code}`).toBe(status);
      }
    }
    const errorBody = schemaShape.parse(doc.components.schemas.ErrorBody);
    const code = schemaShape.parse(schemaShape.parse(errorBody.properties?.error).properties?.code);
    expect(code.enum).toEqual(Object.keys(errorCatalogue));
  });
});

describe('security matches what the routes enforce', () => {
  const staff = [{ bearerAuth: [] }, { sessionCookie: [] }];
  const dummies: Record<string, string> = {
    code: xiaoFu,
    token: 'no-such-token',
    username: 'nobody',
    id: 'baseline',
    number: '341022-2023-0001',
    name: 'aggregate',
    formId: 'baseline',
    blobId: 'none',
  };

  it('staff operations need the bearer token or the cookie: 401 without; public ones need none', async () => {
    for (const [key, o] of operations) {
      const [method = '', route = ''] = key.split(' ');
      const url = route.replace(/\{(\w+)\}/g, (_, name: string) => dummies[name] ?? 'x');
      const res = await t.request(url, { method });
      if (o.security.length > 0) {
        expect(o.security, key).toEqual(staff);
        expect(res.status, key).toBe(401);
        expect((await errorOf(res)).code, key).toBe('auth.token_missing');
        expect(o.responses['401'], key).toBeDefined();
      } else {
        expect(res.status, key).not.toBe(401);
        expect(o.responses['401']?.description ?? '', key).not.toMatch(/auth\.token_missing/);
      }
    }
  });

  it('every staff write may be refused as cross-site (403 auth.csrf, the cookie’s check); reads never are', async () => {
    for (const [key, o] of operations) {
      const [method = ''] = key.split(' ');
      const refusesCsrf = /`auth\.csrf`/.test(o.responses['403']?.description ?? '');
      const staffWrite = o.security.length > 0 && !['GET', 'HEAD'].includes(method.toUpperCase());
      expect(refusesCsrf, key).toBe(staffWrite || key.toUpperCase() === 'POST /API/V1/AUTH/LOGIN');
    }
    // And the app does refuse one: the cookie, and another site as the origin.
    const admin = await t.login('admin', adminPassword);
    const res = await t.request('/api/v1/links/no-such-link/revoke', {
      method: 'POST',
      headers: { cookie: `session=${admin}`, origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('auth.csrf');
  });

  it('survey operations are public: the token in the path is their credential', () => {
    const survey = [...operations].filter(([key]) => key.includes('{token}'));
    expect(survey.length).toBeGreaterThanOrEqual(6);
    for (const [key, o] of survey) {
      expect(o.security, key).toEqual([]);
      expect(param(key, 'token'), key).toMatchObject({ in: 'path', required: true });
      expect(o.responses['410'], key).toBeDefined();
    }
    expect(op('POST /api/v1/auth/login').security).toEqual([]);
    expect(op('GET /api/v1/users').security).toEqual(staff);
  });
});

describe('schemas come from the zod schemas the routes parse with', () => {
  it('the review body: decision approve or return, comment optional', () => {
    const body = schemaShape.parse(jsonBodyOf('POST /api/v1/orgs/{code}/submissions/{id}/review'));
    expect(body.required).toEqual(['decision']);
    expect(body.properties?.decision?.enum).toEqual(['approve', 'return']);
    expect(body.properties?.comment?.maxLength).toBe(500);
  });

  it('the new account: username, password, role and scope required', () => {
    const body = schemaShape.parse(jsonBodyOf('POST /api/v1/users'));
    expect(body.required).toEqual(['username', 'password', 'role', 'scope']);
    expect(body.properties?.role?.enum).toEqual(['admin', 'county', 'township']);
    expect(body.properties?.scope?.pattern).toBe('^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$');
  });

  it('query, path and header parameters', () => {
    expect(param('GET /api/v1/orgs/{code}/submissions', 'limit')).toMatchObject({
      in: 'query',
      schema: { pattern: '^([1-9]\\d{0,2})$' },
    });
    expect(param('GET /api/v1/orgs/{code}/submissions', 'limit')?.required).toBeUndefined();
    expect(param('GET /api/v1/stats/{code}/export', 'table')).toMatchObject({
      required: true,
      schema: { enum: ['summary', 'statistics'] },
    });
    expect(param('GET /api/v1/stats/{code}/chase', 'format')?.schema.enum).toEqual(['json', 'csv', 'text']);
    expect(param('GET /api/v1/links/sheet', 'format')?.schema.enum).toEqual(['pdf', 'csv', 'xlsx']);
    expect(param('POST /api/v1/jobs/{name}', 'name')?.schema.enum).toEqual(['aggregate', 'certificates']);
    for (const key of ['POST /api/v1/fill/{token}/submissions', 'POST /api/v1/orgs/{code}/evaluations'])
      expect(param(key, 'Idempotency-Key'), key).toMatchObject({
        in: 'header',
        schema: { pattern: '^[A-Za-z0-9_-]{8,128}$' },
      });
    expect(param('PUT /api/v1/fill/{token}/draft', 'Idempotency-Key')).toBeUndefined();
  });

  it('the form language is one component, for publishing and reading a form', () => {
    const ref = { $ref: '#/components/schemas/FormDefinition' };
    expect(jsonBodyOf('POST /api/v1/forms')).toEqual(ref);
    expect(op('GET /api/v1/forms/{id}').responses['200']?.content?.['application/json']?.schema).toEqual(ref);
    const form = schemaShape.parse(doc.components.schemas.FormDefinition);
    expect(form.required).toEqual(['id', 'version', 'title', 'description', 'sections']);
  });

  it('file uploads and downloads name their media types', () => {
    expect(Object.keys(op('POST /api/v1/orgs/import').requestBody?.content ?? {})).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(Object.keys(op('GET /api/v1/certificates/{number}/pdf').responses['200']?.content ?? {})).toEqual([
      'application/pdf',
    ]);
  });
});

describe('response schemas written for the document match what the routes send', () => {
  /** Parsing strips unknown keys: equal means no field is missing, extra or of another shape. */
  const conforms = (schema: z.ZodMiniType, body: unknown) => expect(schema.parse(body)).toEqual(body);
  let admin: string;

  beforeAll(async () => {
    admin = await t.login('admin', adminPassword);
  });

  it('login, accounts and forms', async () => {
    const login = await t.request(
      '/api/v1/auth/login',
      json({ username: 'admin', password: adminPassword }, { method: 'POST' }),
    );
    conforms(loginResponse, await login.json());
    const created = await t.request(
      '/api/v1/users',
      json(
        { username: 'oa-county', password: 'county-pass-1', role: 'county', scope: '341022' },
        { method: 'POST', token: admin },
      ),
    );
    expect(created.status).toBe(201);
    conforms(userView, await created.json());
    conforms(z.array(userView), await (await t.request('/api/v1/users', { token: admin })).json());
    conforms(z.array(publishedForm), await (await t.request('/api/v1/forms')).json());
    conforms(orgUnitSchema, await (await t.request(`/api/v1/orgs/${xiaoFu}`, { token: admin })).json());
  });

  it('links and the survey view', async () => {
    const issued = await t.request(
      '/api/v1/links',
      json({ formId: 'baseline', orgCodes: [xiaoFu] }, { method: 'POST', token: admin }),
    );
    expect(issued.status).toBe(201);
    const rows = z.array(issuedLink).parse(await issued.json());
    conforms(z.array(issuedLink), rows);
    const listed = await t.request(`/api/v1/links?parentCode=${xiaoFu.slice(0, 9)}&formId=baseline`, {
      token: admin,
    });
    conforms(z.array(linkRow), await listed.json());
    const view = await t.request(`/api/v1/fill/${tokenOf(rows[0]?.url ?? '')}`);
    expect(view.status).toBe(200);
    conforms(fillView, await view.json());
  });
});
