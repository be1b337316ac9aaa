/**
 * The client side of the simulator's control channel (control.ts), for tools and tests in another
 * process: where the launcher published the channel, and a request that carries its token.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ControlFile, WaitingFile } from './launcher-config.ts';
import { WAITING_FILE } from './launcher-config.ts';

export interface ControlTarget {
  controlPort: number;
  token: string;
}

/** `<settings>/sim-control.json`, written by the launcher once the API port is up. */
export function readControlFile(settingsPath: string): ControlFile {
  return JSON.parse(readFileSync(path.join(settingsPath, 'sim-control.json'), 'utf8')) as ControlFile;
}

/** `<settings>/sim-waiting.json`: the dialog the launcher rests at, or null while it is not at rest. */
export function readWaitingFile(settingsPath: string): WaitingFile | null {
  const file = path.join(settingsPath, WAITING_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as WaitingFile) : null;
}

/** GET `what` (no body) or POST `body` as JSON to the control channel, with its token. */
export function controlRequest(target: ControlTarget, what: string, body?: unknown): Promise<Response> {
  const url = `http://127.0.0.1:${target.controlPort}/${what.replace(/^\//, '')}`;
  const headers = { authorization: `Bearer ${target.token}` };
  return body === undefined
    ? fetch(url, { headers })
    : fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
