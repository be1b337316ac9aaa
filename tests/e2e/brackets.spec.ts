import { expect, test } from '@playwright/test';
import { fillRestingBracket, openDesk, startDemoServer, type DemoServer } from '../support/demo-server.ts';

/**
 * A bracket from the ticket, in demo mode, in a real browser: the trader attaches a take-profit and a
 * stop-loss, the preview lists the three orders its one risk verdict covers, and the blotter shows the two
 * exits under their entry with their OCA group, waiting (PreSubmitted) for the entry to fill. Own
 * browser-mode server (own port, data folder, HOME without a Gateway → demo) like desk-quality.spec.ts.
 */
const PORT = 5195;
let server: DemoServer;

test.beforeAll(async () => {
  server = await startDemoServer(PORT, 'brackets');
});

test.afterAll(async () => server?.stop());

test('a bracket placed from the ticket shows its take-profit and stop-loss under it in the blotter', async ({ page }) => {
  test.setTimeout(180_000);
  await openDesk(page, server);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Orders' }).click();
  await fillRestingBracket(page);
  await page.getByRole('button', { name: 'Preview' }).click();
  const legs = page.getByTestId('preview-legs');
  await expect(legs).toContainText('This sends 3 orders, checked as one', { timeout: 30_000 });
  await expect(legs.getByRole('listitem')).toHaveText(['BUY 10 AAPL LMT @ 1.00 DAY', 'Take-profit: SELL 10 LMT @ 2.00', 'Stop-loss: SELL 10 STP 0.50']);
  await expect(page.getByTestId('verdict')).toHaveText(/Passes your risk limits/);
  await expect(page.getByTestId('rules')).toContainText("only close what this order opens (one OCA group): the bracket's worst case is this order's 10 shares.");

  await page.getByRole('button', { name: 'Place order' }).click();
  const result = page.getByTestId('ticket-result');
  await expect(result).toContainText(/Order \d+ sent: BUY 10 AAPL LMT @ 1\.00 DAY \+ take-profit \/ stop-loss/, { timeout: 15_000 });
  const parent = Number(/Order (\d+) sent/.exec((await result.textContent()) ?? '')?.[1]);

  const blotter = page.getByTestId('open-orders');
  const children = blotter.locator(`tr[data-parent="${parent}"]`);
  await expect(children).toHaveCount(2, { timeout: 15_000 });
  await expect(children.nth(0)).toContainText('SELL');
  await expect(children.nth(0)).toContainText(`OCA bracket-${parent}`);
  await expect(children.nth(1)).toContainText('STP');
  await expect(children).toHaveText([/PreSubmitted/, /PreSubmitted/], { timeout: 15_000 });
  // The children sit right under their parent.
  const ids = await blotter.locator('tbody tr[data-testid^="order-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
  const at = ids.indexOf(`order-row-${parent}`);
  expect(ids.slice(at, at + 3)).toEqual([`order-row-${parent}`, `order-row-${parent + 1}`, `order-row-${parent + 2}`]);

  // Folded and unfolded from the keyboard.
  const toggle = blotter.getByRole('button', { name: `Hide the 2 orders attached to order ${parent}` });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(children).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(children).toHaveCount(2);
});
