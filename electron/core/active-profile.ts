/**
 * The one owner of the active profile's runtime (supervisor, broker, gate, desk). Every handler and shell
 * reaches the runtime through here, and every switch (activate, save, import, delete) goes through
 * `activate`, which also republishes every stream so the UI never shows the old profile's books.
 */
import type { ApiClients, Profile, Status } from './contract.ts';
import { demoPassword } from './demo.ts';
import { AppError } from './errors.ts';
import type { GatewayLogs } from './gateway/logs.ts';
import { defaultLimits } from './risk/index.ts';
import type { StreamHub } from './rpc.ts';
import { ProfileRuntime, type RuntimeOptions } from './runtime.ts';
import type { SettingsService } from './settings/service.ts';
import { deriveStatus } from './status.ts';

export interface ActiveProfileOptions {
  dataDir: string;
  hub: StreamHub;
  logs: GatewayLogs;
  settings: SettingsService;
  alert: RuntimeOptions['alert'];
  runtime?: Pick<RuntimeOptions, 'supervisor' | 'broker' | 'firewall'>;
}

export class ActiveProfile {
  private runtime: ProfileRuntime | null = null;
  private statusSince = Date.now();
  private lastLevel: Status['level'] | null = null;
  private readonly o: ActiveProfileOptions;

  constructor(o: ActiveProfileOptions) {
    this.o = o;
  }

  /** The running profile's services, or null before any profile is set up. */
  current(): ProfileRuntime | null {
    return this.runtime;
  }

  /** The runtime, or a clear error for commands that need one. */
  need(): ProfileRuntime {
    if (!this.runtime) {
      throw new AppError('NOT_FOUND', 'No profile is set up yet.', { hint: 'Run the setup wizard, or try demo mode.' });
    }
    return this.runtime;
  }

  isGatewayRunning(): boolean {
    return this.runtime?.supervisor.isRunning() ?? false;
  }

  /**
   * After a profile was saved. Stopped: the runtime is rebuilt from it at once. Running: the Gateway and
   * session keep what they started with, and the answer says what waits for a restart (the next start or
   * restart picks the saved profile up, see `current`/`takeOverSaved`).
   */
  async profileSaved(saved: Profile, makeActive: boolean): Promise<string[]> {
    const rt = this.runtime;
    if (rt?.profile.id !== saved.id) {
      if (makeActive || !rt) await this.activate(saved);
      return [];
    }
    if (!rt.supervisor.isRunning()) {
      await this.activate(saved);
      return [];
    }
    this.publishStatus();
    const changed = restartFields(rt.profile, saved);
    return changed.length > 0
      ? [`Restart the Gateway to use the new ${changed.join(', ')}: it keeps running with the old settings until then.`]
      : [];
  }

  /** True when the saved profile differs from what the runtime runs with (saved while the Gateway ran). */
  hasPendingSave(): boolean {
    const rt = this.runtime;
    if (!rt) return false;
    const saved = this.o.settings.view().profiles.find((p) => p.id === rt.profile.id);
    return saved !== undefined && restartFields(rt.profile, saved).length > 0;
  }

  /** Before a start: a profile saved while the Gateway ran takes over now that it is stopped. */
  async takeOverSaved(): Promise<ProfileRuntime> {
    const rt = this.need();
    if (!rt.supervisor.isRunning() && this.hasPendingSave()) await this.activate(this.o.settings.profile(rt.profile.id));
    return this.need();
  }

  /** Replaces the runtime with one for `profile` (or none). The old Gateway is left as it is: the user's choice. */
  async activate(profile: Profile | null): Promise<void> {
    const old = this.runtime;
    this.runtime = null;
    if (old) await old.dispose(false);
    if (profile) {
      const rt = new ProfileRuntime({
        profile,
        dataDir: this.o.dataDir,
        logs: this.o.logs,
        // A demo profile falls back to its simulated Gateway's own login (no secret; see demoPassword).
        password: async () => (await this.o.settings.password(profile.id)) ?? (profile.demo ? demoPassword(profile) : null),
        alert: this.o.alert,
        readOnlyApi: () => this.readOnlyApi(),
        ...this.o.runtime,
      });
      this.runtime = rt;
      rt.on('change', () => {
        this.publishStatus();
        this.publishRisk();
      });
      rt.on('timeline', () => this.publishTimeline());
      rt.on('apiClients', () => this.publishApiClients());
      rt.on('quotes', () => this.publishQuotes());
      // The loss check trails the account update (paced): its marks and trips are published when it ran.
      rt.on('risk', () => this.publishRisk());
      rt.on('account', () => {
        this.publishAccount();
        this.publishRisk();
      });
      rt.on('orders', () => {
        this.publishOrders();
        this.publishRisk();
        // The status's "orders enabled" waits for reconciliation, which ends with an orders event.
        this.publishStatus();
      });
    }
    this.publishAll();
  }

