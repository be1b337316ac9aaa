import type { LaunchSpec } from './launch.ts';

/**
 * Stopping a Gateway started on macOS without IBC. `open -W -n -a <app>` is what we spawned, but the app
 * is launchd's child, not `open`'s: a signal to `open` ends `open` and leaves the Gateway running. So stop
 * the app itself: the Java process listening on this profile's API port gets SIGTERM (the Gateway closes
 * down on it; with `-n` several instances of one app may run, and the port says which one is ours); before
 * login there is no port yet, so ask the app to quit.
 */
export interface Command {
  file: string;
  args: string[];
}

export function isMacOpen(spec: LaunchSpec | null): spec is LaunchSpec {
  return spec !== null && spec.file === 'open' && !spec.usesIbc;
}

/** `lsof` prints the pid of whatever listens on the port, one per line. */
export function findListenerCommand(apiPort: number): Command {
  return { file: 'lsof', args: ['-nP', '-t', `-iTCP:${apiPort}`, '-sTCP:LISTEN'] };
}

export function killCommand(pid: number): Command {
  return { file: 'kill', args: ['-TERM', String(pid)] };
}

/** AppleScript's quit for the app bundle we opened (the last argument of `open`). */
export function quitAppCommand(spec: LaunchSpec): Command {
  const app = spec.args.at(-1) ?? '';
  const escaped = app.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return { file: 'osascript', args: ['-e', `tell application (POSIX file "${escaped}" as text) to quit`] };
}

export function pidsFrom(lsofOutput: string): number[] {
  return lsofOutput
    .split(/\s+/)
    .map((s) => Number(s))
    .filter((n) => Number.isInteger(n) && n > 0);
}
