import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { testAuthEnv } from './test-tokens';

const workspaceRoot = path.resolve(__dirname, '..', '..', '..');

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs a TypeScript entry point as a real, separate Node process (the way it runs in production),
 * collecting its JSON log so a failing test can show what the service said.
 */
export function startServiceProcess(entry: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(
    process.execPath,
    [path.join(workspaceRoot, 'tools/scripts/run-ts.cjs'), path.join(workspaceRoot, entry)],
    {
      cwd: workspaceRoot,
      // The signing secret of the tests' tokens unless the caller sets its own (see testAuthEnv).
      env: { ...process.env, LOG_LEVEL: 'info', ...testAuthEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return {
    child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until the service logs the line with which bootstrapService reports its HTTP address. */
export async function waitForHttpUrl(service: ServiceProcess, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /"httpUrl":"([^"]+)"/.exec(service.output());
    if (match) return match[1];
    if (service.child.exitCode !== null)
      throw new Error(`service exited early:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`service did not start within ${timeoutMs} ms:\n${service.output()}`);
}
