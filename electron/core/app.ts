/**
 * Builds the services and exposes them through the contract. Both shells call `createCore` and then only
 * speak `dispatch` / `subscribe`; nothing else of core leaks out.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Alert, AppInfo, Profile, Status } from './contract.ts';
import { AppError } from './errors.ts';
import { runDiagnostics } from './diagnostics.ts';
import { discover } from './gateway/discovery.ts';
import { blankPasswordText } from './gateway/ibc-config.ts';
import { planGatewayFiles, writeGatewayFiles } from './gateway/files.ts';
import { GatewayLogs, RotatingFileSink } from './gateway/logs.ts';
import { findFreePort } from './gateway/ports.ts';
import { ProfileRuntime, profileFiles, type RuntimeOptions } from './runtime.ts';
import { createDispatcher, StreamHub, type Dispatcher, type Handlers } from './rpc.ts';
import { MemoryVault } from './secrets/memory-vault.ts';
import type { SecretVault } from './secrets/vault.ts';
import { openSettings, SettingsService } from './settings/service.ts';
import type { ConfLike } from './settings/store.ts';
import { deriveStatus } from './status.ts';
import { connectionChecklist } from './wizard.ts';
import { defaultLimits } from './risk/index.ts';

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
  runtime?: Pick<RuntimeOptions, 'supervisor' | 'broker' | 'firewall'>;
}

export interface Core {
  readonly dispatcher: Dispatcher;
  readonly hub: StreamHub;
  info(): AppInfo;
  /** The running profile's services (tests and benchmarks look inside). */
  runtime(): ProfileRuntime | null;
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
    since: now,
  };
}

const MAX_ALERTS = 50;

