/** Historical bars for the ticket's chart, one answer per symbol and bar size, kept for the session. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bars, GatehouseApi } from '../../../electron/core/contract.ts';
import type { BAR_SIZES } from '../../../electron/core/contract/constants.ts';
import { call } from './call.ts';

export type BarSize = (typeof BAR_SIZES)[number];

export interface ChartEntry {
  status: 'loading' | 'ok' | 'error';
  bars: Bars['bars'];
  error: string | null;
}

export interface ChartState {
  barSize: BarSize;
  entries: Record<string, ChartEntry>;
  setBarSize(size: BarSize): void;
  load(symbol: string, size?: BarSize): Promise<void>;
}

export type ChartStore = StoreApi<ChartState>;

export const chartKey = (symbol: string, size: BarSize) => `${symbol}|${size}`;

export function createChartStore(api: GatehouseApi): ChartStore {
  return createStore<ChartState>()((set, get) => ({
    barSize: '5 mins',
    entries: {},
    setBarSize(size) {
      set({ barSize: size });
    },
    async load(symbol, size = get().barSize) {
      const key = chartKey(symbol, size);
      const had = get().entries[key];
      if (had && had.status !== 'error') return;
      set({ entries: { ...get().entries, [key]: { status: 'loading', bars: [], error: null } } });
      const r = await call(api, 'market.bars', { symbol, barSize: size });
      set({
        entries: {
          ...get().entries,
          [key]: r.ok
            ? { status: 'ok', bars: r.value.bars, error: null }
            : { status: 'error', bars: [], error: `${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}` },
        },
      });
    },
  }));
}
