import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { AccountState } from './account-store.ts';
import type { ApiClientsState } from './api-clients-store.ts';
import type { AppState } from './app-store.ts';
import type { DiagnosticsState } from './diagnostics-store.ts';
import type { ExportState } from './export-store.ts';
import type { GatewayStoreState } from './gateway-store.ts';
import type { Stores } from './index.ts';
import type { OrdersState } from './orders-store.ts';
import type { QuotesState } from './quotes-store.ts';
import type { RiskStoreState } from './risk-store.ts';
import type { WizardState } from './wizard-store.ts';

const StoreContext = createContext<Stores | null>(null);

export function StoreProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoreContext.Provider value={stores}>{children}</StoreContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoreContext);
  if (!stores) throw new Error('useStores outside StoreProvider');
  return stores;
}

function use<S, T>(store: StoreApi<S>, selector: (s: S) => T): T {
  return useStore(store, selector);
}

export const useAppStore = <T,>(selector: (s: AppState) => T): T => use(useStores().app, selector);
export const useAccount = <T,>(selector: (s: AccountState) => T): T => use(useStores().account, selector);
export const useOrders = <T,>(selector: (s: OrdersState) => T): T => use(useStores().orders, selector);
export const useRisk = <T,>(selector: (s: RiskStoreState) => T): T => use(useStores().risk, selector);
export const useGateway = <T,>(selector: (s: GatewayStoreState) => T): T => use(useStores().gateway, selector);
export const useWizard = <T,>(selector: (s: WizardState) => T): T => use(useStores().wizard, selector);
export const useDiagnostics = <T,>(selector: (s: DiagnosticsState) => T): T => use(useStores().diagnostics, selector);
export const useApiClients = <T,>(selector: (s: ApiClientsState) => T): T => use(useStores().apiClients, selector);
export const useExport = <T,>(selector: (s: ExportState) => T): T => use(useStores().exports, selector);
export const useQuotes = <T,>(selector: (s: QuotesState) => T): T => use(useStores().quotes, selector);
