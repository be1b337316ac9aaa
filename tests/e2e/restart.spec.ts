import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Gatehouse restarted under an open tab: its own browser-mode server (port clear of the fixed 5198/5199),
 * the same data folder both times, the token that folder keeps.
 */
const PORT = 5231;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-restart-'));
const home = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-restart-home-'));
let server: ChildProcess | null = null;

async function startServer(): Promise<string> {
  const child = spawn(process.execPath, ['electron/web/cli.ts', '--no-open', '--port', String(PORT), '--data-dir', dataDir], {
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

async function stopServer() {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

test.afterAll(async () => {
  await stopServer();
  // The server is gone, so nothing writes here any more: leave nothing in $TMPDIR.
  for (const dir of [dataDir, home]) rmSync(dir, { recursive: true, force: true });
});

async function demoWithPositions(page: Page) {
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'connected', { timeout: 60_000 });
  await expect(page.getByTestId('position-row-AAPL')).toBeVisible({ timeout: 30_000 });
}

test('after a restart the same tab and the bookmarked address recover, and demo starts again with its positions', async ({ page, context }) => {
  test.setTimeout(180_000);
  const address = await startServer();
  await page.goto(address);
  // First run: demo was set up and started by itself; walk the wizard to the dashboard.
  await page.getByRole('button', { name: /Try demo mode \(no IB account\)|Continue with demo mode/ }).click();
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'connected', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Go to the dashboard' }).click();
  await demoWithPositions(page);

  await stopServer();
  await expect(page.getByTestId('status-pill')).toHaveText('No connection to Gatehouse core — reconnecting…', { timeout: 15_000 });

  // Same data folder: same token, so the printed address is the bookmarked one.
  expect(await startServer()).toBe(address);
  await demoWithPositions(page);
  await expect(page.getByText(/bad credentials/i)).toHaveCount(0);

  const bookmarked = await context.newPage();
  await bookmarked.goto(address);
  await expect(bookmarked.getByTestId('wizard')).toHaveCount(0);
  await demoWithPositions(bookmarked);
});
