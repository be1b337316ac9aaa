import { createInterface } from 'node:readline';
import { execa } from 'execa';
import type { LaunchSpec } from './launch.ts';

export interface ChildExit {
  code: number | null;
  signal: string | null;
}

/** What the supervisor needs of a running Gateway process; tests pass a fake. */
export interface GatewayChild {
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  onLine(listener: (line: string, stream: 'stdout' | 'stderr') => void): void;
  /** Signal the whole process tree (IBC's script, Java, and anything they started). */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type Spawner = (spec: LaunchSpec) => GatewayChild;

/**
 * execa without a shell. On POSIX the child leads its own process group (detached) so a signal to
 * `-pid` reaches IBC's script and the Java process it starts; on Windows taskkill /T does the same.
 * `cleanup: false`: whether quitting Gatehouse stops the Gateway is the user's preference, not ours.
 */
export const spawnGateway: Spawner = (spec) => {
  const posix = process.platform !== 'win32';
  const sub = execa(spec.file, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    extendEnv: true,
    detached: posix,
    cleanup: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    windowsHide: true,
  });
  const listeners: Array<(line: string, stream: 'stdout' | 'stderr') => void> = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const readable = sub[stream];
    if (!readable) continue;
    createInterface({ input: readable, crlfDelay: Infinity }).on('line', (line) => {
      for (const l of listeners) l(line, stream);
    });
  }
  const exited = sub.then(
    (r) => ({ code: r.exitCode ?? null, signal: r.signal ?? null }),
    (err: { exitCode?: number; signal?: string }) => ({ code: err.exitCode ?? null, signal: err.signal ?? null }),
  );
  return {
    pid: sub.pid,
    exited,
    onLine: (l) => listeners.push(l),
    kill: (signal) => {
      const pid = sub.pid;
      if (pid === undefined) return;
      try {
        if (posix) process.kill(-pid, signal);
        else void execa('taskkill', ['/T', '/F', '/PID', String(pid)], { reject: false, windowsHide: true });
      } catch {
        // Already gone: the group has no members left.
        try {
          sub.kill(signal);
        } catch {
          /* nothing left to kill */
        }
      }
    },
  };
};
