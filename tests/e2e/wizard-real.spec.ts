import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { seriousViolations } from '../support/axe.ts';

/**
 * The wizard's real path, as a trader with IB Gateway and IBC installed would walk it: paper → the
 * discovered Gateway → IBC auto-login → credentials → API settings → review the exact file changes and
 * write them → start the Gateway (IBC logs in) → the setup guide's connection test → the dashboard.
 */
const token = process.env.GATEHOUSE_E2E_TOKEN ?? '';
const SHOTS = 'tests/e2e/screenshots';

/**
 * axe on this step in both themes (issue 17: every screen, wizard steps included). The wizard has no theme
 * control, and the page reads preferences once (a reload would drop what the step has typed), so the theme is
 * put on the page the way App.tsx does it: a theme is nothing but <html data-theme> and the CSS under it.
 */
async function bothThemes(page: Page, step: string, found: string[]): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    found.push(...(await seriousViolations(page, `wizard ${step}/${theme}`)));
  }
}

test('a trader with IB Gateway installed sets it up through the wizard', async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  await page.goto(`http://127.0.0.1:5198/?token=${token}`);
  const next = () => page.getByRole('button', { name: 'Next', exact: true }).click();
  const found: string[] = [];

  await expect(page.getByRole('heading', { name: 'Welcome to Gatehouse' })).toBeVisible();
  await bothThemes(page, 'welcome', found);
  await page.getByRole('radio', { name: /Paper trading/ }).check();
  await next();

  // The install in ~/Jts/ibgateway/1030 is found, with its version.
  await expect(page.getByRole('radiogroup', { name: 'Installs' })).toContainText('10.30', { timeout: 15_000 });
  await page.getByRole('radiogroup', { name: 'Installs' }).getByRole('radio').first().check();
  await bothThemes(page, 'install', found);
  await page.screenshot({ path: `${SHOTS}/wizard-real-install.png` });
  await next();

  // IBC in ~/ibc is detected: log in automatically with it.
  const login = page.getByRole('radiogroup', { name: 'Login method' });
  await expect(login.getByRole('radio').first()).toBeVisible();
  await login.getByRole('radio').first().check();
  await bothThemes(page, 'ibc', found);
  await next();

  await page.getByLabel('IBKR username').fill('trader1');
  await page.getByLabel('Password', { exact: true }).fill('Real-path-pw1');
  await page.getByLabel('Account number').fill('DU1234567');
  await bothThemes(page, 'credentials', found);
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByLabel('API port')).toHaveValue('4002');
  await page.getByLabel('API port').fill('4612');
  await bothThemes(page, 'api', found);
  await next();

  // The exact changes, as a diff, before anything is written.
  await expect(page.getByTestId('diff').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('OverrideTwsApiPort=4612').first()).toBeVisible();
  await expect(page.getByText('Real-path-pw1')).toHaveCount(0);
  await bothThemes(page, 'files', found);
  await page.screenshot({ path: `${SHOTS}/wizard-real-files.png` });
  await page.getByRole('button', { name: 'Write files' }).click();

  await expect(page.getByRole('heading', { name: 'Start the Gateway' })).toBeVisible({ timeout: 15_000 });
  const start = page.getByRole('button', { name: 'Start the Gateway' });
  if (await start.isVisible()) await start.click();
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'connected', { timeout: 60_000 });
  await bothThemes(page, 'start', found);
  await page.screenshot({ path: `${SHOTS}/wizard-real-start.png` });
  await next();

  await expect(page.getByRole('heading', { name: 'Connection test' })).toBeVisible();
  await expect(page.getByTestId('wizard-checks').getByRole('img', { name: 'passed' })).toHaveCount(5, { timeout: 30_000 });
  await bothThemes(page, 'test', found);
  await next();
  await expect(page.getByRole('button', { name: 'Go to the dashboard' })).toBeVisible();
  await bothThemes(page, 'finish', found);
  await page.getByRole('button', { name: 'Go to the dashboard' }).click();
  await expect(page.getByTestId('net-liq')).toHaveText(/^\$[\d,]+\.\d\d$/, { timeout: 30_000 });
  await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');
  expect(found, found.join('\n')).toEqual([]);
});
