/** Live quotes from core's paced `quotes` stream, and the one call that starts one for a symbol. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GatehouseApi, Quote } from '../../../electron/core/contract.ts';
import { call } from './call.ts';

export interface QuotesState {
  quotes: Record<string, Quote>;
  watch(symbol: string): void;
}

export type QuotesStore = StoreApi<QuotesState> & { dispose(): void };

export function createQuotesStore(api: GatehouseApi): QuotesStore {
  const asked = new Set<string>();
  const store = createStore<QuotesState>()(() => ({
    quotes: {},
    watch(symbol) {
      // Once per symbol per session of the page: core keeps streaming it after the ticket moves on.
      if (!symbol || asked.has(symbol)) return;
      asked.add(symbol);
      void call(api, 'market.watch', { symbol }).then((r) => {
        if (!r.ok) asked.delete(symbol);
      });
    },
  }));
  const off = api.subscribe('quotes', (quotes) => store.setState({ quotes }));
  return Object.assign(store, { dispose: off });
}
