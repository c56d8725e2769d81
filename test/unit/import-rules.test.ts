import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layer rules of shared/README.md and ARCHITECTURE.md ("Layout"), checked over the source
// text. TypeScript 7 ships no stable compiler API, so a small lexer finds the imports.

/** Module ids (repo paths without extension): an entry ending in `/` is a folder. */
const PURE_DOMAIN = [
  'shared/forms/',
  'shared/org/',
  'shared/programme/',
  'shared/auth/',
  'shared/certificates/',
  'shared/links/',
  'shared/submissions/',
  'shared/lib/',
  'shared/store/keys',
  'shared/store/table',
  'shared/errors',
  'shared/validation',
];
const USE_CASES = ['shared/app/'];
/** What infra/ may import from shared/: the table, and the schedule list with its cron fields. */
const INFRA_MAY_IMPORT = ['shared/store/table', 'shared/app/jobs/job-registry', 'shared/app/jobs/job-cron'];
/** The only places that may read `process.env`; shared/config.ts parses what they pass in. */
const ENV_READERS = ['shared/config', 'functions/', 'bin/', 'infra/', 'bench/', 'test/'];
const SCANNED_FOLDERS = ['shared', 'functions', 'infra', 'bin'];

/** SDKs, HTTP and handler frameworks, embedded servers: adapters and entry points only. */
const SDK_PACKAGES = ['@aws-sdk/*', '@smithy/*', 'hono', '@hono/*', '@middy/*', 'aws-lambda', 'dynalite'];
const IO_BUILTINS = ['fs', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'tls'];
/** From shared/store/ a pure module may use the keys and the table, and the ports as types. */
const PURE_STORE_MODULES = ['shared/store/keys', 'shared/store/table'];
const PURE_FORBIDDEN_MODULES = [
  'shared/blobs/local-blob-store',
  'shared/blobs/s3-blob-store',
  'shared/secrets/',
  'shared/app/',
];

const RULE = {
  sharedUp: 'shared/ imports nothing from functions/, infra/, bin/',
  functionsUp: 'functions/ imports nothing from bin/, infra/',
  binInfra: 'bin/ imports nothing from infra/',
  infraShape: `infra/ imports nothing from functions/, bin/ and from shared/ only ${INFRA_MAY_IMPORT.join(', ')}`,
  pureSdk: 'pure domain: no SDKs, Hono, middy or dynalite',
  pureIo: 'pure domain: no I/O modules',
  pureStore: 'pure domain: from shared/store/ only keys, table and type-only ports',
  pureAdapters: 'pure domain: no blob adapters, secrets or use cases',
  useCaseSdk: 'use cases take ports: no SDKs, Hono, middy or dynalite',
  env: 'process.env only in shared/config.ts and entry points',
} as const;

/** Is the module id (or repo path) `id` one of `entries`, or inside one of their folders? */
function isIn(id: string, entries: readonly string[]): boolean {
  return entries.some((e) => (e.endsWith('/') ? id.startsWith(e) : id === e));
}

function moduleId(path: string): string {
  return path.replace(/(?:\.d)?\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
}

/** Does the bare specifier name one of `packages` (`@scope/*` matches the whole scope)? */
function isPackage(spec: string, packages: readonly string[]): boolean {
  const name = spec.replace(/^node:/, '');
  return packages.some((p) =>
    p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p || name.startsWith(`${p}/`),
  );
}

/** The end of the string, template or regex literal opening at `start`. */
function literalEnd(s: string, start: number): number {
  const quote = s.charAt(start);
  let inClass = false;
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\') i++;
    // A quote or slash still open at the line end was no literal (JSX text, a division).
    else if (c === '\n' && quote !== '`') return i;
    else if (quote === '`' && c === '$' && s.charAt(i + 1) === '{') i = expressionEnd(s, i + 2) - 1;
    else if (quote !== '/' && c === quote) return i + 1;
    else if (quote === '/' && c === '[') inClass = true;
    else if (quote === '/' && c === ']') inClass = false;
    else if (quote === '/' && c === '/' && !inClass) {
      let j = i + 1;
      while (/[a-z]/i.test(s.charAt(j))) j++;
      return j;
    }
  }
  return s.length;
}

/** The end of a template's `${…}` expression starting at `start`. */
function expressionEnd(s: string, start: number): number {
  let depth = 1;
  for (let i = start; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '"' || c === "'" || c === '`') i = literalEnd(s, i) - 1;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return s.length;
}

/** After these words (or at the start, or after a punctuator) a `/` opens a regex, not a division. */
const REGEX_AFTER_WORDS = new Set(
  'return typeof case do else in of new delete void throw instanceof yield await'.split(' '),
);
const regexMayStart = (prev: string) =>
  prev === '' || REGEX_AFTER_WORDS.has(prev) || (prev.length === 1 && '(,=:[!&|?{};+-*%<>~^'.includes(prev));

