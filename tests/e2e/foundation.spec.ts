import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const token = process.env.GATEHOUSE_E2E_TOKEN ?? '';

test('the UI shows app.info from core and a live status over the bridge', async ({ page }) => {
  await page.goto(`/?token=${token}`);
  await expect(page.getByTestId('app-info')).toContainText(/Gatehouse \d+\.\d+\.\d+ · \w+-\w+ · web/);
  await expect(page.getByTestId('status-pill')).not.toHaveText('Connecting to core…');
  mkdirSync('tests/e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'tests/e2e/screenshots/foundation.png' });
});

test('without the token the page explains how to open it and no command is reachable', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('npm run start:web');
  const status = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/bridge?token=wrong`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
  );
  expect(status).toBe('refused');
});
