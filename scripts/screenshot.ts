/**
 * Retakes docs/screenshot.png from the product itself: browser mode in demo on its own port and data
 * folder, headless Chromium, the dashboard after the wizard. `node scripts/screenshot.ts` (build the UI first).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../tests/support/browser.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-shot-'));
const server = spawn(process.execPath, ['electron/web/cli.ts', '--no-open', '--port', '5233', '--data-dir', dataDir], {
  cwd: root,
  env: { ...process.env, HOME: dataDir },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const address = await new Promise<string>((resolve) => {
  let out = '';
  server.stdout!.on('data', (d: Buffer) => {
    out += String(d);
    const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\s*$/m.exec(out);
    if (m) resolve(m[1]!);
  });
});
const exe = chromiumExecutable();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, colorScheme: 'dark' });
  await page.goto(address);
  await page.getByRole('button', { name: /Try demo mode \(no IB account\)|Continue with demo mode/ }).click();
  await page.getByTestId('status-pill').and(page.locator('[data-level="connected"]')).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Go to the dashboard' }).click();
  await page.getByTestId('position-row-SPY').waitFor({ timeout: 30_000 });
  // Let the notices fade and a few price ticks move the P&L.
  await page.waitForTimeout(5000);
  await page.screenshot({ path: path.join(root, 'docs', 'screenshot.png') });
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