/**
 * `code` is the source with comments blanked; `skeleton` also blanks the insides of
 * literals. Offsets and line breaks are kept, so a match in `code` is real code when its
 * keyword is still in `skeleton` (an `import` in a comment or a string is no import).
 */
function scan(source: string): { code: string; skeleton: string } {
  const code = source.split('');
  const skeleton = source.split('');
  const blank = (chars: string[], from: number, to: number) => {
    for (let k = from; k < to; k++) if (chars[k] !== '\n') chars[k] = ' ';
  };
  let prev = '';
  for (let i = 0; i < source.length; ) {
    const c = source.charAt(i);
    const d = source.charAt(i + 1);
    let end = i + 1;
    if (c === '/' && (d === '/' || d === '*')) {
      const close = d === '/' ? source.indexOf('\n', i) : source.indexOf('*/', i + 2);
      end = close === -1 ? source.length : d === '/' ? close : close + 2;
      blank(code, i, end);
      blank(skeleton, i, end);
    } else if (c === '"' || c === "'" || c === '`' || (c === '/' && regexMayStart(prev))) {
      end = literalEnd(source, i);
      blank(skeleton, i + 1, end);
      prev = 'literal';
    } else if (/[\w$]/.test(c)) {
      while (/[\w$]/.test(source.charAt(end))) end++;
      prev = source.slice(i, end);
    } else if (!/\s/.test(c)) prev = c;
    i = end;
  }
  return { code: code.join(''), skeleton: skeleton.join('') };
}

type ImportRef = { spec: string; index: number; typeOnly: boolean };

