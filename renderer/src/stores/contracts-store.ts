/** Contract details the desk needs beside a position (the tick size), looked up once per instrument. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GatehouseApi } from '../../../electron/core/contract.ts';
import { call } from './call.ts';

/** Instruments a bare symbol lookup can name without more terms (a future needs its expiry). */
const LOOKUP_SEC_TYPES = new Set(['STK', 'CASH']);

export interface ContractsState {
  /** minTick by symbol; absent until known (then the tick rule of lib/ticks.ts applies). */
  minTick: Record<string, number>;
  ensure(symbol: string, secType: string): void;
}

export type ContractsStore = StoreApi<ContractsState>;

export function createContractsStore(api: GatehouseApi): ContractsStore {
  const asked = new Set<string>();
  return createStore<ContractsState>()((set, get) => ({
    minTick: {},
    ensure(symbol, secType) {
      if (!LOOKUP_SEC_TYPES.has(secType) || asked.has(symbol)) return;
      asked.add(symbol);
      void call(api, 'contracts.lookup', { symbol, secType: secType as 'STK' | 'CASH' }).then((r) => {
        if (r.ok && r.value.minTick > 0) set({ minTick: { ...get().minTick, [symbol]: r.value.minTick } });
      });
    },
  }));
}
