/**
 * Builds the services and exposes them through the contract. Both shells call `createCore` and then only
 * speak `dispatch` / `subscribe`; nothing else of core leaks out.
 */
import os from 'node:os';
import type { AppInfo, Status } from './contract.ts';
import { AppError } from './errors.ts';
import { createDispatcher, StreamHub, type Dispatcher, type Handlers } from './rpc.ts';

export interface CoreOptions {
  /** Folder for settings, logs, audit and order-id state. */
  dataDir: string;
  shell: AppInfo['shell'];
  version: string;
  demo?: boolean;
}

export interface Core {
  readonly dispatcher: Dispatcher;
  readonly hub: StreamHub;
  info(): AppInfo;
  dispose(): Promise<void>;
}

export function initialStatus(now = Date.now()): Status {
  return {
    level: 'stopped',
    message: 'Gateway stopped',
    gateway: 'stopped',
    profile: null,
    account: null,
    broker: { connected: false, serverVersion: null, clientId: null, connectedAt: null, ibLink: 'ok', farms: {} },
    killSwitch: false,
    since: now,
  };
}

function notYet(what: string): never {
  throw new AppError('INTERNAL', `${what} is not available in this build yet.`);
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const hub = new StreamHub();
  const info = (): AppInfo => ({
    name: 'Gatehouse',
    version: options.version,
    platform: `${os.platform()}-${os.arch()}`,
    shell: options.shell,
    demo: options.demo ?? false,
  });
  hub.publish('status', initialStatus());

  const pending = (name: string) => () => notYet(name);
  const handlers: Handlers = {
    'app.info': () => info(),
    'settings.get': pending('Settings'),
    'settings.saveProfile': pending('Settings'),
    'settings.deleteProfile': pending('Settings'),
    'settings.setPreferences': pending('Settings'),
    'settings.importEnv': pending('Import'),
    'settings.export': pending('Export'),
    'secrets.setPassword': pending('The keychain'),
    'secrets.hasPassword': pending('The keychain'),
    'wizard.discover': pending('Discovery'),
    'wizard.useDemo': pending('Demo mode'),
    'wizard.previewFiles': pending('File preview'),
    'wizard.writeFiles': pending('Writing files'),
    'wizard.test': pending('The connection test'),
    'gateway.start': pending('Gateway control'),
    'gateway.stop': pending('Gateway control'),
    'gateway.restart': pending('Gateway control'),
    'gateway.timeline': () => [],
    'gateway.logs': () => [],
    'gateway.files': () => [],
    'diagnostics.run': pending('Diagnostics'),
    'account.refresh': pending('Account data'),
    'contracts.lookup': pending('Contract lookup'),
    'orders.preview': pending('Orders'),
    'orders.place': pending('Orders'),
    'orders.modify': pending('Orders'),
    'orders.cancel': pending('Orders'),
    'orders.cancelAll': pending('Orders'),
    'risk.get': pending('Risk'),
    'risk.setLimits': pending('Risk'),
    'risk.killSwitch': pending('Risk'),
    'risk.audit': () => [],
  };

  const dispatcher = createDispatcher(handlers, (err) => console.error('[gatehouse] internal error', err));
  return {
    dispatcher,
    hub,
    info,
    async dispose() {
      hub.dispose();
    },
  };
}
