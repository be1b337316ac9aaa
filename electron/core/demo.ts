/**
 * Demo mode: a structurally real Gateway install whose launcher is the simulator, run by the same
 * supervisor as a real one. The shells choose it through CoreOptions (`demo`, `autoDemo`, `demoInProcess`);
 * everything demo mode does lives here.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ActiveProfile } from './active-profile.ts';
import { startsOnLaunch, type Profile } from './contract.ts';
import { discover } from './gateway/discovery.ts';
import type { GatewayLogs } from './gateway/logs.ts';
import { findFreePort } from './gateway/ports.ts';
import type { ProfileRuntime } from './runtime.ts';
import type { SettingsService } from './settings/service.ts';

/**
 * The positions the simulated paper account holds from the start, so the dashboard shows a book at once.
 * The simulated Gateway starts from them on every launch (it keeps no account between runs).
 */
export const DEMO_POSITIONS = [
  { symbol: 'AAPL', quantity: 100, avgCost: 221.4 },
  { symbol: 'MSFT', quantity: 40, avgCost: 402.15 },
  { symbol: 'SPY', quantity: 25, avgCost: 571.8 },
] as const;

/**
 * The demo login, read back from the simulated Gateway's own sim.json. It is no secret (a simulated paper
 * account on this machine), so it needs no keychain and survives a restart of Gatehouse, whose browser mode
 * keeps passwords in memory only: without this, every restart ended in "bad credentials".
 */
export function demoPassword(profile: Pick<Profile, 'settingsPath' | 'username'>): string | null {
  try {
    const sim = JSON.parse(readFileSync(path.join(profile.settingsPath, 'sim.json'), 'utf8')) as { users?: Record<string, unknown> };
    const password = sim.users?.[profile.username];
    return typeof password === 'string' ? password : null;
  } catch {
    return null;
  }
}

export interface DemoOptions {
  dataDir: string;
  settings: SettingsService;
  logs: GatewayLogs;
  active: ActiveProfile;
  /**
   * Run the simulated Gateway inside this process (the supervisor attaches to it) instead of as a child
   * process. The packaged Electron app uses this: it ships no separate Node runtime to run the launcher.
   */
  inProcess: boolean;
}

export class DemoMode {
  /** True once demo mode was asked for (the flag, the wizard's button or auto-demo). */
  private on = false;
  private inProcessSim: { close(): Promise<void> } | null = null;
  private readonly o: DemoOptions;

  constructor(o: DemoOptions) {
    this.o = o;
  }

  get active(): boolean {
    return this.on;
  }

  /** Activates the demo profile, creating it (install, port, password) the first time. */
  async use(): Promise<Profile> {
    const { settings, active } = this.o;
    const existing = settings.view().profiles.find((p) => p.demo);
    if (existing) {
      settings.setActive(existing.id);
      this.on = true;
      if (active.current()?.profile.id !== existing.id) await active.activate(existing);
      return existing;
    }
    const { createDemoInstall } = await import('../simulator/demo-install.ts');
    const root = path.join(this.o.dataDir, 'demo');
    const apiPort = await findFreePort();
    // A per-install random password: the simulated login checks it like IB's would, and a distinctive user
    // name keeps log redaction from masking ordinary words in paths.
    const password = randomUUID().replace(/-/g, '');
    const install = createDemoInstall(root, {
      withIbc: true,
      sim: {
        port: apiPort,
        users: { 'gatehouse-demo': password },
        exitWithParent: true,
        positions: DEMO_POSITIONS.map((p) => ({ ...p })),
      },
    });
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
    this.on = true;
    await active.activate(profile);
    return profile;
  }

  /**
   * At startup: `--demo` uses demo mode; `auto` uses it when there is no profile and no Gateway installed.
   * Then the active profile's Gateway is started in the background when demo mode was asked for, or when
   * the profile says "start the Gateway when Gatehouse starts" (on by default for demo); a failure goes to
   * the log and the timeline.
   */
  async startup(opts: { demo: boolean; auto: boolean; discovery: Parameters<typeof discover>[0] }): Promise<void> {
    if (opts.demo) await this.use();
    else if (opts.auto && this.o.settings.view().profiles.length === 0) {
      const found = discover(opts.discovery);
      if (!found.installs.some((i) => i.valid)) {
        this.o.logs.supervisor('No IB Gateway is installed: starting demo mode with the simulated Gateway.');
        await this.use();
      }
    }
    const rt = this.o.active.current();
    if (!rt || rt.supervisor.isRunning()) return;
    if (!((this.on && rt.profile.demo) || startsOnLaunch(rt.profile))) return;
    if (rt.profile.demo) this.on = true;
    this.o.logs.supervisor(`Starting the Gateway of “${rt.profile.name}” as Gatehouse starts.`);
    void this.beforeStart(rt.profile)
      .then(() => rt.supervisor.start())
      .catch((err: unknown) => this.o.logs.supervisor(`The Gateway did not start: ${(err as Error).message}`, 'error'));
  }

  /** Before a demo Gateway starts: the in-process simulator, when the shell runs one. */
  async beforeStart(profile: Profile): Promise<void> {
    if (!this.o.inProcess || !profile.demo || this.inProcessSim) return;
    const { startSimulator } = await import('../simulator/server.ts');
    this.inProcessSim = await startSimulator({ port: profile.apiPort });
    this.o.logs.supervisor(`Demo mode: simulated Gateway running inside Gatehouse on port ${profile.apiPort}.`);
  }

  /** After the Gateway stopped: the in-process simulator goes with it. */
  async afterStop(): Promise<void> {
    const sim = this.inProcessSim;
    this.inProcessSim = null;
    await sim?.close();
  }

  /** A restart: an in-process simulator is restarted with the Gateway; a child one restarts on its own. */
  async restart(rt: ProfileRuntime): Promise<void> {
    if (!this.inProcessSim) {
      await rt.supervisor.restart();
      return;
    }
    await rt.supervisor.stop('restart requested');
    await this.afterStop();
    await this.beforeStart(rt.profile);
    await rt.supervisor.start();
  }
}
