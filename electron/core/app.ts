/**
 * The composition root: builds the services, hands them to the domain handlers (handlers/<domain>.ts) and
 * exposes them through the contract. Both shells call `createCore` and then only speak `dispatch` /
 * `subscribe`; nothing else of core leaks out.
 */
import { randomUUID } from 'node:crypto';
import { cleanStaleTemps } from './util/atomic-write.ts';
import { chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActiveProfile } from './active-profile.ts';
import type { Alert, AppInfo, Status } from './contract.ts';
import { DemoMode } from './demo.ts';
import { GatewayLogs, RotatingFileSink } from './gateway/logs.ts';
import type { HandlerContext } from './handlers/context.ts';
import { diagnosticsHandlers } from './handlers/diagnostics.ts';
import { firewallHandlers } from './handlers/firewall.ts';
import { gatewayHandlers } from './handlers/gateway.ts';
import { ordersHandlers } from './handlers/orders.ts';
import { riskHandlers } from './handlers/risk.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { wizardHandlers } from './handlers/wizard.ts';
import type { RuntimeOptions } from './runtime.ts';
import { exposeRuntime } from './testing.ts';
import { createDispatcher, StreamHub, type Dispatcher, type Handlers } from './rpc.ts';
import { MemoryVault } from './secrets/memory-vault.ts';
import type { SecretVault } from './secrets/vault.ts';
import { openSettings, SettingsService } from './settings/service.ts';
import type { ConfLike } from './settings/store.ts';

export interface CoreOptions {
  /** Folder for settings, logs, audit and order-id state. */
  dataDir: string;
  shell: AppInfo['shell'];
  version: string;
  /** Start in demo mode now (`--demo`). */
  demo?: boolean;
  /** With no profile and no Gateway installed, set up and start demo mode by itself (the apps do; tests not). */
  autoDemo?: boolean;
  vault?: SecretVault;
  /**
   * Run demo mode's simulated Gateway inside this process (the supervisor attaches to it) instead of as a
   * child process. The packaged Electron app uses this: it ships no separate Node runtime to run the launcher.
   */
  demoInProcess?: boolean;
  /** The Electron shell passes electron-store here (same options, same file); plain Node uses conf. */
  settingsStore?: () => { store: ConfLike; recoveredFrom: string | null };
  /** Where to look for installs: injected by tests. */
  discovery?: { home?: string; platform?: NodeJS.Platform; standardRoots?: boolean };
  /** Faster timings for tests. */
  runtime?: Pick<RuntimeOptions, 'supervisor' | 'broker' | 'firewall' | 'risk'>;
}

export interface Core {
  readonly dispatcher: Dispatcher;
  readonly hub: StreamHub;
  info(): AppInfo;
  /** The one query a shell needs beyond the contract (quit: stop the Gateway too?). */
  isGatewayRunning(): boolean;
  dispose(opts?: { stopGateway?: boolean }): Promise<void>;
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
    orders: { enabled: false, reason: 'The Gateway is stopped' },
    since: now,
  };
}

const MAX_ALERTS = 50;

export async function createCore(options: CoreOptions): Promise<Core> {
  // The data folder is private (0700) and holds no half-written temp files from a crash.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(options.dataDir, 0o700);
  cleanStaleTemps(options.dataDir);
  const vault = options.vault ?? new MemoryVault('No OS keychain in this mode');
  const settings: SettingsService = options.settingsStore
    ? new SettingsService({ ...options.settingsStore(), vault })
    : openSettings(options.dataDir, { vault });
  const logs = new GatewayLogs({ sinks: [new RotatingFileSink({ dir: path.join(options.dataDir, 'logs') })] });
  // A stream that drops a snapshot or a subscriber that throws is said in the log the Logs screen shows.
  const hub = new StreamHub({ report: (text) => logs.supervisor(text, 'error') });

  let alerts: Alert[] = [];
  const alert: RuntimeOptions['alert'] = (kind, severity, title, body) => {
    alerts = [{ id: randomUUID(), time: Date.now(), kind, severity, title, body }, ...alerts].slice(0, MAX_ALERTS);
    hub.publish('alerts', alerts);
  };

  const active = new ActiveProfile({ dataDir: options.dataDir, hub, logs, settings, alert, ...(options.runtime ? { runtime: options.runtime } : {}) });
  const demo = new DemoMode({ dataDir: options.dataDir, settings, logs, active, inProcess: options.demoInProcess ?? false });
  const info = (): AppInfo => ({
    name: 'Gatehouse',
    version: options.version,
    platform: `${os.platform()}-${os.arch()}`,
    shell: options.shell,
    demo: demo.active || (settings.activeProfile()?.demo ?? false),
  });
  const discovery = () => ({
    home: options.discovery?.home ?? os.homedir(),
    platform: options.discovery?.platform ?? process.platform,
    ...(options.discovery?.standardRoots === false ? { standardRoots: false } : {}),
  });

  const ctx: HandlerContext = { dataDir: options.dataDir, settings, logs, active, demo, alert, info, discovery };
  const handlers: Handlers = {
    ...diagnosticsHandlers(ctx),
    ...settingsHandlers(ctx),
    ...wizardHandlers(ctx),
    ...gatewayHandlers(ctx),
    ...ordersHandlers(ctx),
    ...riskHandlers(ctx),
    ...firewallHandlers(ctx),
  };
  const dispatcher = createDispatcher(handlers, (err) => logs.supervisor(`Internal error: ${(err as Error)?.message ?? err}`, 'error'));

  hub.publish('alerts', alerts);
  hub.publish('logs', []);
  // A builder: the 300 lines are gathered once per delivery, not on every line the Gateway prints.
  logs.subscribe(() => hub.publish('logs', () => logs.query({ limit: 300 })));
  await active.activate(settings.activeProfile());
  await demo.startup({ demo: options.demo ?? false, auto: options.autoDemo ?? false, discovery: discovery() });

  const core: Core = {
    dispatcher,
    hub,
    info,
    isGatewayRunning: () => active.isGatewayRunning(),
    async dispose(opts = {}) {
      // The demo Gateway is ours alone: always stop it. A real one follows the user's quit preference.
      await active.dispose((rt) => opts.stopGateway ?? rt.profile.demo);
      await demo.afterStop();
      hub.dispose();
      logs.close();
      settings.close();
    },
  };
  exposeRuntime(core, () => active.current());
  return core;
}
