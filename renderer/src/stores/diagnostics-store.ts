/** Diagnostics: run the troubleshooting checks and keep their rows. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CheckResult, GatehouseApi } from '../../../electron/core/contract.ts';
import type { UiError } from '../lib/errors.ts';
import { call } from './call.ts';

export interface DiagnosticsState {
  results: CheckResult[] | null;
  running: boolean;
  error: UiError | null;
  ranAt: number | null;
  run(): Promise<void>;
}

export type DiagnosticsStore = StoreApi<DiagnosticsState>;

export function createDiagnosticsStore(api: GatehouseApi): DiagnosticsStore {
  return createStore<DiagnosticsState>()((set) => ({
    results: null,
    running: false,
    error: null,
    ranAt: null,
    async run() {
      set({ running: true, error: null });
      const r = await call(api, 'diagnostics.run');
      set({ running: false });
      if (!r.ok) set({ error: r.error });
      else set({ results: r.value, ranAt: Date.now() });
    },
  }));
}
