import { type ChildProcess, spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export interface LocalProcess {
  child: ChildProcess;
  /** `http://localhost:{port}` as printed on start. */
  base: string;
  output(): string;
  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `npm start`'s script (bin/start.ts) as a real process on a free port with `env`
 * and waits for its printed home URL; rejects with everything it printed when it does
 * not come up within `timeoutMs`.
 */
export async function startLocalProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<LocalProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', JOBS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
  });
  const started = Date.now();
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = output.match(/首页\s+(http:\/\/localhost:\d+)\//);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      } else if (Date.now() - started > timeoutMs || child.exitCode !== null || child.signalCode !== null) {
        clearInterval(timer);
        child.kill('SIGKILL');
        reject(new Error(`bin/start.ts did not come up:\n${output}`));
      }
    }, 25);
  });
  return {
    child,
    base,
    output: () => output,
    stop: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
