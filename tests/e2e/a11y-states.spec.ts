import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from '../support/axe.ts';
import type { Profile, SettingsView } from '../../electron/core/contract.ts';
import { fillRestingBracket, invokeCore, openDesk, startDemoServer, type DemoServer } from '../support/demo-server.ts';

/**
 * What desk-quality.spec.ts's screen walk does not reach, through axe in both themes (issue 17: "zero serious
 * violations on every screen"): Diagnostics with its results, a ticket with a bracket
 * and GTD open and its preview, a refusal, the blotter with a bracket's children, every confirmation dialog
 * (send again, cancel all, a hotkey's, close a position, stop with working orders, delete a profile), the
 * kill switch on, and the wizard's steps reopened from Settings. Own browser-mode server (demo mode).
 */
const PORT = 5232;
let server: DemoServer;

test.beforeAll(async () => {
  server = await startDemoServer(PORT, 'a11y-states');
});

test.afterAll(async () => server?.stop());

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function screenOf(page: Page, key: string, name: string) {
  await page.keyboard.press(`${mod}+${key}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test('dialogs, ticket states, the kill switch and the wizard steps have no serious axe violation in either theme', async ({ page }) => {
  test.setTimeout(300_000);
  await openDesk(page, server);
  // A live profile beside the demo one (not active: demo mode has no live Gateway), so its LIVE badge shows.
  const view = (await invokeCore(server, 'settings.get')) as SettingsView;
  const { id: _demoId, ...demo } = view.profiles.find((p) => p.id === view.activeProfileId) as Profile;
  await invokeCore(server, 'settings.saveProfile', { profile: { ...demo, name: 'Live main', mode: 'live', demo: false, apiPort: 4001, account: 'U1234567' }, activate: false });
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible({ timeout: 30_000 });
  const found: string[] = [];
  const check = async (where: string) => found.push(...(await seriousViolations(page, where)));

  for (const theme of ['dark', 'light'] as const) {
    await screenOf(page, '6', 'Settings');
    await page.locator(`input[name="theme"][value="${theme}"]`).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const at = (what: string) => `${what}/${theme}`;

    await screenOf(page, '5', 'Diagnostics');
    await page.getByRole('button', { name: /Run diagnostics|Run again/ }).click();
    await expect(page.getByTestId('diagnostics')).toBeVisible({ timeout: 60_000 });
    await check(at('Diagnostics (results)'));

    // The ticket with everything open: a bracket's two exits and a GTD date, then its preview.
    await screenOf(page, '2', 'Orders');
    await page.getByRole('button', { name: 'Clear' }).click();
    await fillRestingBracket(page);
    await page.getByLabel('Time in force').selectOption('GTD');
    await check(at('Orders (bracket + GTD ticket)'));
    await page.getByLabel('Time in force').selectOption('DAY');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('preview-legs')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('verdict')).toBeVisible();
    await check(at('Orders (bracket preview)'));

    // Placed: the blotter shows the children under the entry, with their OCA tags.
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByTestId('ticket-result')).toBeVisible({ timeout: 15_000 });
    // The same order again within seconds (5) asks first: asked before anything slower runs.
    await page.getByLabel('Quantity').fill('10');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByRole('dialog', { name: 'Send the same order again?' })).toBeVisible({ timeout: 15_000 });
    await check(at('dialog: send again'));
    await page.getByRole('button', { name: 'Don’t send' }).click();
    await expect(page.getByTestId('open-orders').locator('tr[data-parent]')).toHaveCount(2, { timeout: 15_000 });
    await check(at('Orders (bracket in the blotter)'));

    // A refusal in the preview panel.
    await page.getByLabel('Attached orders').selectOption('none');
    await page.getByLabel('Quantity').fill('90000000');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('refusal').or(page.getByTestId('verdict').filter({ hasText: 'Refused' }))).toBeVisible({ timeout: 30_000 });
    await check(at('Orders (refused)'));
    await page.getByRole('button', { name: 'Clear' }).click();

    await page.getByTestId('open-orders').getByRole('button', { name: 'Cancel all' }).click();
    await expect(page.getByRole('dialog', { name: 'Cancel all open orders?' })).toBeVisible();
    await check(at('dialog: cancel all'));
    await page.getByRole('button', { name: 'Keep them' }).click();

    // A destructive hotkey asks first (Shift+C: cancel the last order).
    await page.getByRole('heading', { name: 'Orders', level: 1 }).click();
    await page.keyboard.press('Shift+C');
    await expect(page.getByTestId('hotkey-confirm')).toBeVisible();
    await check(at('dialog: hotkey cancel last'));
    await page.getByRole('button', { name: 'Don’t', exact: true }).click();

    await screenOf(page, '1', 'Dashboard');
    await page.getByTestId('position-row-AAPL').getByRole('button', { name: 'Close AAPL' }).click();
    await expect(page.getByRole('dialog', { name: 'Close AAPL?' })).toBeVisible();
    await check(at('dialog: close position'));
    await page.getByRole('button', { name: 'Don’t send' }).click();

    await screenOf(page, '4', 'Gateway');
    await page.getByTestId('gateway-controls').getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(page.getByRole('dialog', { name: /^Stop the Gateway with \d+ working orders?\?$/ })).toBeVisible();
    await check(at('dialog: stop with working orders'));
    await page.getByRole('button', { name: 'Keep it running' }).click();
    // Stopped (the pill, the card, "Orders blocked"), then the start on its way back.
    const gate = page.getByTestId('sb-kill');
    await page.getByTestId('gateway-controls').getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Stop the Gateway' }).click();
    await expect(gate).toHaveText('Orders blocked: the Gateway is stopped', { timeout: 30_000 });
    await check(at('Gateway (stopped)'));
    await page.getByTestId('gateway-controls').getByRole('button', { name: 'Start', exact: true }).click();
    await expect(page.getByTestId('status-pill')).toHaveAttribute('data-level', /starting|login|connected/, { timeout: 30_000 });
    if ((await page.getByTestId('status-pill').getAttribute('data-level')) !== 'connected') await check(at('Gateway (starting)'));
    await expect(gate).toHaveAttribute('data-enabled', 'true', { timeout: 60_000 });

    await screenOf(page, '3', 'Risk');
    await page.getByRole('button', { name: 'Trip kill switch' }).click();
    await expect(page.getByTestId('sb-kill')).toContainText('Kill switch ON', { timeout: 15_000 });
    await check(at('Risk (kill switch on)'));
    await page.getByRole('button', { name: 'Turn kill switch off' }).click();
    await expect(page.getByTestId('sb-kill')).toHaveAttribute('data-enabled', 'true', { timeout: 15_000 });
    // The trip cancelled the bracket, so the next theme starts from an empty blotter.
    await screenOf(page, '2', 'Orders');
    await expect(page.getByTestId('open-orders').locator('tbody tr')).toHaveCount(0, { timeout: 15_000 });

    await screenOf(page, '6', 'Settings');
    await expect(page.getByTestId('profiles').getByText('LIVE', { exact: true })).toBeVisible();
    await check(at('Settings (a live profile listed)'));
    await page.getByTestId('profiles').getByRole('button', { name: /^Delete / }).first().click();
    await expect(page.getByRole('dialog', { name: /^Delete profile/ })).toBeVisible();
    await check(at('dialog: delete profile'));
    await page.getByRole('button', { name: 'Keep it' }).click();

    // The wizard, reopened: the real path's first steps (this machine has no Gateway) …
    await page.getByRole('button', { name: 'Reopen setup wizard' }).click();
    const wizard = page.getByTestId('wizard');
    await expect(wizard).toHaveAttribute('data-step', 'welcome');
    await check(at('wizard: welcome'));
    await page.getByRole('radio', { name: /Paper trading/ }).check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(wizard).toHaveAttribute('data-step', 'install');
    await check(at('wizard: install (none found)'));
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    // … and the demo path's steps on to the dashboard.
    await page.getByRole('button', { name: /Try demo mode|Continue with demo mode/ }).click();
    for (const step of ['start', 'test', 'finish']) {
      await expect(wizard).toHaveAttribute('data-step', step, { timeout: 60_000 });
      if (step === 'test') await expect(page.getByTestId('wizard-checks').getByRole('img', { name: 'passed' }).first()).toBeVisible({ timeout: 30_000 });
      await check(at(`wizard: ${step}`));
      if (step !== 'finish') await page.getByRole('button', { name: 'Next', exact: true }).click();
    }
    await page.getByRole('button', { name: 'Go to the dashboard' }).click();
    await expect(page.getByTestId('net-liq')).toBeVisible();
  }

  // The live profile made active (no Gateway is installed for it here, so nothing can leave): the status
  // bar's LIVE badge, the red frame, the ticket's "Place LIVE order" and the kill switch's typed confirmation.
  await screenOf(page, '6', 'Settings');
  await page.getByRole('button', { name: 'Switch to Live main' }).click();
  await expect(page.getByTestId('mode-badge')).toHaveText('LIVE', { timeout: 30_000 });
  for (const theme of ['light', 'dark'] as const) {
    await screenOf(page, '6', 'Settings');
    await page.locator(`input[name="theme"][value="${theme}"]`).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await check(`Settings (live profile active)/${theme}`);
    await screenOf(page, '2', 'Orders');
    await expect(page.getByRole('button', { name: 'Place LIVE order' })).toBeVisible();
    await check(`Orders (live)/${theme}`);
    await screenOf(page, '3', 'Risk');
    await expect(page.getByTestId('kill-confirm')).toBeVisible();
    await check(`Risk (live)/${theme}`);
  }
  expect(found, found.join('\n')).toEqual([]);
});