const STATIC_IMPORT = /\b(import|export)\s+(type\s+)?(?:[\w$*\s,{}]*?\s*\bfrom\s*)?(['"])([^'"\n]+)\3/g;
const DYNAMIC_IMPORT = /\b(import|require)\s*\(\s*(['"`])([^'"`\n]+)\2\s*\)/g;
const ENV_ACCESS =
  /\bprocess\s*(?:\?\.|\.)\s*env\b|\bprocess\s*\[\s*['"`]env['"`]\s*\]|\{[^}]*\benv\b[^}]*\}\s*(?:=\s*process\b|from\s*['"](?:node:)?process['"])/g;

function findImports(code: string, skeleton: string): ImportRef[] {
  const found: ImportRef[] = [];
  for (const m of code.matchAll(STATIC_IMPORT)) {
    if (skeleton.startsWith(m[1] ?? '', m.index)) {
      found.push({ spec: m[4] ?? '', index: m.index, typeOnly: m[2] !== undefined });
    }
  }
  for (const m of code.matchAll(DYNAMIC_IMPORT)) {
    if (skeleton.startsWith(m[1] ?? '', m.index))
      found.push({ spec: m[3] ?? '', index: m.index, typeOnly: false });
  }
  return found;
}

/** The rules one import from `file` breaks; `target` is the repo module id, or null for a package. */
function brokenRules(file: string, ref: ImportRef, target: string | null): string[] {
  const broken: string[] = [];
  const pkg = (list: readonly string[]) => target === null && isPackage(ref.spec, list);
  const to = (list: readonly string[]) => target !== null && isIn(target, list);
  if (file.startsWith('shared/') && to(['functions/', 'infra/', 'bin/'])) broken.push(RULE.sharedUp);
  if (file.startsWith('functions/') && to(['bin/', 'infra/'])) broken.push(RULE.functionsUp);
  if (file.startsWith('bin/') && to(['infra/'])) broken.push(RULE.binInfra);
  const outsideInfraShape = to(['functions/', 'bin/']) || (to(['shared/']) && !to(INFRA_MAY_IMPORT));
  if (file.startsWith('infra/') && outsideInfraShape) broken.push(RULE.infraShape);
  if (isIn(moduleId(file), PURE_DOMAIN)) {
    if (pkg(SDK_PACKAGES)) broken.push(RULE.pureSdk);
    if (pkg(IO_BUILTINS)) broken.push(RULE.pureIo);
    const typeOnlyPorts = ref.typeOnly && target === 'shared/store/ports';
    if (to(['shared/store/']) && !to(PURE_STORE_MODULES) && !typeOnlyPorts) broken.push(RULE.pureStore);
    if (to(PURE_FORBIDDEN_MODULES)) broken.push(RULE.pureAdapters);
  }
  if (isIn(moduleId(file), USE_CASES) && pkg(SDK_PACKAGES)) broken.push(RULE.useCaseSdk);
  return broken;
}

const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

/**
 * Checks the layer rules over `files` (repo path → source) and returns every violation as
 * `file:line → import (rule)`, sorted; an empty list means the layering holds.
 */
function checkImportRules(files: Readonly<Record<string, string>>): string[] {
  const violations: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    const { code, skeleton } = scan(source);
    for (const ref of findImports(code, skeleton)) {
      const target = ref.spec.startsWith('.')
        ? moduleId(posix.normalize(posix.join(posix.dirname(file), ref.spec)))
        : null;
      for (const rule of brokenRules(file, ref, target)) {
        violations.push(`${file}:${lineOf(source, ref.index)} → ${ref.spec} (${rule})`);
      }
    }
    if (!isIn(moduleId(file), ENV_READERS)) {
      for (const m of code.matchAll(ENV_ACCESS)) {
        violations.push(`${file}:${lineOf(source, m.index)} → ${m[0].replace(/\s+/g, ' ')} (${RULE.env})`);
      }
    }
  }
  return violations.sort();
}

function readSources(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of SCANNED_FOLDERS) {
    for (const entry of readdirSync(posix.join(root, folder), { recursive: true, encoding: 'utf8' })) {
      const path = posix.join(folder, entry.replaceAll('\\', '/'));
      if (/\.tsx?$/.test(path) && !path.includes('node_modules/')) {
        files[path] = readFileSync(posix.join(root, path), 'utf8');
      }
    }
  }
  return files;
}

describe('import rules', () => {
  it('hold over shared/, functions/, infra/ and bin/', () => {
    const files = readSources(fileURLToPath(new URL('../../', import.meta.url)));
    // Guard against a vacuous pass: the walk must have found the tree.
    const expected = ['shared/config.ts', 'shared/forms/scoring.ts', 'functions/compose.ts', 'bin/start.ts'];
    expect(Object.keys(files)).toEqual(expect.arrayContaining([...expected, 'infra/constructs/table.ts']));
    expect(checkImportRules(files)).toEqual([]);
  });

  it('report each broken rule, and only real imports', () => {
    expect(checkImportRules({ 'shared/forms/x.ts': "import { Hono } from 'hono';" })).toEqual([
      `shared/forms/x.ts:1 → hono (${RULE.pureSdk})`,
    ]);
    expect(checkImportRules({ 'shared/app/y.ts': "import '../../bin/cli';" })).toEqual([
      `shared/app/y.ts:1 → ../../bin/cli (${RULE.sharedUp})`,
    ]);
    const bad = {
      'shared/org/a.ts': [
        "import { readFile } from 'node:fs/promises';",
        "import {\n  DynamoDBClient,\n} from '@aws-sdk/client-dynamodb';",
        "export { put } from '../store/dynamo';",
        "import { ports } from '../store/ports';",
        "const s3 = await import('../blobs/s3-blob-store');",
        'export const region = process.env.AWS_REGION;',
      ].join('\n'),
      'shared/app/fill/b.ts': "import type { Context } from 'hono';\nconst { env } = process;",
      'shared/lib/c.ts': "import { secret } from '../secrets/signing-secret';",
      'infra/constructs/d.ts':
        "import { compose } from '../../functions/compose';\nimport '../../shared/errors';",
      'functions/e.ts': "import { runCli } from '../bin/cli';",
    };
    expect(checkImportRules(bad)).toEqual([
      `functions/e.ts:1 → ../bin/cli (${RULE.functionsUp})`,
      `infra/constructs/d.ts:1 → ../../functions/compose (${RULE.infraShape})`,
      `infra/constructs/d.ts:2 → ../../shared/errors (${RULE.infraShape})`,
      `shared/app/fill/b.ts:1 → hono (${RULE.useCaseSdk})`,
      `shared/app/fill/b.ts:2 → { env } = process (${RULE.env})`,
      `shared/lib/c.ts:1 → ../secrets/signing-secret (${RULE.pureAdapters})`,
      `shared/org/a.ts:1 → node:fs/promises (${RULE.pureIo})`,
      `shared/org/a.ts:2 → @aws-sdk/client-dynamodb (${RULE.pureSdk})`,
      `shared/org/a.ts:5 → ../store/dynamo (${RULE.pureStore})`,
      `shared/org/a.ts:6 → ../store/ports (${RULE.pureStore})`,
      `shared/org/a.ts:7 → ../blobs/s3-blob-store (${RULE.pureAdapters})`,
      `shared/org/a.ts:8 → process.env (${RULE.env})`,
    ]);
  });

  it('allow what the layers permit, and ignore comments and strings', () => {
    const good = {
      'shared/forms/x.ts': [
        "import type { Store } from '../store/ports';",
        "import { orgKeys } from '../store/keys';",
        "import { randomBytes } from 'node:crypto';",
        "// import { Hono } from 'hono'; and process.env in a comment",
        "/* import '../../bin/cli'; */",
        'const text = "import { Hono } from \'hono\'";',
        "const re = /import('hono')/;",
        `const t = \`import('../../bin/cli') \${x}\`;`,
      ].join('\n'),
      'shared/app/fill/y.ts': "import type { BlobStore } from '../../blobs/blob-store';",
      'shared/store/dynamo.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'shared/config.ts': 'export const parse = () => parseConfig(process.env);',
      'infra/constructs/table.ts': "import { tableDefinition } from '../../shared/store/table';",
      'bin/start.ts': "import { compose } from '../functions/compose';\nprocess.env.X ??= '1';",
    };
    expect(checkImportRules(good)).toEqual([]);
  });
});