export async function createCore(options: CoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true });
  const hub = new StreamHub();
  const vault = options.vault ?? new MemoryVault('No OS keychain in this mode');
  const settings: SettingsService = options.settingsStore
    ? new SettingsService({ ...options.settingsStore(), vault })
    : openSettings(options.dataDir, { vault });
  const logs = new GatewayLogs({ sinks: [new RotatingFileSink({ dir: path.join(options.dataDir, 'logs') })] });
  let demo = options.demo ?? false;
  let runtime: ProfileRuntime | null = null;
  let alerts: Alert[] = [];
  let statusSince = Date.now();
  let lastLevel: Status['level'] | null = null;

  const info = (): AppInfo => ({
    name: 'Gatehouse',
    version: options.version,
    platform: `${os.platform()}-${os.arch()}`,
    shell: options.shell,
    demo: demo || (settings.activeProfile()?.demo ?? false),
  });

  const alert: RuntimeOptions['alert'] = (kind, severity, title, body) => {
    alerts = [{ id: randomUUID(), time: Date.now(), kind, severity, title, body }, ...alerts].slice(0, MAX_ALERTS);
    hub.publish('alerts', alerts);
  };

  const publishStatus = () => {
    const profile = settings.activeProfile();
    const killSwitch = runtime ? runtime.gate.state(null).killSwitch.active : false;
    const st = deriveStatus({
      gateway: runtime?.supervisor.state ?? 'stopped',
      gatewayReason: runtime?.supervisor.reason ?? '',
      session: runtime?.broker.session.state ?? null,
      profile: profile ? { name: profile.name, mode: profile.mode } : null,
      account: runtime?.broker.account.primaryAccount() ?? (profile?.account || null),
      killSwitch,
      since: statusSince,
    });
    if (st.level !== lastLevel) {
      statusSince = Date.now();
      st.since = statusSince;
      lastLevel = st.level;
    }
    hub.publish('status', st);
  };
  // Builders, not values: the hub builds a snapshot only when it delivers one (≤ 20/s), not per tick.
  const publishAccount = () => hub.publish('account', () => runtime?.broker.account.snapshot() ?? null);
  const publishOrders = () =>
    hub.publish('orders', () => runtime?.broker.orders.snapshot() ?? { open: [], done: [], fills: [], reconciled: false });
  const publishRisk = () => hub.publish('risk', () => (runtime ? runtime.desk.riskState() : null));
  const publishTimeline = () => hub.publish('timeline', runtime?.supervisor.timeline() ?? []);
  const apiClientsView = () =>
    runtime?.apiClients() ?? { host: '127.0.0.1', port: null, listening: false, problem: null, gatehouseClientId: null, clients: [] };
  const publishApiClients = () => hub.publish('apiClients', apiClientsView);

  // A builder: the 300 lines are gathered once per delivery, not on every line the Gateway prints.
  logs.subscribe(() => hub.publish('logs', () => logs.query({ limit: 300 })));

  async function activate(profile: Profile | null) {
    const old = runtime;
    runtime = null;
    // Switching profiles leaves the old Gateway to the user's choice; core does not kill it behind their back.
    if (old) await old.dispose(false);
    if (profile) {
      runtime = new ProfileRuntime({
        profile,
        dataDir: options.dataDir,
        logs,
        password: () => settings.password(profile.id),
        alert,
        ...options.runtime,
      });
      runtime.on('change', () => {
        publishStatus();
        publishRisk();
      });
      runtime.on('timeline', publishTimeline);
      runtime.on('apiClients', publishApiClients);
      runtime.on('account', () => {
        publishAccount();
        publishRisk();
      });
      runtime.on('orders', () => {
        publishOrders();
        publishRisk();
      });
    }
    publishStatus();
    publishAccount();
    publishOrders();
    publishRisk();
    publishTimeline();
    publishApiClients();
  }

  // A function, so TypeScript does not narrow `runtime` to its initial null inside later code.
  const current = (): ProfileRuntime | null => runtime;
  const need = (): ProfileRuntime => {
    if (!runtime) {
      throw new AppError('NOT_FOUND', 'No profile is set up yet.', { hint: 'Run the setup wizard, or try demo mode.' });
    }
    return runtime;
  };
  const activeProfile = (): Profile => {
    const p = settings.activeProfile();
    if (!p) throw new AppError('NOT_FOUND', 'No profile is set up yet.', { hint: 'Run the setup wizard first.' });
    return p;
  };

  const discoveryOpts = () => ({
    home: options.discovery?.home ?? os.homedir(),
    platform: options.discovery?.platform ?? process.platform,
    ...(options.discovery?.standardRoots === false ? { standardRoots: false } : {}),
  });

  /** Demo mode: a structurally real Gateway install whose launcher is the simulator, run by the same supervisor. */
  async function useDemo(): Promise<Profile> {
    const existing = settings.view().profiles.find((p) => p.demo);
    if (existing) {
      settings.setActive(existing.id);
      demo = true;
      if (runtime?.profile.id !== existing.id) await activate(existing);
      return existing;
    }
    const { createDemoInstall } = await import('../simulator/demo-install.ts');
    const root = path.join(options.dataDir, 'demo');
    const apiPort = await findFreePort();
    // A per-install random password: the simulated login checks it like IB's would, and a distinctive user
    // name keeps log redaction from masking ordinary words in paths.
    const password = randomUUID().replace(/-/g, '');
    const install = createDemoInstall(root, { withIbc: true, sim: { port: apiPort, users: { 'gatehouse-demo': password }, exitWithParent: true } });
    const { profile } = await settings.saveProfile(
      {
        name: 'Demo (simulated Gateway)',
        mode: 'paper',
        installPath: install.installPath,
        settingsPath: install.settingsPath,
        ibcPath: install.ibcPath,
        product: 'gateway',
        apiPort,
        clientId: 1,
        trustedIps: ['127.0.0.1'],
        readOnlyApi: false,
        username: 'gatehouse-demo',
        account: 'DU1234567',
        autoRestartTime: '',
        twoFactor: { timeoutAction: 'exit', device: '' },
        demo: true,
      },
      true,
    );
    await settings.setPassword(profile.id, password);
    demo = true;
    await activate(profile);
    return profile;
  }

  let inProcessSim: { close(): Promise<void> } | null = null;
  async function ensureInProcessDemo(profile: Profile) {
    if (!options.demoInProcess || !profile.demo || inProcessSim) return;
    const { startSimulator } = await import('../simulator/server.ts');
    inProcessSim = await startSimulator({ port: profile.apiPort });
    logs.supervisor(`Demo mode: simulated Gateway running inside Gatehouse on port ${profile.apiPort}.`);
  }
  async function stopInProcessDemo() {
    const sim = inProcessSim;
    inProcessSim = null;
    await sim?.close();
  }

  const handlers: Handlers = {
    'app.info': () => info(),

    'settings.get': () => settings.view(),
    'settings.saveProfile': async ({ profile, activate: makeActive }) => {
      const { profile: saved, warnings } = await settings.saveProfile(profile, makeActive);
      if (makeActive && runtime?.profile.id !== saved.id) await activate(saved);
      else if (runtime?.profile.id === saved.id && !runtime.supervisor.isRunning()) await activate(saved);
      return { ...saved, warnings };
    },
    'settings.deleteProfile': async ({ id }) => {
      if (runtime?.profile.id === id && runtime.supervisor.isRunning()) {
        throw new AppError('GATEWAY_RUNNING', 'Stop this profile’s Gateway before deleting the profile.');
      }
      await settings.deleteProfile(id);
      if (runtime?.profile.id === id) await activate(settings.activeProfile());
      return { ok: true as const };
    },
    'settings.activateProfile': async ({ id }) => {
      const profile = settings.profile(id);
      settings.setActive(id);
      if (runtime?.profile.id !== id) await activate(profile);
      return settings.view();
    },
    'settings.setPreferences': (prefs) => settings.setPreferences(prefs),
    'settings.importEnv': ({ text }) => settings.importEnv(text),
    'settings.export': () => ({ json: settings.exportJson() }),
    'settings.importJson': async ({ text }) => {
      const { imported, warnings } = settings.importJson(text);
      // A profile that is running keeps running as it was; any other change takes effect now.
      if (!runtime?.supervisor.isRunning()) await activate(settings.activeProfile());
      return { imported, warnings, settings: settings.view() };
    },
    'secrets.setPassword': async ({ profileId, password }) => {
      settings.profile(profileId);
      await settings.setPassword(profileId, password);
      return { ok: true as const };
    },
    'secrets.hasPassword': async ({ profileId }) => ({ has: await settings.hasPassword(profileId) }),

    'wizard.discover': (input) => discover({ ...discoveryOpts(), ...(input?.extraPath ? { extraPath: input.extraPath } : {}) }),
    'wizard.useDemo': () => useDemo(),
    'wizard.previewFiles': () => planGatewayFiles(activeProfile(), profileFiles(options.dataDir, activeProfile())),
    'wizard.writeFiles': async () => {
      const profile = activeProfile();
      return writeGatewayFiles(profile, {
        ...profileFiles(options.dataDir, profile),
        isGatewayRunning: () => runtime?.supervisor.isRunning() ?? false,
      });
    },
    'wizard.test': () => connectionChecklist(runtime?.broker ?? null),

    'gateway.start': async () => {
      const rt = need();
      await ensureInProcessDemo(rt.profile);
      await rt.supervisor.start();
      return { ok: true as const };
    },
    'gateway.stop': async () => {
      await need().supervisor.stop();
      await stopInProcessDemo();
      return { ok: true as const };
    },
    'gateway.restart': async () => {
      const rt = need();
      if (inProcessSim) {
        await rt.supervisor.stop('restart requested');
        await stopInProcessDemo();
        await ensureInProcessDemo(rt.profile);
        await rt.supervisor.start();
      } else {
        await rt.supervisor.restart();
      }
      return { ok: true as const };
    },
    'gateway.timeline': () => runtime?.supervisor.timeline() ?? [],
    'gateway.logs': (input) => logs.query({ ...(input?.filter ? { filter: input.filter } : {}), limit: input?.limit ?? 500 }),
    'gateway.files': () => {
      const p = settings.activeProfile();
      if (!p) return [];
      // What is on disk now; IBC's file shown with any password blanked.
      return planGatewayFiles(p, profileFiles(options.dataDir, p))
        .filter((c) => c.before !== null)
        .map((c) => ({ path: c.path, text: c.kind === 'ibc-config' ? blankPasswordText(c.before ?? '') : (c.before ?? '') }));
    },

    'diagnostics.run': () => runDiagnostics(runtime, settings.activeProfile()),

    'account.refresh': () => {
      need().broker.account.resubscribe();
      return { ok: true as const };
    },
    'contracts.lookup': ({ symbol, secType }) => {
      // A pair written like EUR.USD is forex unless the caller says otherwise.
      const type = secType ?? (/^[A-Z]{3}\.[A-Z]{3}$/.test(symbol) ? 'CASH' : 'STK');
      return need().broker.contracts.lookup({ symbol, secType: type, exchange: 'SMART', currency: 'USD' });
    },

    'orders.preview': (ticket) => need().desk.preview(ticket),
    'orders.place': (ticket) => need().desk.place(ticket),
    'orders.modify': ({ orderId, ticket }) => need().desk.modify(orderId, ticket),
    'orders.cancel': ({ orderId }) => {
      need().desk.cancel(orderId);
      return { ok: true as const };
    },
    'orders.cancelAll': () => {
      need().desk.cancelAll();
      return { ok: true as const };
    },

    'risk.get': () => (runtime ? runtime.desk.riskState() : { ...emptyRisk() }),
    'risk.setLimits': async (limits) => {
      const saved = await need().gate.setLimits(limits);
      publishRisk();
      return saved;
    },
    'risk.killSwitch': async ({ active, reason }) => {
      const st = await need().desk.setKillSwitch(active, reason);
      publishRisk();
      publishStatus();
      alert('risk', active ? 'warn' : 'info', active ? 'Kill switch ON' : 'Kill switch reset', active ? (reason ?? 'All new orders are blocked.') : 'Orders may be sent again.');
      return st;
    },
    'risk.audit': async (input) => (runtime ? runtime.gate.audit.read(input?.limit ?? 500) : []),

    'firewall.clients': () => apiClientsView(),
    'firewall.disconnect': ({ id }) => {
      if (!need().firewall.disconnect(id)) throw new AppError('NOT_FOUND', 'That API client is no longer connected.');
      return { ok: true as const };
    },
  };

  const dispatcher = createDispatcher(handlers, (err) => logs.supervisor(`Internal error: ${(err as Error)?.message ?? err}`, 'error'));

  hub.publish('alerts', alerts);
  hub.publish('logs', []);
  await activate(settings.activeProfile());
  if (options.demo) await useDemo();
  else if (options.autoDemo && settings.view().profiles.length === 0) {
    const found = discover(discoveryOpts());
    if (!found.installs.some((i) => i.valid)) {
      logs.supervisor('No IB Gateway is installed: starting demo mode with the simulated Gateway.');
      await useDemo();
    }
  }
  const started = current();
  if (demo && started?.profile.demo && !started.supervisor.isRunning()) {
    void ensureInProcessDemo(started.profile)
      .then(() => started.supervisor.start())
      .catch((err: unknown) => logs.supervisor(`Demo Gateway did not start: ${(err as Error).message}`, 'error'));
  }

  return {
    dispatcher,
    hub,
    info,
    runtime: () => runtime,
    async dispose(opts = {}) {
      const r = runtime;
      runtime = null;
      // The demo Gateway is ours alone: always stop it. A real one follows the user's quit preference.
      if (r) await r.dispose(opts.stopGateway ?? r.profile.demo);
      await stopInProcessDemo();
      hub.dispose();
    },
  };
}

function emptyRisk() {
  return {
    limits: defaultLimits(),
    killSwitch: { active: false, reason: null, since: null },
    usage: { dailyLoss: '0', drawdown: '0', grossExposure: '0', ordersLastMinute: 0, startOfDayEquity: null, peakEquity: null },
    pdt: { dayTrades: 0, dayTradesRemainingIb: null },
  };
}
