// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, settle } from './render.tsx';

const quote = {
  symbol: 'AAPL',
  bid: 189.2,
  bidSize: 300,
  ask: 189.25,
  askSize: 1200,
  last: 189.22,
  lastSize: 100,
  close: 188.1,
  high: 190.05,
  low: 187.1,
  delayed: false,
  problem: null,
};

describe('the ticket quote line', () => {
  it('watches the symbol once it is entered and shows bid × size, ask × size, last, change and the day range', async () => {
    const r = await renderApp({ connected: true });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    await settle();
    fireEvent.change(screen.getByLabelText('Symbol'), { target: { value: 'AAPL' } });
    fireEvent.blur(screen.getByLabelText('Symbol'));
    await settle();
    expect(r.api.state.watched).toEqual(['AAPL']);
    expect(screen.getByTestId('quote-line').textContent).toMatch(/Waiting for the first price/);
    r.api.publish('quotes', { AAPL: quote });
    await settle();
    const line = screen.getByTestId('quote-line');
    expect(line.textContent).toContain('Bid 189.20 × 300');
    expect(line.textContent).toContain('Ask 189.25 × 1,200');
    expect(line.textContent).toContain('Last 189.22');
    expect(line.textContent).toContain('+1.12 (+0.60%)');
    expect(line.textContent).toContain('Range 187.10 – 190.05');
    // Delayed data is said so; a missing price says why.
    r.api.publish('quotes', { AAPL: { ...quote, delayed: true } });
    await settle();
    expect(screen.getByTestId('quote-line').textContent).toContain('delayed');
    r.api.publish('quotes', { AAPL: { ...quote, bid: null, ask: null, last: null, problem: 'No market data for AAPL: not subscribed (354).' } });
    await settle();
    expect(screen.getByTestId('quote-line').textContent).toBe('No market data for AAPL: not subscribed (354).');
  });
});
