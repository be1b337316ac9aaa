/**
 * Everything that runs for the active profile: the Gateway supervisor, the broker session on its API
 * port, the risk gate and the trading desk that joins them. Switching profiles disposes one runtime and
 * builds the next.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { GatewayEvent, Profile } from './contract.ts';
import { Broker } from './broker/broker.ts';
import type { GatewayLogs } from './gateway/logs.ts';
import { LogFileTailer } from './gateway/log-files.ts';
import { GatewaySupervisor, type SupervisorOptions } from './gateway/supervisor.ts';
import { RiskGate } from './risk/index.ts';
import { TradingDesk } from './trading.ts';
import { Emitter } from './util/emitter.ts';

export interface RuntimeOptions {
  profile: Profile;
  dataDir: string;
  logs: GatewayLogs;
  password: () => Promise<string | null>;
  alert: (kind: 'disconnect' | 'reconnect' | 'fill' | 'rejection' | 'risk' | 'gateway', severity: 'info' | 'warn' | 'error', title: string, body: string) => void;
  supervisor?: Partial<SupervisorOptions>;
  broker?: { probeIntervalMs?: number; backoffInitialMs?: number; backoffMaxMs?: number };
}

export type RuntimeEvents = { change: []; account: []; orders: []; timeline: [GatewayEvent] };

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
  private readonly offs: (() => void)[] = [];
  private readonly tailer: LogFileTailer;
  private wasConnected = false;

  constructor(o: RuntimeOptions) {
    super();
    this.profile = o.profile;
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
    this.gate = new RiskGate({ dir: path.join(dir, 'risk') });
    this.desk = new TradingDesk({
      broker: this.broker,
      gate: this.gate,
      mode: o.profile.mode,
      log: (level, text) => o.logs.add('broker', level, text),
      onRiskAlert: (title, body) => o.alert('risk', 'error', title, body),
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
        } else if (ev.state === 'stopped') {
          this.broker.stop();
        }
        this.emit('timeline', ev);
        this.emit('change');
      }),
      this.supervisor.onAlert((a) => o.alert('gateway', a.severity, a.title, a.body)),
      this.broker.on('session', (s) => {
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
      this.broker.on('fill', (f) => o.alert('fill', 'info', `Filled: ${f.side} ${f.shares} ${f.symbol}`, `at ${f.price} (order ${f.orderId})`)),
      this.broker.on('rejected', (r) => o.alert('rejection', 'error', `Order ${r.orderId} rejected`, r.message)),
    );
  }

  private wasConnectedOnce = false;

  async dispose(stopGateway: boolean): Promise<void> {
    for (const off of this.offs) off();
    this.tailer.stop();
    this.desk.dispose();
    this.broker.stop();
    if (stopGateway && this.supervisor.isRunning()) await this.supervisor.stop('Gatehouse is closing').catch(() => undefined);
    this.supervisor.dispose();
    // The audit log holds its file open between orders; let it finish its last sync and close.
    await this.gate.audit.close();
  }
}
