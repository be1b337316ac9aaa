import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every screen, in both themes, through axe: a trader reads this UI for hours, often on a dim screen,
 * and paper vs live must be legible to everyone. Runs its own browser-mode server (own port, own data
 * folder, HOME without a Gateway → demo) so it never disturbs the walks that expect a first run.
 */
const PORT = 5193;
const TOKEN = 'a11y-' + Math.random().toString(36).slice(2);
let server: ChildProcess | null = null;
let dir = '';

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-a11y-'));
  server = spawn(process.execPath, ['electron/web/cli.ts', '--port', String(PORT), '--token', TOKEN, '--data-dir', path.join(dir, 'data')], {
    env: { ...process.env, HOME: path.join(dir, 'home') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes(`127.0.0.1:${PORT}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
}

const SCREENS = [
  ['Dashboard', '1'],
  ['Orders', '2'],
  ['Risk', '3'],
  ['Gateway', '4'],
  ['Diagnostics', '5'],
  ['Settings', '6'],
] as const;

test('every screen has no serious axe violation in either theme', async ({ page }) => {
  test.setTimeout(180_000);
  const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
  await page.goto(`http://127.0.0.1:${PORT}/?token=${TOKEN}`);
  await expect(page.getByTestId('wizard')).toBeVisible();
  const found: string[] = [];
  for (const theme of ['dark', 'light'] as const) {
    if (theme === 'light') {
      await page.keyboard.press(`${mod}+6`);
      await page.locator('input[name="theme"][value="light"]').check();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    } else {
      found.push(...(await seriousViolations(page)).map((v) => `wizard/${theme}: ${v}`));
      await page.getByRole('button', { name: /Try demo mode/ }).click();
      await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'connected', { timeout: 60_000 });
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByRole('button', { name: 'Go to the dashboard' }).click();
      await expect(page.getByTestId('net-liq')).toHaveText(/^\$[\d,]+\.\d\d$/, { timeout: 30_000 });
    }
    for (const [name, key] of SCREENS) {
      await page.keyboard.press(`${mod}+${key}`);
      await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
      found.push(...(await seriousViolations(page)).map((v) => `${name}/${theme}: ${v}`));
      if (name === 'Orders') {
        // The filled SELL side and its Place button are white on colour: check that state too.
        await page.getByRole('button', { name: 'SELL', exact: true }).click();
        found.push(...(await seriousViolations(page)).map((v) => `${name} (sell)/${theme}: ${v}`));
        await page.getByRole('button', { name: 'BUY', exact: true }).click();
      }
    }
  }
  expect(found, found.join('\n')).toEqual([]);
});
