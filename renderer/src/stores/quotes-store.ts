/**
 * Live quotes from core's paced `quotes` stream, and the one call that starts one for an instrument. Keyed
 * like core keys them (contract/keys.ts instrumentId): a stock by its symbol, a future by root and month,
 * so each month of ES has its own line.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GatehouseApi, Quote } from '../../../electron/core/contract.ts';
import { instrumentId } from '../../../electron/core/contract/keys.ts';
import { call } from './call.ts';
import { follow } from './follow.ts';

/** What a quote is asked for: a stock's symbol, or a future with its month. */
export type QuoteInstrument = string | { symbol: string; secType?: 'STK' | 'FUT' | 'CASH'; lastTradeDateOrContractMonth?: string | undefined };

export interface QuotesState {
  quotes: Record<string, Quote>;
  watch(instrument: QuoteInstrument): void;
}

export type QuotesStore = StoreApi<QuotesState> & { dispose(): void };

export function createQuotesStore(api: GatehouseApi): QuotesStore {
  const asked = new Set<string>();
  const store = createStore<QuotesState>()(() => ({
    quotes: {},
    watch(instrument) {
      const i = typeof instrument === 'string' ? { symbol: instrument } : instrument;
      if (!i.symbol) return;
      // A future without its month has no quote of its own (the Gateway calls it ambiguous).
      if (i.secType === 'FUT' && !i.lastTradeDateOrContractMonth) return;
      const key = instrumentId(i);
      // Once per instrument per session of the page: core keeps streaming it after the ticket moves on.
      if (asked.has(key)) return;
      asked.add(key);
      const input =
        i.secType === 'FUT' ? { symbol: i.symbol, secType: 'FUT' as const, lastTradeDateOrContractMonth: i.lastTradeDateOrContractMonth } : { symbol: i.symbol };
      void call(api, 'market.watch', input).then((r) => {
        if (!r.ok) asked.delete(key);
      });
    },
  }));
  const off = follow(api, 'quotes', (quotes) => store.setState({ quotes }));
  return Object.assign(store, { dispose: off });
}
