/**
 * A browser-mode Gatehouse of a spec's own, for the e2e specs that must not disturb the config's shared
 * servers: its own port, its own data folder and a HOME without a Gateway, so it starts in demo mode.
 */
import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DemoServer {
  readonly port: number;
  readonly token: string;
  /** The folder holding `data/` (Gatehouse's data folder) and `home/`. */
  readonly dir: string;
  /** The page's address, token included. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Stops the server (if it still runs) and removes its folder. */
  stop(): Promise<void>;
}

export async function startDemoServer(port: number, name: string): Promise<DemoServer> {
  const token = `${name}-${Math.random().toString(36).slice(2)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), `gatehouse-${name}-`));
  const child = spawn(process.execPath, ['electron/web/cli.ts', '--port', String(port), '--token', token, '--data-dir', path.join(dir, 'data'), '--no-open'], {
    env: { ...process.env, HOME: path.join(dir, 'home') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return {
    port,
    token,
    dir,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the page and, on this server's first run, walks the wizard into demo mode (`onWizard` runs while
 * the wizard shows). Ends with the frame on screen; each spec goes on from there.
 */
export async function enterDemo(page: Page, server: DemoServer, onWizard?: () => Promise<void>): Promise<void> {
  await page.goto(server.url);
  // The wizard on a first run; otherwise the screen left open last time (Gatehouse reopens it).
  await expect(page.getByTestId('wizard').or(page.getByRole('navigation', { name: 'Screens' }))).toBeVisible({ timeout: 30_000 });
  if (await page.getByTestId('wizard').isVisible()) {
    await onWizard?.();
    await page.getByRole('button', { name: /Try demo mode|Continue with demo mode/ }).click();
    await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'connected', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Go to the dashboard' }).click();
  }
}

/** The dashboard with the account in: a click, not Ctrl+1 (right after a load the shortcut listener may not be attached yet). */
export async function openDesk(page: Page, server: DemoServer, onWizard?: () => Promise<void>): Promise<void> {
  await enterDemo(page, server, onWizard);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('net-liq')).toHaveText(/^\$[\d,]+\.\d\d$/, { timeout: 30_000 });
}

/**
 * The Orders screen's ticket filled with a bracket that rests: BUY 10 AAPL at 1.00 (far below the demo market,
 * so the entry waits and its exits wait for it), take-profit 2.00, stop-loss 0.50. It waits for the live quote
 * first, as a trader would, so a preview never races the first price.
 */
export async function fillRestingBracket(page: Page): Promise<void> {
  await page.getByLabel('Symbol', { exact: true }).fill('AAPL');
  await page.getByLabel('Quantity').click();
  await expect(page.getByTestId('quote-line')).toContainText('Bid', { timeout: 30_000 });
  await page.getByLabel('Quantity').fill('10');
  await page.getByLabel('Order type').selectOption('LMT');
  await page.getByLabel('Limit price').fill('1.00');
  await page.getByLabel('Attached orders').selectOption('bracket');
  await page.getByLabel('Take-profit (SELL limit)').fill('2.00');
  await page.getByLabel('Stop-loss (SELL stop)').fill('0.50');
}

/**
 * One command to the server's core over its bridge (the page's own WebSocket protocol, web-transport.ts), for
 * preparing what the UI has no control for in demo mode (the demo wizard has no API step, so no Read-only API
 * toggle). Throws core's error text when the command fails.
 */
export async function invokeCore(server: DemoServer, command: string, input?: unknown): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${encodeURIComponent(server.token)}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`bridge to 127.0.0.1:${server.port} did not open`));
    });
    const answer = new Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>((resolve) => {
      ws.onmessage = (ev) => {
        const frame = JSON.parse(String(ev.data)) as { type: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
        if (frame.type === 'result' && frame.id === 1 && frame.result) resolve(frame.result);
      };
    });
    ws.send(JSON.stringify({ type: 'invoke', id: 1, command, input }));
    const r = await answer;
    if (!r.ok) throw new Error(`${command}: ${r.error?.code} ${r.error?.message}`);
    return r.value;
  } finally {
    ws.close();
  }
}
