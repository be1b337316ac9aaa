/** The account snapshot from the `account` stream (the positions table's sort lives in preferences). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountSnapshot, CheckResult, GatehouseApi } from '../../../electron/core/contract.ts';
import { call } from './call.ts';
import { follow } from './follow.ts';

export type PositionSortKey = 'symbol' | 'quantity' | 'avgCost' | 'marketPrice' | 'marketValue' | 'dailyPnl' | 'unrealizedPnl' | 'realizedPnl' | 'weight';

export interface AccountState {
  snapshot: AccountSnapshot | null;
  refreshing: boolean;
  refreshError: string | null;
  checks: CheckResult[] | null;
  checking: boolean;
  checksError: string | null;
  checkedAt: number | null;
  checkedFor: number | null;
  refresh(): Promise<void>;
  /** The setup guide's connection checklist (the same checks as the wizard's last test). */
  runChecks(): Promise<void>;
  /**
   * Runs the checklist unless it already ran for this connection (`since` of the status) in the last
   * minute: the dashboard calls this on every visit.
   */
  ensureChecks(since: number): Promise<void>;
}

export type AccountStore = StoreApi<AccountState>;

export function createAccountStore(api: GatehouseApi): AccountStore & { dispose(): void } {
  const store = createStore<AccountState>()((set, get) => ({
    snapshot: null,
    refreshing: false,
    refreshError: null,
    checks: null,
    checking: false,
    checksError: null,
    checkedAt: null,
    checkedFor: null,
    async runChecks() {
      if (get().checking) return;
      set({ checking: true, checksError: null });
      const r = await call(api, 'wizard.test');
      set({
        checking: false,
        checkedAt: Date.now(),
        ...(r.ok ? { checks: r.value } : { checksError: `${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}` }),
      });
    },
    async ensureChecks(since) {
      const at = get().checkedAt;
      if (get().checkedFor === since && at !== null && Date.now() - at < 60_000) return;
      set({ checkedFor: since });
      await get().runChecks();
    },
    async refresh() {
      set({ refreshing: true, refreshError: null });
      const r = await call(api, 'account.refresh');
      set({ refreshing: false, refreshError: r.ok ? null : r.error.message });
    },
  }));
  const off = follow(api, 'account', (snapshot) => store.setState({ snapshot }));
  return Object.assign(store, { dispose: off });
}