  publishAll(): void {
    this.publishStatus();
    this.publishAccount();
    this.publishOrders();
    this.publishRisk();
    this.publishTimeline();
    this.publishApiClients();
    this.publishQuotes();
  }

  /**
   * A builder, like the market-data streams: the status is published on every order-book change and
   * built once per delivery (one per turn), not once per event — building it reads the saved settings.
   */
  publishStatus(): void {
    this.o.hub.publish('status', () => this.status());
  }

  /**
   * Read-Only API as the status and the desk both read it: on when the saved profile says so (it applies at
   * once), and while a Gateway started read-only still runs (it keeps its setting until it restarts).
   */
  readOnlyApi(): boolean {
    return this.o.settings.activeProfileReadOnly() || (this.runtime?.profile.readOnlyApi ?? false);
  }

  private status(): Status {
    const rt = this.runtime;
    const profile = this.o.settings.activeProfile();
    const st = deriveStatus({
      gateway: rt?.supervisor.state ?? 'stopped',
      gatewayReason: rt?.supervisor.reason ?? '',
      session: rt?.broker.session.state ?? null,
      // The saved setting and the running Gateway's are told apart: each is fixed in its own place.
      profile: profile ? { name: profile.name, mode: profile.mode, readOnlyApi: profile.readOnlyApi } : null,
      readOnlyUntilRestart: this.readOnlyApi() && !profile?.readOnlyApi,
      account: rt?.broker.account.primaryAccount() ?? (profile?.account || null),
      killSwitch: rt ? rt.gate.killSwitchActive() : false,
      reconciled: rt?.broker.orders.reconciled ?? false,
      ...(rt?.broker.orders.unreadable ? { ordersUnreadable: rt.broker.orders.unreadable } : {}),
      since: this.statusSince,
    });
    if (st.level !== this.lastLevel) {
      this.statusSince = Date.now();
      st.since = this.statusSince;
      this.lastLevel = st.level;
    }
    return st;
  }

  // Builders, not values: the hub builds a snapshot only when it delivers one (≤ 10/s), not per tick.
  publishAccount(): void {
    this.o.hub.publish('account', () => this.runtime?.broker.account.snapshot() ?? null);
  }

  publishOrders(): void {
    this.o.hub.publish('orders', () => this.runtime?.broker.orders.snapshot() ?? { open: [], done: [], fills: [], reconciled: false });
  }

  publishRisk(): void {
    this.o.hub.publish('risk', () => (this.runtime ? this.runtime.desk.riskState() : null));
  }

  publishQuotes(): void {
    this.o.hub.publish('quotes', () => this.runtime?.broker.market.views() ?? {});
  }

  publishTimeline(): void {
    this.o.hub.publish('timeline', this.runtime?.supervisor.timeline() ?? []);
  }

  /** Gatehouse's API port for the trader's programs and who is connected (none without a profile). */
  apiClients(): ApiClients {
    return (
      this.runtime?.apiClients() ?? { host: '127.0.0.1', port: null, listening: false, problem: null, gatehouseClientId: null, masterByIbc: false, clients: [] }
    );
  }

  publishApiClients(): void {
    this.o.hub.publish('apiClients', () => this.apiClients());
  }

  /** Risk as the Risk screen shows it before any profile exists: the defaults, nothing used. */
  riskOrDefaults() {
    return this.runtime ? this.runtime.desk.riskState() : emptyRisk();
  }

  async dispose(stopGateway: (rt: ProfileRuntime) => boolean): Promise<void> {
    const rt = this.runtime;
    this.runtime = null;
    if (rt) await rt.dispose(stopGateway(rt));
  }
}

/** What a running Gateway or session took at start, in the user's words (name and demo flag need no restart). */
const RESTART_FIELDS: Partial<Record<keyof Profile, string>> = {
  mode: 'trading mode',
  installPath: 'Gateway folder',
  settingsPath: 'settings folder',
  ibcPath: 'IBC folder',
  product: 'product',
  apiPort: 'API port',
  clientId: 'client id',
  trustedIps: 'trusted IPs',
  readOnlyApi: 'read-only setting',
  username: 'username',
  account: 'account',
  autoRestartTime: 'daily restart time',
  twoFactor: 'two-factor settings',
  existingSessionAction: 'existing-session choice',
  coldRestartTime: 'weekly full login time',
};

function restartFields(running: Profile, saved: Profile): string[] {
  return (Object.keys(RESTART_FIELDS) as (keyof Profile)[])
    .filter((k) => JSON.stringify(running[k]) !== JSON.stringify(saved[k]))
    .map((k) => RESTART_FIELDS[k]!);
}

function emptyRisk() {
  return {
    limits: defaultLimits(),
    killSwitch: { active: false, reason: null, since: null },
    usage: { dailyLoss: '0', drawdown: '0', grossExposure: '0', ordersLastMinute: 0, startOfDayEquity: null, peakEquity: null },
    pdt: { dayTrades: 0, dayTradesRemainingIb: null },
  };
}

