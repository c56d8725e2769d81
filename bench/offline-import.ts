import { pathToFileURL } from 'node:url';
import { type ChildOptions, runNodeScript } from './harness';

export interface OfflineImport {
  /** Network calls the bundle tried while being imported (blocked, so none went out). */
  attempts: string[];
  handlerType: string;
}

/**
 * Child script: blocks and records socket connects, DNS lookups and fetch, imports the
 * bundle, waits briefly so deferred work (timers, promise chains) is caught too, then
 * proves the tripwire fires on a deliberate connect and lookup, so "no attempts" means
 * the import really stayed offline rather than that the patch missed.
 */
const childScript = (url: string) => `import dns from 'node:dns';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const attempts = [];
const blocked = (what) => {
  attempts.push(what);
  return new Error('network blocked by bench: ' + what);
};
net.Socket.prototype.connect = function (...args) {
  const o = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  throw blocked('connect ' + (o.path ?? (o.host ?? o.hostname ?? 'localhost') + ':' + o.port));
};
dns.lookup = (host, ...rest) => {
  const cb = rest.at(-1);
  const err = blocked('dns.lookup ' + host);
  if (typeof cb === 'function') process.nextTick(cb, err);
};
dns.promises.lookup = async (host) => {
  throw blocked('dns.promises.lookup ' + host);
};
globalThis.fetch = async (input) => {
  throw blocked('fetch ' + String(input));
};
// Named ESM imports of builtins are snapshots; re-sync so the bundle sees the patches too.
syncBuiltinESMExports();

let handlerType = 'missing';
let importError;
try {
  const mod = await import(${JSON.stringify(url)});
  handlerType = typeof mod.handler;
} catch (err) {
  importError = String(err && err.stack || err);
}
await new Promise((resolve) => setTimeout(resolve, 300));
const seen = attempts.length;

try {
  http.get('http://127.0.0.1:9/').on('error', () => {});
} catch {}
await dns.promises.lookup('tripwire.invalid').catch(() => {});
const tripwireWorks = attempts.length >= seen + 2;

process.stdout.write(JSON.stringify({ attempts: attempts.slice(0, seen), handlerType, importError, tripwireWorks }) + '\\n');
process.exit(0);
`;

interface ChildReport extends OfflineImport {
  importError?: string;
  tripwireWorks: boolean;
}

/** Imports `bundle` in a fresh node process with the network blocked and reports what it tried. */
export async function importOffline(bundle: string, options: ChildOptions): Promise<OfflineImport> {
  const { stdout, stderr } = await runNodeScript(childScript(pathToFileURL(bundle).href), options);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let report: ChildReport;
  try {
    report = JSON.parse(last) as ChildReport;
  } catch {
    throw new Error(`offline import check printed no report (stdout: ${stdout}, stderr: ${stderr})`);
  }
  if (!report.tripwireWorks) throw new Error('network tripwire did not fire on a deliberate connect');
  if (report.importError !== undefined) {
    // A connect made synchronously during import throws from the tripwire; name it plainly.
    const tried = report.attempts.length > 0 ? ` (network attempts: ${report.attempts.join('; ')})` : '';
    throw new Error(`importing ${bundle} failed${tried}: ${report.importError.split('\n')[0]}`);
  }
  return { attempts: report.attempts, handlerType: report.handlerType };
}
