/** All stores of the UI, built from one GatehouseApi so tests hand in a fake. */
import type { GatehouseApi } from '../../../electron/core/contract.ts';
import { createAccountStore, type AccountStore } from './account-store.ts';
import { createApiClientsStore, type ApiClientsStore } from './api-clients-store.ts';
import { createContractsStore, type ContractsStore } from './contracts-store.ts';
import { createChartStore, type ChartStore } from './chart-store.ts';
import { createHotkeysStore, type HotkeysStore } from './hotkeys-store.ts';
import { createAppStore, isLive, type AppStore } from './app-store.ts';
import { createDiagnosticsStore, type DiagnosticsStore } from './diagnostics-store.ts';
import { createExportStore, type ExportStore } from './export-store.ts';
import { createGatewayStore, type GatewayStore } from './gateway-store.ts';
import { createOrdersStore, type OrdersStore } from './orders-store.ts';
import { createQuotesStore, type QuotesStore } from './quotes-store.ts';
import { createRiskStore, type RiskStore } from './risk-store.ts';
import { createWizardStore, type WizardStore } from './wizard-store.ts';

export interface Stores {
  app: AppStore & { dispose(): void };
  account: AccountStore & { dispose(): void };
  orders: OrdersStore & { dispose(): void };
  risk: RiskStore & { dispose(): void };
  gateway: GatewayStore & { dispose(): void };
  wizard: WizardStore;
  diagnostics: DiagnosticsStore;
  apiClients: ApiClientsStore & { dispose(): void };
  exports: ExportStore;
  quotes: QuotesStore;
  contracts: ContractsStore;
  hotkeys: HotkeysStore;
  chart: ChartStore;
  dispose(): void;
}

export function createStores(api: GatehouseApi): Stores {
  const app = createAppStore(api);
  const notify = (text: string, tone?: 'ok' | 'info' | 'bad') => app.getState().notify(text, tone);
  const live = () => isLive(app.getState());
  const account = createAccountStore(api);
  const orders = createOrdersStore(api, { isLive: live, notify });
  const risk = createRiskStore(api, { isLive: live, notify });
  const gateway = createGatewayStore(api, { notify });
  const diagnostics = createDiagnosticsStore(api);
  const apiClients = createApiClientsStore(api, { notify });
  const exports = createExportStore(api);
  const quotes = createQuotesStore(api);
  const contracts = createContractsStore(api);
  const hotkeys = createHotkeysStore({ app, orders, quotes, account });
  const chart = createChartStore(api);
  const wizard = createWizardStore(api, {
    setPreferences: (p) => app.getState().setPreferences(p),
    profileSaved: (p) => app.getState().profileSaved(p),
    done: () => {
      app.getState().navigate('dashboard');
      void app.getState().loadSettings();
    },
    status: () => app.getState().status,
    notify: (text) => notify(text, 'info'),
  });

  // The wizard opens (and resumes) once settings are known; Settings can reopen it later.
  const offWizard = app.subscribe((s, prev) => {
    if (s.wizardOpen && s.settings && (!prev.wizardOpen || !prev.settings)) wizard.getState().init(s.settings);
  });
  if (app.getState().wizardOpen && app.getState().settings) wizard.getState().init(app.getState().settings!);

  void risk.getState().load();
  void gateway.getState().load();

  return {
    app,
    account,
    orders,
    risk,
    gateway,
    wizard,
    diagnostics,
    apiClients,
    exports,
    quotes,
    contracts,
    hotkeys,
    chart,
    dispose() {
      quotes.dispose();
      offWizard();
      app.dispose();
      account.dispose();
      orders.dispose();
      risk.dispose();
      gateway.dispose();
      apiClients.dispose();
    },
  };
}
