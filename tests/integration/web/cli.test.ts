import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOKEN_FILE } from '../../../electron/web/token.ts';
import { tempDir as freshDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';

/** The browser-mode command line as a user runs it: a real process, its real output, a fake browser. */
const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'electron/web/cli.ts');
const running: ChildProcess[] = [];

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((r) => child.once('exit', r));
    // Each run is its own process group: npm start's npm and shell go with it.
    process.kill(-child.pid!, 'SIGTERM');
    await gone;
  }
});

function tempDir(what: string) {
  return freshDir(`gh-cli-${what}-`);
}

/** A stand-in for xdg-open that writes down the address it was asked to open. */
function fakeOpener(dir: string): { command: string; opened(): string | null } {
  const log = path.join(dir, 'opened.txt');
  const command = path.join(dir, 'fake-open.sh');
  writeFileSync(command, `#!/bin/sh\nprintf '%s' "$1" > '${log}'\n`);
  chmodSync(command, 0o755);
  return { command, opened: () => (existsSync(log) ? readFileSync(log, 'utf8') : null) };
}

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function start(cmd: string, args: string[], env: Record<string, string> = {}): Run {
  const home = tempDir('home');
  const child = spawn(cmd, args, {
    cwd: root,
    detached: true,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  return { child, out: () => out, err: () => err, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
}

/** The first value `get` gives, awaited with the one `until` (a start under load takes seconds). */
async function valueOf<T>(get: () => T | null | undefined, what: string): Promise<T> {
  let value: T | null | undefined;
  await until(() => Boolean((value = get())), { what, timeout: 45_000, interval: 50 });
  return value as T;
}

const URL_LINE = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\s*$/m;

/** The address once the run is up, checking that it is the last thing printed. */
async function printedAddress(run: Run): Promise<string> {
  const url = await valueOf(() => URL_LINE.exec(run.out())?.[1], `the address in ${JSON.stringify(run.out() + run.err())}`);
  const lines = run.out().trimEnd().split('\n');
  expect(lines[lines.length - 1]!.trim()).toBe(url);
  return url;
}

async function stop(run: Run) {
  process.kill(-run.child.pid!, 'SIGTERM');
  await run.exited;
}

/** Whether any process of the run's group (npm, its shell, the server) is still alive. */
function groupAlive(run: Run): boolean {
  try {
    process.kill(-run.child.pid!, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

describe('browser-mode command line', () => {
  it.each([
    [['--bogus'], /^Unknown option '--bogus'\. Usage: npm run start:web -- \[--port N\]/],
    [['--port', 'eighty'], /^--port needs a number from 0 to 65535, not "eighty"\. Usage:/],
    [['--port'], /^Option '--port <value>' argument missing\. Usage:/],
    [['stray'], /^Unexpected argument 'stray'\. Usage:/],
  ])('answers %j with one line of help and no stack trace', async (args, message) => {
    const run = start(process.execPath, [cli, ...args]);
    expect(await run.exited).toBe(2);
    const lines = run.err().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.err()).not.toMatch(/\bat .*\(|node:internal|TypeError/);
    expect(run.out()).toBe('');
  });

  it('accepts --no-open: prints the address last and opens nothing', async () => {
    const dir = tempDir('noopen');
    const opener = fakeOpener(dir);
    const run = start(process.execPath, [cli, '--no-open', '--port', '0', '--data-dir', path.join(dir, 'data')], { GATEHOUSE_OPENER: opener.command });
    const url = await printedAddress(run);
    expect(run.out()).toContain('Open this address in your browser:');
    // This run serves the real dist/renderer; without it the page is the "not built yet" answer below.
    const page = await fetch(url);
    const said = JSON.stringify(await page.text());
    const hint = `this test needs the built renderer, run npm run build:renderer first; the page said ${said}`;
    expect(page.status, hint).toBe(200);
    expect(opener.opened()).toBeNull();
    await stop(run);
  });

  it('says how to build the pages when they were never built, instead of a bare "Not found"', async () => {
    const dir = tempDir('unbuilt');
    const run = start(process.execPath, [cli, '--no-open', '--port', '0', '--data-dir', path.join(dir, 'data')], {
      GATEHOUSE_RENDERER_DIR: path.join(dir, 'empty-renderer'),
    });
    const url = await printedAddress(run);
    for (const address of [url, new URL('/index.html', url).href, new URL('/positions', url).href]) {
      const page = await fetch(address);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toMatch(/run <code>npm run build:renderer<\/code> \(npm start does it for you\)/);
    }
    await stop(run);
  });

  it('keeps one token per data folder in a 0600 file, so a bookmarked address survives a restart; --rotate-token replaces it', async () => {
    const dir = tempDir('token');
    const data = path.join(dir, 'data');
    const first = start(process.execPath, [cli, '--no-open', '--port', '0', '--data-dir', data]);
    const token1 = new URL(await printedAddress(first)).searchParams.get('token');
    await stop(first);
    expect(statSync(path.join(data, TOKEN_FILE)).mode & 0o777).toBe(0o600);

    const second = start(process.execPath, [cli, '--no-open', '--port', '0', '--data-dir', data]);
    const url2 = new URL(await printedAddress(second));
    expect(url2.searchParams.get('token')).toBe(token1);
    expect((await fetch(`http://${url2.host}/bridge?token=${token1}`)).status).toBe(204);
    await stop(second);

    const third = start(process.execPath, [cli, '--no-open', '--rotate-token', '--port', '0', '--data-dir', data]);
    const url3 = new URL(await printedAddress(third));
    expect(third.out()).toContain('New access token: addresses printed before no longer work.');
    expect(url3.searchParams.get('token')).not.toBe(token1);
    // The old bookmark is refused, and the page can tell (see web-transport's "earlier run").
    expect((await fetch(`http://${url3.host}/bridge?token=${token1}`)).status).toBe(401);
    expect(statSync(path.join(data, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    await stop(third);
  });

  it('npm start opens the printed address in the default browser (a fake opener here)', async () => {
    const dir = tempDir('npmstart');
    const opener = fakeOpener(dir);
    const run = start(
      process.execPath,
      [path.join(root, 'scripts/start.ts'), '--port', '0', '--data-dir', path.join(dir, 'data')],
      // This machine may have Electron; the browser path is the one under test.
      { GATEHOUSE_OPENER: opener.command, GATEHOUSE_FORCE_BROWSER: '1' },
    );
    const url = await printedAddress(run);
    expect(await valueOf(() => opener.opened(), 'the opener to run')).toBe(url);
    // The address is set apart from the build output above it.
    const tail = run.out().slice(0, run.out().lastIndexOf(url));
    expect(tail).toMatch(/built in [\d.]+\s*m?s[\s\S]*\n─{20,}\n[\s\S]*Opened it in your default browser/);
    // Ctrl+C: npm start returns only once the server under it has closed and written its data, so the
    // prompt never comes back while Gatehouse is still writing (CI once found the data folder re-created
    // after the test had removed it).
    await stop(run);
    expect(groupAlive(run)).toBe(false);
  }, 90_000);

  it('npm start refuses a bad option with one line before building anything', async () => {
    const run = start(process.execPath, [path.join(root, 'scripts/start.ts'), '--nope']);
    expect(await run.exited).toBe(2);
    expect(run.err().trimEnd().split('\n')).toEqual([expect.stringMatching(/^Unknown option '--nope'\. Usage: npm start -- /)]);
    expect(run.out()).toBe('');
  });
});
