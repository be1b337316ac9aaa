import { defineConfig } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
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
process.env.GATEHOUSE_E2E_DATA ??= mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-'));
const E2E_TOKEN = process.env.GATEHOUSE_E2E_TOKEN;
const dataDir = process.env.GATEHOUSE_E2E_DATA;

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
    colorScheme: 'dark',
  },
  webServer: {
    command: `node electron/web/cli.ts --port ${E2E_PORT} --token ${E2E_TOKEN} --data-dir ${dataDir}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
