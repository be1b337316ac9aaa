// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../support/csv.ts';
import { callsOf, renderApp, settle } from './render.tsx';

afterEach(() => vi.restoreAllMocks());

/** What the browser is handed: the file name and the text of the blob behind the download link. */
function captureDownloads() {
  const files: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    files.push({ name: this.download, blob: blobs.get(this.getAttribute('href')!)! });
  });
  return files;
}

/** The Orders screen after one market order (BUY 30 AAPL) placed from the ticket and filled by the fake API. */
async function afterOneFill() {
  const r = await renderApp({ connected: true });
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  fireEvent.change(screen.getByLabelText('Symbol'), { target: { value: 'AAPL' } });
  fireEvent.change(screen.getByLabelText('Order type'), { target: { value: 'MKT' } });
  fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '30' } });
  fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
  await settle();
  return r;
}

describe('CSV export from the blotter', () => {
  it("saves today's fills as a CSV file named for the day, written by core", async () => {
    const files = captureDownloads();
    const r = await afterOneFill();
    fireEvent.click(within(screen.getByTestId('fills')).getByRole('button', { name: 'Export CSV' }));
    await settle();
    expect(callsOf(r.api, 'orders.exportCsv')).toEqual([{ kind: 'fills' }]);
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toMatch(/^gatehouse-fills-\d{4}-\d\d-\d\d\.csv$/);
    const rows = parseCsv(await files[0]!.blob.text());
    expect(rows[0]!.slice(0, 3)).toEqual(['Time (UTC)', 'Order ID', 'Exec ID']);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(4, 7)).toEqual(['AAPL', 'BUY', '30']);
  });

  it("saves the day's orders (open and done) from the Done today card, each with its final state", async () => {
    const files = captureDownloads();
    const r = await afterOneFill();
    fireEvent.click(within(screen.getByTestId('done-orders')).getByRole('button', { name: 'Export CSV' }));
    await settle();
    expect(callsOf(r.api, 'orders.exportCsv')).toEqual([{ kind: 'orders' }]);
    expect(files.map((f) => f.name)).toEqual([expect.stringMatching(/^gatehouse-orders-\d{4}-\d\d-\d\d\.csv$/)]);
    const rows = parseCsv(await files[0]!.blob.text());
    const head = rows[0]!;
    expect(head.slice(1, 2)).toEqual(['Order ID']);
    expect(rows).toHaveLength(2);
    expect([rows[1]![head.indexOf('Symbol')], rows[1]![head.indexOf('Side')], rows[1]![head.indexOf('Quantity')], rows[1]![head.indexOf('Status')]]).toEqual(['AAPL', 'BUY', '30', 'Filled']);
  });

  it('says why an export failed, beside the button that was pressed', async () => {
    captureDownloads();
    const r = await renderApp({ connected: true });
    r.api.fail('orders.exportCsv', { code: 'NOT_CONNECTED', message: 'No Gateway session', hint: 'Start the Gateway first.' });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    await settle();
    fireEvent.click(within(screen.getByTestId('done-orders')).getByRole('button', { name: 'Export CSV' }));
    await settle();
    expect(within(screen.getByTestId('done-orders')).getByRole('alert').textContent).toBe('Could not export: No Gateway session Start the Gateway first.');
    expect(within(screen.getByTestId('fills')).queryByRole('alert')).toBeNull();
  });
});
