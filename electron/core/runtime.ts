/**
 * Everything that runs for the active profile: the Gateway supervisor, the broker session on its API
 * port, the risk gate and the trading desk that joins them. Switching profiles disposes one runtime and
 * builds the next.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ApiClients, FirewallSettings, GatewayEvent, Profile } from './contract.ts';
import { ApiFirewall } from './firewall/firewall.ts';
import { brokerPrepare } from './firewall/prepare.ts';
import { gateRisk } from './firewall/risk.ts';
import { firewallSettingsFile, loadFirewallSettings, parseFirewallSettings, policiesById, saveFirewallSettings } from './firewall/settings.ts';
import { Broker } from './broker/broker.ts';
import type { GatewayLogs } from './gateway/logs.ts';
import { LogFileTailer } from './gateway/log-files.ts';
import { GatewaySupervisor, type SupervisorOptions } from './gateway/supervisor.ts';
import { RiskGate, type GateOptions } from './risk/index.ts';
import { riskStateDir } from './risk/state-dir.ts';
import { TradingDesk } from './trading.ts';
import { Emitter, listenerFailureText } from './util/emitter.ts';

export interface RuntimeOptions {
  profile: Profile;
  dataDir: string;
  logs: GatewayLogs;
  password: () => Promise<string | null>;
  alert: (kind: 'disconnect' | 'reconnect' | 'fill' | 'rejection' | 'risk' | 'gateway', severity: 'info' | 'warn' | 'error', title: string, body: string) => void;
  supervisor?: Partial<SupervisorOptions>;
  broker?: { probeIntervalMs?: number; backoffInitialMs?: number; backoffMaxMs?: number };
  /** Gatehouse's API port for the trader's programs; default the Gateway's port + 10. */
  firewall?: { port?: number };
  /** Tests inject a disk that fills up. */
  risk?: Pick<GateOptions, 'disk'>;
  /** Read-Only API as the status reads it (the saved profile's); default: this runtime's profile. */
  readOnlyApi?: () => boolean;
}

/** The default API port of Gatehouse's firewall: the Gateway's port + 10 (4012 for paper's 4002). */
export function firewallPort(profile: Pick<Profile, 'apiPort'>): number {
  return profile.apiPort + 10 <= 65535 ? profile.apiPort + 10 : profile.apiPort - 10;
}

const LOOPBACK_IP = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export type RuntimeEvents = { change: []; account: []; orders: []; quotes: []; risk: []; timeline: [GatewayEvent]; apiClients: [] };

const UP = new Set(['api-ready', 'running', 'degraded']);

/**
 * Where a profile's Gateway files live, for the wizard's preview/write and the supervisor's launch alike:
 * IBC's config.ini under Gatehouse's data folder, built on the user's own `<ibc>/config.ini` when present.
 */
export function profileFiles(dataDir: string, profile: Profile): { workDir: string; baseIbcIni: string | null } {
  const base = profile.ibcPath ? path.join(profile.ibcPath, 'config.ini') : null;
  return { workDir: path.join(dataDir, 'profiles', profile.id, 'ibc'), baseIbcIni: base && existsSync(base) ? base : null };
}

export class ProfileRuntime extends Emitter<RuntimeEvents> {
  readonly profile: Profile;
  readonly supervisor: GatewaySupervisor;
  readonly broker: Broker;
  readonly gate: RiskGate;
  readonly desk: TradingDesk;
  readonly firewall: ApiFirewall;
  private readonly offs: (() => void)[] = [];
  private readonly tailer: LogFileTailer;
  private wasConnected = false;

