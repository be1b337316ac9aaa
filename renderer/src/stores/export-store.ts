/** Exports of the day's fills and orders: core writes the CSV (the same file the API gives), the UI saves it. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GatehouseApi } from '../../../electron/core/contract.ts';
import { downloadText } from '../lib/download.ts';
import { call } from './call.ts';

export type ExportKind = 'fills' | 'orders';

export interface ExportState {
  busy: ExportKind | null;
  /** The last export that failed, shown beside its own button. */
  error: { kind: ExportKind; text: string } | null;
  run(kind: ExportKind): Promise<void>;
}

export type ExportStore = StoreApi<ExportState>;

export function createExportStore(api: GatehouseApi, save: (filename: string, text: string) => void = downloadText): ExportStore {
  return createStore<ExportState>()((set, get) => ({
    busy: null,
    error: null,
    async run(kind) {
      if (get().busy) return;
      set({ busy: kind, error: null });
      const r = await call(api, 'orders.exportCsv', { kind });
      if (r.ok) save(r.value.filename, r.value.csv);
      set({ busy: null, error: r.ok ? null : { kind, text: `Could not export: ${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}` } });
    },
  }));
}
