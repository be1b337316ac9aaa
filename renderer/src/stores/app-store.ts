/**
 * The store owns what the UI shows; components only render it. It is fed by the contract's streams and
 * commands alone, and built with `createStore` so tests hand it a fake API.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, GatehouseApi, Status } from '../../../electron/core/contract.ts';

export interface AppState {
  info: AppInfo | null;
  status: Status | null;
  error: string | null;
}

export type AppStore = StoreApi<AppState> & { dispose(): void };

export function createAppStore(api: GatehouseApi): AppStore {
  const store = createStore<AppState>(() => ({ info: null, status: null, error: null }));
  void api.invoke('app.info').then((r) => {
    if (r.ok) store.setState({ info: r.value });
    else store.setState({ error: r.error.message });
  });
  const offStatus = api.subscribe('status', (status) => store.setState({ status }));
  return Object.assign(store, {
    dispose() {
      offStatus();
    },
  });
}
