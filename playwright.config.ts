import { defineConfig } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumExecutable, requireBrowserMessage } from './tests/support/browser.ts';

const executablePath = chromiumExecutable();
const bundled = (() => {
  try {
    // Playwright's own download, when a machine has it.
    return existsSync(path.join(os.homedir(), '.cache', 'ms-playwright'));
  } catch {
    return false;
  }
})();
if (!executablePath && !bundled) throw new Error(requireBrowserMessage());

export const E2E_PORT = 5199;
// The config is evaluated again in each worker; the env carries one token and data dir to all of them.
process.env.GATEHOUSE_E2E_TOKEN ??= 'e2e-' + Math.random().toString(36).slice(2);
const made: string[] = [];
const fresh = (name: string, prefix: string) => {
  if (process.env[name]) return;
  process.env[name] = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(process.env[name]);
};
fresh('GATEHOUSE_E2E_DATA', 'gatehouse-e2e-');
fresh('GATEHOUSE_E2E_DATA2', 'gatehouse-e2e-real-');
fresh('GATEHOUSE_E2E_HOME', 'gatehouse-e2e-home-');
// Only the runner process makes them (workers inherit the env); it removes them as it exits, which is after
// the web servers writing into them have been stopped (a globalTeardown runs while they still run).
if (made.length > 0) process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const E2E_TOKEN = process.env.GATEHOUSE_E2E_TOKEN;
const dataDir = process.env.GATEHOUSE_E2E_DATA;
export const E2E_REAL_PORT = 5198;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1366, height: 860 },
    // A failure in CI leaves a picture of the page beside its error (a hang leaves no page snapshot).
    screenshot: 'only-on-failure',
    colorScheme: 'dark',
  },
  webServer: [
    {
      // First run on a machine with no Gateway: Gatehouse falls back to demo mode.
      command: `node electron/web/cli.ts --no-open --port ${E2E_PORT} --token ${E2E_TOKEN} --data-dir ${dataDir}`,
      url: `http://127.0.0.1:${E2E_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    {
      // First run on a machine where IB Gateway and IBC are installed: the wizard's real path.
      command: `node tests/e2e/setup-real-home.ts ${process.env.GATEHOUSE_E2E_HOME} && node electron/web/cli.ts --no-open --port ${E2E_REAL_PORT} --token ${E2E_TOKEN} --data-dir ${process.env.GATEHOUSE_E2E_DATA2}`,
      url: `http://127.0.0.1:${E2E_REAL_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      env: { ...(process.env as Record<string, string>), HOME: process.env.GATEHOUSE_E2E_HOME! },
    },
  ],
});
