/** The account snapshot from the `account` stream, plus the positions table's sort. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountSnapshot, CheckResult, GatehouseApi } from '../../../electron/core/contract.ts';
import { call } from './call.ts';

export type PositionSortKey = 'symbol' | 'quantity' | 'avgCost' | 'marketPrice' | 'marketValue' | 'unrealizedPnl' | 'weight';

export interface AccountState {
  snapshot: AccountSnapshot | null;
  sort: { key: PositionSortKey; dir: 'asc' | 'desc' };
  refreshing: boolean;
  refreshError: string | null;
  checks: CheckResult[] | null;
  checking: boolean;
  checksError: string | null;
  setSort(key: PositionSortKey): void;
  refresh(): Promise<void>;
  /** The setup guide's connection checklist (the same checks as the wizard's last test). */
  runChecks(): Promise<void>;
}

export type AccountStore = StoreApi<AccountState>;

export function createAccountStore(api: GatehouseApi): AccountStore & { dispose(): void } {
  const store = createStore<AccountState>()((set, get) => ({
    snapshot: null,
    sort: { key: 'marketValue', dir: 'desc' },
    refreshing: false,
    refreshError: null,
    checks: null,
    checking: false,
    checksError: null,
    async runChecks() {
      if (get().checking) return;
      set({ checking: true, checksError: null });
      const r = await call(api, 'wizard.test');
      set({ checking: false, ...(r.ok ? { checks: r.value } : { checksError: `${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}` }) });
    },
    setSort(key) {
      const cur = get().sort;
      set({ sort: { key, dir: cur.key === key && cur.dir === 'desc' ? 'asc' : cur.key === key ? 'desc' : key === 'symbol' ? 'asc' : 'desc' } });
    },
    async refresh() {
      set({ refreshing: true, refreshError: null });
      const r = await call(api, 'account.refresh');
      set({ refreshing: false, refreshError: r.ok ? null : r.error.message });
    },
  }));
  const off = api.subscribe('account', (snapshot) => store.setState({ snapshot }));
  return Object.assign(store, { dispose: off });
}
