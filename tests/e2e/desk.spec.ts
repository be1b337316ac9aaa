import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { controlRequest, readControlFile } from '../../electron/simulator/control-client.ts';

/**
 * A new user's walk through browser mode against the simulated Gateway: first run → demo wizard →
 * connected dashboard → place, modify and cancel a limit order → a risk refusal → the kill switch →
 * a Gateway crash that the supervisor recovers from.
 * Each screen is saved to tests/e2e/screenshots/<name>.png.
 */
const token = process.env.GATEHOUSE_E2E_TOKEN ?? '';
const SHOTS = 'tests/e2e/screenshots';

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  // Two animation frames: the one that commits the last change, then the one that has painted it.
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('a new user sets up demo mode and trades under risk control', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/?token=${token}`);

  // First run: the wizard, with demo mode offered up front.
  const wizard = page.getByTestId('wizard');
  await expect(wizard).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome to Gatehouse' })).toBeVisible();
  await shot(page, 'wizard-welcome');

  await page.getByRole('button', { name: /Try demo mode \(no IB account\)|Continue with demo mode/ }).click();
  await expect(page.getByRole('heading', { name: 'Start the Gateway' })).toBeVisible();
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'connected', { timeout: 60_000 });
  await shot(page, 'wizard-start');

  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Connection test' })).toBeVisible();
  await expect(page.getByTestId('wizard-checks')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('wizard-checks').getByRole('img', { name: 'passed' })).toHaveCount(5);
  await shot(page, 'wizard-test');

  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Go to the dashboard' }).click();
  await expect(wizard).toBeHidden();

  // A connected dashboard with the simulator's balances.
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByTestId('net-liq')).toHaveText(/^\$[\d,]+\.\d\d$/, { timeout: 30_000 });
  await expect(page.getByTestId('buying-power')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByTestId('sb-net-liq')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');
  await expect(page.getByTestId('dashboard-checks')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'dashboard');

  // N opens the ticket with the symbol focused.
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Symbol', { exact: true })).toBeFocused();

  // Required fields are checked before anything is sent.
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Enter a symbol, e.g. AAPL')).toBeVisible();

  await page.getByLabel('Symbol', { exact: true }).fill('AAPL');
  await page.getByLabel('Quantity').click(); // blur → lookup
  await expect(page.getByTestId('lookup-name')).toBeVisible({ timeout: 15_000 });
  await page.getByLabel('Quantity').fill('10');
  await page.getByLabel('Limit price').fill('100');
  // The first preview already carries the market price (issue 17: it showed Last "—"); then the limit goes
  // well under it so the order stays open.
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 15_000 });
  const last = Number((await page.getByTestId('last-price').textContent())?.replace(/,/g, ''));
  expect(last, 'the last price in the first preview').toBeGreaterThan(2);
  const limit = (Math.floor(last * 0.8 * 100) / 100).toFixed(2);
  await page.getByLabel('Limit price').fill(limit);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('verdict')).toContainText('Passes your risk limits', { timeout: 15_000 });
  await shot(page, 'orders-preview');

  await page.getByRole('button', { name: 'Place order' }).click();
  const result = page.getByTestId('ticket-result');
  await expect(result).toContainText(/Order \d+ sent: BUY 10 AAPL LMT/, { timeout: 15_000 });
  const orderId = Number((await result.textContent())!.match(/Order (\d+) sent/)![1]);
  const row = page.getByTestId(`order-row-${orderId}`);
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('AAPL');
  await shot(page, 'orders-open');

  // Modify: quantity 10 → 20 and a new limit.
  const newLimit = (Number(limit) - 1).toFixed(2);
  await row.getByRole('button', { name: `Modify order ${orderId}` }).click();
  await page.getByLabel(`New quantity for order ${orderId}`).fill('20');
  await page.getByLabel(`New limit price for order ${orderId}`).fill(newLimit);
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.locator('td').nth(4)).toHaveText('20', { timeout: 15_000 });
  await expect(row).toContainText(Number(newLimit).toFixed(2));
  await shot(page, 'orders-modified');

  // Cancel.
  await row.getByRole('button', { name: `Cancel order ${orderId}` }).click();
  await expect(row).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId(`done-row-${orderId}`)).toContainText(/Cancel/, { timeout: 15_000 });

  // An oversized order is refused by risk, with the reason in a visible alert.
  await page.getByLabel('Quantity').fill('5000');
  await page.getByRole('button', { name: 'Place order' }).click();
  const refusal = page.getByTestId('refusal');
  await expect(refusal).toBeVisible({ timeout: 15_000 });
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(refusal).toContainText(/max order size/i);
  await shot(page, 'orders-refused');

  // A market order fills: the fill shows with its commission and the position lands on the dashboard.
  await page.getByLabel('Quantity').fill('10');
  await page.getByLabel('Order type').selectOption('MKT');
  await expect(page.getByLabel('Limit price')).toBeHidden();
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(result).toContainText(/Order \d+ sent: BUY 10 AAPL MKT/, { timeout: 15_000 });
  await expect(page.getByTestId('fills').locator('tbody tr')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId('fills').locator('tbody tr').first()).toContainText(/\$\d+\.\d\d/);
  await shot(page, 'orders-filled');

  await page.keyboard.press(`${mod}+1`);
  const position = page.getByTestId('position-row-AAPL');
  await expect(position).toBeVisible({ timeout: 20_000 });
  // The demo account starts with 100 AAPL (electron/core/demo.ts DEMO_POSITIONS): 100 + 10 bought.
  await expect(position).toContainText('110');
  await shot(page, 'dashboard-position');
  // Close shows the exact order first; "Edit in ticket" prefills it there and sends nothing.
  await position.getByRole('button', { name: 'Close AAPL' }).click();
  await expect(page.getByTestId('close-order')).toHaveText('SELL 110 AAPL MKT DAY');
  await page.getByRole('dialog', { name: 'Close AAPL?' }).getByRole('button', { name: 'Edit in ticket' }).click();
  await expect(page.getByLabel('Symbol', { exact: true })).toHaveValue('AAPL');
  await expect(page.getByLabel('Quantity')).toHaveValue('110');
  await expect(page.getByRole('button', { name: 'SELL' })).toHaveAttribute('aria-pressed', 'true');
  // A mouse click: its press blurs the symbol and starts a lookup, and the ticket must hold still under it.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByLabel('Quantity')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'SELL' })).toHaveAttribute('aria-pressed', 'false');
  await page.getByLabel('Symbol', { exact: true }).fill('AAPL');
  await page.getByLabel('Order type').selectOption('LMT');
  await page.getByLabel('Limit price').fill(limit);

  // One more open order, then the kill switch cancels it.
  await page.getByLabel('Quantity').fill('5');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(result).toContainText(/Order \d+ sent: BUY 5 AAPL LMT/, { timeout: 15_000 });
  const secondId = Number((await result.textContent())!.match(/Order (\d+) sent/)![1]);
  await expect(page.getByTestId(`order-row-${secondId}`)).toBeVisible({ timeout: 15_000 });

  await page.keyboard.press(`${mod}+3`);
  await expect(page.getByRole('heading', { name: 'Risk', level: 1 })).toBeVisible();
  await expect(page.getByTestId('usage-daily-loss')).toContainText(/Daily loss: \$[\d,]+ of \$[\d,]+/);
  await page.getByRole('button', { name: 'Trip kill switch' }).click();
  await expect(page.getByTestId('kill-state')).toContainText('ON', { timeout: 15_000 });
  await expect(page.getByTestId('sb-kill')).toContainText('Kill switch ON', { timeout: 15_000 });
  await shot(page, 'risk-kill-switch');

  await page.keyboard.press(`${mod}+2`);
  await expect(page.getByTestId(`order-row-${secondId}`)).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText('The kill switch is on: new orders are blocked.')).toBeVisible();

  // The other screens, for the record.
  await page.keyboard.press(`${mod}+4`);
  await expect(page.getByRole('heading', { name: 'Gateway', level: 1 })).toBeVisible();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await shot(page, 'gateway');

  await page.keyboard.press(`${mod}+5`);
  await page.getByRole('button', { name: 'Run diagnostics' }).click();
  await expect(page.getByTestId('diagnostics')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'diagnostics');

  await page.keyboard.press(`${mod}+6`);
  await expect(page.getByTestId('profiles')).toContainText('Demo');
  await shot(page, 'settings');
  await page.getByRole('radio', { name: 'Light' }).check();
  await page.keyboard.press(`${mod}+1`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await shot(page, 'dashboard-light');

  // The Gateway crashes: the status turns down/restarting, the supervisor restarts it, and it reconnects.
  await page.keyboard.press(`${mod}+4`);
  const levels: string[] = [];
  await page.exposeFunction('recordLevel', (l: string) => levels.push(l));
  await page.evaluate(() => {
    const pill = document.querySelector('[data-testid="status-pill"]')!;
    new MutationObserver(() => (window as unknown as { recordLevel(l: string): void }).recordLevel(pill.getAttribute('data-level') ?? '')).observe(pill, { attributes: true });
  });
  const control = readControlFile(path.join(process.env.GATEHOUSE_E2E_DATA!, 'demo', 'Jts'));
  const crash = await controlRequest(control, 'fault', { kind: 'crash', exitCode: 1 });
  expect(crash.ok).toBe(true);
  await expect.poll(() => levels.some((l) => l === 'down' || l === 'starting'), { timeout: 15_000 }).toBe(true);
  await shot(page, 'gateway-crashed');
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'connected', { timeout: 60_000 });
  await expect(page.getByTestId('timeline')).toContainText(/crash|exited|restart/i);
  await shot(page, 'gateway-recovered');

  // Stopping the Gateway says so, and the numbers stay on screen marked as stale.
  await page.keyboard.press(`${mod}+4`);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', 'stopped', { timeout: 30_000 });
  await expect(page.getByText('Gateway stopped.').first()).toBeVisible();
  await page.keyboard.press(`${mod}+1`);
  await expect(page.getByTestId('as-of')).toHaveText(/^Stale — as of \d\d:\d\d:\d\d$/, { timeout: 15_000 });
  await expect(page.getByTestId('net-liq')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await shot(page, 'dashboard-stale');
});