  constructor(o: RuntimeOptions) {
    super();
    this.reportFailures((event, err) => o.logs.supervisor(listenerFailureText(`profile '${event}'`, err), 'error'));
    this.profile = o.profile;
    const readOnlyApi = o.readOnlyApi ?? (() => o.profile.readOnlyApi);
    const dir = path.join(o.dataDir, 'profiles', o.profile.id);
    this.supervisor = new GatewaySupervisor({
      profile: o.profile,
      logs: o.logs,
      password: o.password,
      ...profileFiles(o.dataDir, o.profile),
      ...o.supervisor,
    });
    this.broker = new Broker({
      port: o.profile.apiPort,
      clientId: o.profile.clientId,
      dataDir: dir,
      profileKey: `${o.profile.account || 'default'}-${o.profile.mode}`,
      preferredAccount: o.profile.account || null,
      log: (level, text) => o.logs.add('broker', level, text),
      ...o.broker,
    });
    this.gate = new RiskGate({ dir: riskStateDir(o.dataDir, o.profile), log: (level, text) => o.logs.add('broker', level, text), ...o.risk });
    this.desk = new TradingDesk({
      broker: this.broker,
      gate: this.gate,
      mode: o.profile.mode,
      log: (level, text) => o.logs.add('broker', level, text),
      onRiskAlert: (title, body) => o.alert('risk', 'error', title, body),
      // Bracket parts the API firewall holds back never reached the Gateway: the switch drops them there.
      // The status and risk views show the switch: a trip by the background loss check is news to them.
      onKillSwitch: (reason) => {
        this.firewall.onKillSwitch(reason);
        this.emit('change');
      },
      onLossChecked: () => this.emit('risk'),
      readOnlyApi,
    });

    // The trader's own programs connect here; their orders meet this profile's gate (electron/core/firewall).
    this.firewallFile = firewallSettingsFile(o.dataDir, o.profile.id);
    this.portOverride = o.firewall?.port;
    const loaded = loadFirewallSettings(this.firewallFile);
    if (loaded.problem) o.logs.add('broker', 'warn', `API port settings unreadable (${loaded.problem}): the defaults apply until you save them again.`);
    this.firewallConfig = loaded.settings;
    this.firewall = new ApiFirewall({
      ...this.firewallRunOptions(loaded.settings),
      upstream: { host: '127.0.0.1', port: o.profile.apiPort },
      risk: gateRisk({
        gate: this.gate,
        snapshot: () => this.broker.account.snapshot(),
        market: () => this.desk.market(),
        prepare: brokerPrepare(this.broker),
        resolve: (query) => this.broker.contracts.resolve(query),
        carryOut: async (actions) => {
          // A loss limit tripped on an API order: cancel everything through Gatehouse's own connection.
          if (!actions.some((a) => a.kind === 'cancel-all-orders')) return;
          this.firewall.onKillSwitch(this.gate.state(null).killSwitch.reason);
          if (this.broker.session.connected) this.broker.orders.cancelAll();
        },
      }),
      limits: () => this.gate.limits,
      gatewayUp: () => this.broker.session.connected,
      readOnlyApi,
      log: (level, text) => o.logs.add('broker', level, text),
      onChange: () => this.emit('apiClients'),
    });

    this.tailer = new LogFileTailer(o.logs, () => [
      { path: path.join(o.profile.settingsPath, 'launcher.log'), source: 'gateway' },
      // IBC's stdout is ours when we started it; when we attached, its log folder is the only witness.
      ...(o.profile.ibcPath && this.supervisor.attached ? [{ path: path.join(o.profile.ibcPath, 'logs'), source: 'ibc' as const }] : []),
    ]);
    this.tailer.start();

    this.offs.push(
      this.supervisor.on((ev) => {
        if (UP.has(ev.state)) {
          // The API port is answering: connect now rather than waiting out a backoff.
          this.broker.start();
          this.broker.session.kick();
          void this.firewall.open();
        } else if (ev.state === 'stopped') {
          this.broker.stop();
          this.firewall.gatewayDown();
        }
        this.emit('timeline', ev);
        this.emit('change');
      }),
      this.supervisor.onAlert((a) => o.alert('gateway', a.severity, a.title, a.body)),
      this.broker.on('session', (s) => {
        // The Gateway's own link to IB (1100 … 1102): the supervisor's escalation ladder.
        this.supervisor.ibLink(s.ibLink);
        if (s.phase === 'connected' && !this.wasConnected) {
          if (this.wasConnectedOnce) o.alert('reconnect', 'info', 'Reconnected to the Gateway', `API connection restored on port ${s.port}.`);
          this.wasConnectedOnce = true;
        }
        this.wasConnected = s.phase === 'connected';
        this.emit('change');
      }),
      this.broker.on('lost', (why) => {
        // A Gateway that is being stopped (by the user, or by Gatehouse closing) takes the API socket with
        // it: that is the stop working, not a failure to warn about in red.
        const st = this.supervisor.state;
        if (st === 'stopping' || st === 'stopped') return;
        o.alert('disconnect', 'warn', 'Disconnected from the Gateway', why);
      }),
      this.broker.on('account', () => this.emit('account')),
      this.broker.on('orders', () => this.emit('orders')),
      this.broker.on('quotes', () => this.emit('quotes')),
      this.broker.on('fill', (f) => o.alert('fill', 'info', `Filled: ${f.side} ${f.shares} ${f.symbol}`, `at ${f.price} (order ${f.orderId})`)),
      this.broker.on('rejected', (r) => o.alert('rejection', 'error', `Order ${r.orderId} rejected`, r.message)),
    );
  }

  private wasConnectedOnce = false;
  private readonly firewallFile: string;
  private readonly portOverride: number | undefined;
  private firewallConfig: FirewallSettings;

  /** What the firewall runs with for these settings: the Gateway's port + 10 and its trusted IPs by default. */
  private firewallRunOptions(s: FirewallSettings): { port: number; trustedAddresses: string[]; policies: ReturnType<typeof policiesById> } {
    const addresses = [...this.profile.trustedIps, ...s.trustedAddresses].filter((ip) => !LOOPBACK_IP.test(ip));
    return {
      port: this.portOverride ?? s.port ?? firewallPort(this.profile),
      trustedAddresses: [...new Set(addresses)],
      policies: policiesById(s),
    };
  }

  /** The `firewall.settings` view. */
  firewallSettings(): FirewallSettings {
    return structuredClone(this.firewallConfig);
  }

  /** Validates (field errors), saves, and applies the API port settings. */
  async saveFirewallSettings(input: unknown): Promise<FirewallSettings> {
    const settings = parseFirewallSettings(input, this.profile);
    saveFirewallSettings(this.firewallFile, settings);
    this.firewallConfig = settings;
    await this.firewall.reconfigure(this.firewallRunOptions(settings));
    this.emit('apiClients');
    return this.firewallSettings();
  }

  /** The `apiClients` stream / `firewall.clients` view. */
  apiClients(): ApiClients {
    return {
      host: this.firewall.host === '0.0.0.0' ? '127.0.0.1' : this.firewall.host,
      port: this.firewall.listening ? this.firewall.port : this.firewall.configuredPort,
      listening: this.firewall.listening,
      problem: this.firewall.problem,
      gatehouseClientId: this.profile.clientId,
      masterByIbc: this.profile.ibcPath !== null,
      clients: this.firewall.clients(),
    };
  }

  async dispose(stopGateway: boolean): Promise<void> {
    for (const off of this.offs) off();
    this.tailer.stop();
    await this.firewall.close();
    this.desk.dispose();
    this.broker.stop();
    if (stopGateway && this.supervisor.isRunning()) await this.supervisor.stop('Gatehouse is closing').catch(() => undefined);
    this.supervisor.dispose();
    // The audit log holds its file open between orders; let it finish its last sync and close.
    await this.gate.audit.close();
  }
}
