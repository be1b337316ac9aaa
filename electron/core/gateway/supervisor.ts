/**
 * The Gateway supervisor: keeps one Gateway alive for one profile.
 *
 * States and transitions (GatewayState; "up" = api-ready | running | degraded):
 *
 * | from                          | event                                                  | to                              |
 * |-------------------------------|--------------------------------------------------------|---------------------------------|
 * | stopped, crashed              | start(), API already answers on the port               | running (attached, not ours)    |
 * | stopped, crashed              | start(), port free                                     | starting (launch)               |
 * | stopped, crashed              | start(), port held by another program                  | (throws PORT_TAKEN)             |
 * | starting                      | no IBC (the user logs in by hand)                      | awaiting-login                  |
 * | starting                      | IBC: login dialog / login attempt line                 | awaiting-login                  |
 * | any                           | IBC: "Second Factor Authentication initiated"          | awaiting-login (alert; polls;   |
 * |                               |   (cancels a restart's grace: never restart over it)   |   login timer re-armed)         |
 * | awaiting-login (policy exit)  | IBC: "Re-login … not required", or twoFactorTimeoutMs  | stopping → stopped (alert)      |
 * | starting, awaiting-login      | loginTimeoutMs without the API (stuck dialog, blank    | stopping → stopped (alert);     |
 * |                               |   credentials, expired 2FA)                            |   no IBC: an alert only         |
 * | starting … awaiting-login     | IBC: first "Login failed" dialog (IBC retries itself)  | awaiting-login                  |
 * | starting … awaiting-login     | second "Login failed" / "Too many failed login …"      | stopping → stopped (bad creds)  |
 * | any                           | IBC: "(scenario 1)" existing session, manual           | awaiting-login (alert)          |
 * | any                           | IBC: "(scenario 2/4/6)" this Gateway gives way         | stopping → stopped (alert)      |
 * | any                           | IBC: "(scenario 3/5)" this Gateway keeps the session   | (alert only)                    |
 * | starting, awaiting-login      | IBC: "Login has completed"                             | awaiting-login (API must follow)|
 * | starting, awaiting-login      | API silent apiAfterLoginMs after login                 | → hang                          |
 * | starting, awaiting-login,     | API handshake answers                                  | api-ready                       |
 * |   restarting                  |                                                        |                                 |
 * | api-ready                     | healthy for stableMs                                   | running (backoff reset)         |
 * | up                            | a probe fails (fewer than hangFailures in a row)       | degraded                        |
 * | degraded                      | a probe answers                                        | running                         |
 * | up (attached)                 | hangFailures probes fail                               | degraded (alert; not restarted) |
 * | up (ours)                     | hangFailures probes fail                               | → hang                          |
 * | up                            | IBC announces its own restart / daily timer            | restarting (grace timer)        |
 * | up                            | IBC: "Setting auto-restart time" (a RESTART)           | restarting (grace + ~62 s)      |
 * | up                            | IBC: "Cold restart in progress" (ColdRestartTime)      | restarting (login timer)        |
 * | restarting                    | grace expires without the API                          | → hang                          |
 * | up (ours, IBC)                | IB link lost (ibLink): linkReconnectMs, then each step | RECONNECTACCOUNT → soft RESTART |
 * |                               |   (only while up; never over a login)                  |   → cold restart (≤ 1 / 30 min) |
 * | hang                          | crash-loop limit reached                               | crashed (alert; process ended)  |
 * | hang                          | first time, IBC command server takes RESTART           | restarting (soft; grace timer   |
 * |                               |                                                        |   + IBC's ~62 s RESTART delay)  |
 * | hang                          | otherwise                                              | restarting (full) → starting    |
 * | any with a process (no IBC)   | exit around the profile's daily restart time           | restarting → up (re-attached by |
 * |                               |   (the Gateway restarted itself)                       |   port; launch if it never came)|
 * | any with a process            | exit 87 (2FA timed out), policy "exit"                 | stopped (alert)                 |
 * | any with a process            | IBC/script setup exit (exit-codes.ts)                  | stopped, or crashed → retry     |
 * | any with a process            | other unexpected exit                                  | crashed → restarting (backoff)  |
 * |                               |   … crash-loop limit reached                           | crashed (alert; no restart)     |
 * | restarting (backoff)          | backoff delay over                                     | starting (or attached)          |
 * | any                           | stop()                                                 | stopping → stopped              |
 *
 * Ahead of IBC's weekly cold restart (ColdRestartTime) the user is told a day and an hour before that a
 * 2FA approval will be needed. On macOS without IBC, stop ends the app itself (./mac-stop.ts).
 *
 * Every automatic restart (a hang, the daily timer) goes through recover(): the soft
 * path (IBC's RESTART, no new login) when allowed and available, else the full path (restartNow(): end the
 * process, launch again). The IBC side of that (config.ini, the command server) lives in ./ibc.ts.
 */
import path from 'node:path';
import type { GatewayEvent, GatewayState, Profile } from '../contract.ts';
import { AppError } from '../errors.ts';
import { spawnGateway, type ChildExit, type GatewayChild, type Spawner } from './child.ts';
import { explainIbcExit, exitReason } from './exit-codes.ts';
import { execa } from 'execa';
import { existingSessionScenario, type ExistingSessionScenario } from './existing-session.ts';
import { findListenerCommand, isMacOpen, killCommand, pidsFrom, quitAppCommand, type Command } from './mac-stop.ts';
import { IbcPlumbing } from './ibc.ts';
import { buildLaunch, checkLaunchable, type LaunchSpec } from './launch.ts';
import type { GatewayLogs } from './logs.ts';
import { findFreePort } from './ports.ts';
import { probeApi, type ProbeResult } from './probe.ts';
import { msUntilColdRestart, msUntilDaily } from './schedule.ts';
import { writeVmoptions } from './vmoptions.ts';
import { systemClock, type Clock } from '../util/clock.ts';

export interface SupervisorTimings {
  /** Crash restarts wait 1 s, 2 s, 4 s … up to the max. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** This many crashes within the window stop the restarts and alert the user. */
  crashLoopCount: number;
  crashLoopWindowMs: number;
  /** While starting: how often to try the API handshake. */
  readyPollMs: number;
  probeTimeoutMs: number;
  /** Once up: how often to probe, and how many failures in a row mean "hung". */
  healthIntervalMs: number;
  hangFailures: number;
  /** Healthy this long after api-ready → running (and the backoff resets). */
  stableMs: number;
  /** After IBC says "Login has completed", the API must answer within this, or the Gateway is hung. */
  apiAfterLoginMs: number;
  /** Graceful stop (IBC STOP, then SIGTERM) waits this long before the next step. */
  stopTimeoutMs: number;
  killTimeoutMs: number;
  /** How long IBC's own daily restart may keep the API down before we call it a hang. */
  dailyGraceMs: number;
  /** How long a soft restart (IBC RESTART after a hang) may take, once begun, before we restart fully. */
  softRestartGraceMs: number;
  /**
   * IBC answers RESTART at once but the restart begins only at the next whole minute (RestartTask.java:
   * 100-123): up to ~62 s. Added to the grace so a restart that has not even started is not called failed.
   */
  restartDelayMs: number;
  /**
   * Policy "exit" (ReloginAfterSecondFactorAuthenticationTimeout=no): IBC never exits on a 2FA timeout, it
   * waits at the login dialog (LoginManager.java:143-145). Gatehouse's own timer ends the wait: IBC's
   * SecondFactorAuthenticationTimeout (180 s) plus a margin.
   */
  twoFactorTimeoutMs: number;
  /** A login that has not completed this long after the launch (or the last 2FA prompt) is given up, with an alert. */
  loginTimeoutMs: number;
  /**
   * The escalation ladder when the Gateway loses IB (1100/2110): the Gateway's own reconnection gets this
   * long (IB's nightly reset comes back by itself), then IBC's RECONNECTACCOUNT, then — each after the
   * next wait — a soft RESTART and last a cold restart, at most one per `coldRestartMinIntervalMs`.
   */
  linkReconnectMs: number;
  linkStepMs: number;
  coldRestartMinIntervalMs: number;
}

export const DEFAULT_TIMINGS: SupervisorTimings = {
  backoffInitialMs: 1_000,
  backoffMaxMs: 60_000,
  crashLoopCount: 5,
  crashLoopWindowMs: 10 * 60_000,
  readyPollMs: 1_000,
  probeTimeoutMs: 5_000,
  healthIntervalMs: 15_000,
  hangFailures: 3,
  stableMs: 30_000,
  apiAfterLoginMs: 120_000,
  stopTimeoutMs: 15_000,
  killTimeoutMs: 5_000,
  dailyGraceMs: 5 * 60_000,
  softRestartGraceMs: 90_000,
  restartDelayMs: 62_000,
  twoFactorTimeoutMs: 195_000,
  loginTimeoutMs: 300_000,
  linkReconnectMs: 3 * 60_000,
  linkStepMs: 2 * 60_000,
  coldRestartMinIntervalMs: 30 * 60_000,
};

// Core's one clock (util/clock.ts), re-exported so existing imports of the supervisor's Clock keep working.
export type { Clock } from '../util/clock.ts';
const realClock: Clock = systemClock;

export interface GatewayAlert {
  time: number;
  severity: 'info' | 'warn' | 'error';
  title: string;
  body: string;
}

export interface SupervisorOptions {
  profile: Profile;
  logs: GatewayLogs;
  /** From the vault; null lets IBC fill the username and the user type the password. */
  password?: () => Promise<string | null>;
  /** Where the per-profile IBC config.ini is written. */
  workDir: string;
  /** The user's own IBC config.ini: its keys and comments are kept in ours. */
  baseIbcIni?: string | null;
  /** IBC command server port for a clean STOP; default: a free port per launch. 0 = none. */
  commandServerPort?: number;
  /**
   * `auto`: with IBC, IBC restarts the Gateway at AutoRestartTime (keeping the session) and we only expect
   * it; without IBC we restart it. `supervisor`: we do it at that time — IBC's soft `RESTART` through the
   * command server when there is one, else a full stop and start. `off`: we do nothing.
   */
  dailyRestart?: 'auto' | 'supervisor' | 'off';
  platform?: NodeJS.Platform;
  spawn?: Spawner;
  probe?: (port: number, timeoutMs: number) => Promise<ProbeResult>;
  sendCommand?: (port: number, command: string) => Promise<string>;
  freePort?: () => Promise<number>;
  /** Runs a helper command (macOS stop: lsof, kill, osascript); tests record them. */
  exec?: (command: Command) => Promise<{ code: number | null; stdout: string }>;
  clock?: Clock;
  timings?: Partial<SupervisorTimings>;
}

type Intent = 'none' | 'stop' | 'restart';
type TimerName =
  | 'ready'
  | 'health'
  | 'stable'
  | 'restart'
  | 'apiAfterLogin'
  | 'grace'
  | 'daily'
  | 'login'
  | 'twoFactor'
  | 'weeklyDay'
  | 'weeklyHour'
  | 'ladder';

/** How a launch ended when it ended on purpose (a refused login, an unapproved 2FA, a session given way). */
interface LoginEnd {
  reason: string;
  title: string;
  body: string;
  severity: GatewayAlert['severity'];
}

const UP: GatewayState[] = ['api-ready', 'running', 'degraded'];

/** How long before the daily restart time an exit already counts as the Gateway's own restart. */
const SELF_RESTART_LEAD_MS = 60_000;

/** IBC/Gateway lines that announce a restart they do themselves (daily auto-restart, command-server RESTART). */
const RESTART_LINE = /auto-?restart|autorestart file found|restart(ing)? (requested|the Gateway)|daily restart/i;

/**
 * Keeps one Gateway alive for one profile. The state comes from three witnesses — the process, IBC's log
 * and a real API handshake — so a pending 2FA prompt is never mistaken for a hang and killed, and a hung
 * Gateway with its port still open is not mistaken for a healthy one.
 */
export class GatewaySupervisor {
  private readonly o: SupervisorOptions;
  private readonly t: SupervisorTimings;
  private readonly clock: Clock;
  private readonly spawn: Spawner;
  private readonly probeFn: (port: number, timeoutMs: number) => Promise<ProbeResult>;
  private currentProfile: Profile;
  private currentState: GatewayState = 'stopped';
  private currentReason = 'not started';
  private readonly events: GatewayEvent[] = [];
  private readonly listeners = new Set<(e: GatewayEvent) => void>();
  private readonly alertListeners = new Set<(a: GatewayAlert) => void>();
  private readonly timers = new Map<TimerName, unknown>();
  private child: GatewayChild | null = null;
  private spec: LaunchSpec | null = null;
  /** Without IBC: until this time an exit is the Gateway's own daily restart (0 = none expected). */
  private selfRestartUntil = 0;
  /** Waiting for the Gateway that restarted itself; the next API answer re-attaches to it. */
  private reattaching = false;
  /** Attached to the Gateway that our own launch became after its daily restart: its restarts are expected too. */
  private adopted = false;
  /** The Gateway has lost its connection to IB (the API session saw 1100/2110 and no 1101/1102 yet). */
  private linkLost = false;
  private linkLostAt = 0;
  private lastColdRestart = Number.NEGATIVE_INFINITY;
  private readonly ibc: IbcPlumbing;
  private usesIbc = false;
  /** IBC's Java has logged in this launch: small exit codes are no longer the start script's (exit-codes.ts). */
  private javaStarted = false;
  private isAttached = false;
  private gen = 0;
  private intent: Intent = 'none';
  /** IB's "Login failed" dialogs seen in this launch: IBC retries the first itself (a cold restart). */
  private loginFailures = 0;
  /** Set when this launch is being ended on purpose: the exit that follows is not a crash. */
  private loginEnd: LoginEnd | null = null;
  private failureDialogOpen = false;
  private healthFailures = 0;
  /** A soft restart was tried for the current hang; the next step is a full restart. */
  private softTried = false;
  private crashTimes: number[] = [];
  private backoffStep = 0;
  private op: Promise<unknown> = Promise.resolve();

  constructor(options: SupervisorOptions) {
    this.o = options;
    this.currentProfile = options.profile;
    this.t = { ...DEFAULT_TIMINGS, ...options.timings };
    this.clock = options.clock ?? realClock;
    this.spawn = options.spawn ?? spawnGateway;
    this.probeFn = options.probe ?? ((port, timeoutMs) => probeApi({ port, timeoutMs }));
    this.ibc = new IbcPlumbing({
      workDir: options.workDir,
      baseIbcIni: options.baseIbcIni,
      sendCommand: options.sendCommand,
      log: (text, level) => this.o.logs.supervisor(text, level),
      now: () => this.clock.now(),
    });
    if (options.profile.ibcPath !== null) this.ibc.sweep(options.profile.id);
  }

  get state(): GatewayState {
    return this.currentState;
  }
  get reason(): string {
    return this.currentReason;
  }
  get attached(): boolean {
    return this.isAttached;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get profile(): Profile {
    return this.currentProfile;
  }
  /** The config.ini of the last IBC launch (for the "files we wrote" view). */
  get ibcIniPath(): string | null {
    return this.ibc.iniPath;
  }

  /** Guard for jts.ini writes: true while a Gateway we started or attached to runs. */
  isRunning(): boolean {
    return this.child !== null || this.isAttached;
  }

  /** Takes effect at the next launch. */
  setProfile(profile: Profile): void {
    this.currentProfile = profile;
  }

  timeline(): GatewayEvent[] {
    return [...this.events];
  }

  on(listener: (e: GatewayEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onAlert(listener: (a: GatewayAlert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  /** Start the Gateway, or attach to one already answering on the profile's port. */
  start(): Promise<void> {
    return this.serial(async () => {
      if (this.currentState !== 'stopped' && this.currentState !== 'crashed') return;
      this.crashTimes = [];
      this.backoffStep = 0;
      await this.attachOrLaunch('start requested');
    });
  }

  stop(reason = 'stopped by you'): Promise<void> {
    return this.serial(() => this.stopNow(reason));
  }

  restart(reason = 'restart requested'): Promise<void> {
    return this.serial(async () => {
      if (this.isAttached) {
        throw new AppError('GATEWAY_RUNNING', 'This Gateway was not started by Gatehouse, so Gatehouse cannot restart it', {
          hint: 'Stop it where it was started, then start it from Gatehouse.',
        });
      }
      if (this.currentState === 'stopped' || this.currentState === 'crashed') {
        await this.attachOrLaunch(reason);
        return;
      }
      await this.restartNow(reason);
    });
  }

  /**
   * What the API session hears about the Gateway's own link to IB. A lost link climbs the gentle ladder —
   * the Gateway's reconnection, RECONNECTACCOUNT, soft RESTART, a rate-limited cold restart — and never
   * while a login or a restart is in progress, so a pending 2FA prompt is not destroyed.
   */
  ibLink(link: 'ok' | 'lost'): void {
    if (link === 'ok') {
      if (this.linkLost) this.o.logs.supervisor('the Gateway is connected to IB again');
      this.linkLost = false;
      this.cancel('ladder');
      return;
    }
    if (this.linkLost || this.isAttached) return;
    this.linkLost = true;
    this.linkLostAt = this.clock.now();
    this.o.logs.supervisor('the Gateway lost its connection to IB; waiting for it to reconnect', 'warn');
    this.climb(this.gen, 0, this.t.linkReconnectMs);
  }

  private climb(gen: number, step: number, waitMs: number): void {
    this.timer('ladder', waitMs, () => {
      void this.serial(async () => {
        if (gen !== this.gen || !this.linkLost) return;
        // A login (2FA) or a restart under way: wait for it rather than act over it.
        if (!UP.includes(this.currentState)) return this.climb(gen, step, this.t.linkStepMs);
        const lost = `the Gateway has been disconnected from IB for ${formatMinutes(this.clock.now() - this.linkLostAt)}`;
        const commands = this.usesIbc && this.ibc.commandPort > 0;
        if (step === 0 && commands) {
          const r = await this.ibc.command('RECONNECTACCOUNT');
          this.o.logs.supervisor(`${lost}: asked IBC to reconnect the account (${r.kind})`, 'warn');
          return this.climb(gen, 1, this.t.linkStepMs);
        }
        if (step <= 1 && commands) {
          this.alert('warn', 'Gateway disconnected from IB', `${lost}. Soft restart through IBC (no new login needed).`);
          await this.recover(gen, `${lost}; soft restart through IBC`, { soft: true, graceMs: this.t.softRestartGraceMs, softReason: `${lost}; soft restart through IBC` });
          return this.climb(this.gen, 2, this.t.linkStepMs + this.t.restartDelayMs + this.t.softRestartGraceMs);
        }
        if (!this.usesIbc) {
          // A cold restart without IBC would leave the user to log in again by hand: say so instead.
          this.alert('error', 'Gateway disconnected from IB', `${lost}. Check the Gateway window, or restart it from Gatehouse.`);
          return;
        }
        const now = this.clock.now();
        if (now - this.lastColdRestart < this.t.coldRestartMinIntervalMs) {
          this.o.logs.supervisor(`${lost}; a cold restart ran less than ${formatMinutes(this.t.coldRestartMinIntervalMs)} ago, so Gatehouse waits`, 'warn');
          return this.climb(gen, 2, this.lastColdRestart + this.t.coldRestartMinIntervalMs - now);
        }
        this.lastColdRestart = now;
        this.alert('warn', 'Gateway restarted', `${lost}. Cold restart: approve the new login in IBKR Mobile if asked.`);
        await this.restartNow(`${lost}; cold restart`);
        // The restarted Gateway's session reports the link again; if it stays lost, the ladder starts over.
        this.linkLost = false;
      });
    });
  }

  /** Forget timers without touching the process (tests; an app quitting with "leave the Gateway running"). */
  dispose(): void {
    this.gen++;
    this.clearTimers(true);
    this.listeners.clear();
    this.alertListeners.clear();
  }

  // ------------------------------------------------------------------------------------------------------

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.op.then(fn, fn);
    this.op = run.catch(() => undefined);
    return run;
  }

  private setState(state: GatewayState, reason: string): void {
    if (state === this.currentState && reason === this.currentReason) return;
    this.currentState = state;
    this.currentReason = reason;
    const event: GatewayEvent = { time: this.clock.now(), state, reason };
    this.events.push(event);
    if (this.events.length > 500) this.events.shift();
    this.o.logs.supervisor(`${state}: ${reason}`, state === 'crashed' ? 'error' : state === 'degraded' ? 'warn' : 'info');
    for (const l of this.listeners) l(event);
  }

  private alert(severity: GatewayAlert['severity'], title: string, body: string): void {
    const a: GatewayAlert = { time: this.clock.now(), severity, title, body };
    for (const l of this.alertListeners) l(a);
  }

  private timer(name: TimerName, ms: number, fn: () => void): void {
    this.cancel(name);
    this.timers.set(
      name,
      this.clock.setTimeout(() => {
        this.timers.delete(name);
        fn();
      }, ms),
    );
  }

  private cancel(name: TimerName): void {
    const h = this.timers.get(name);
    if (h !== undefined) this.clock.clearTimeout(h);
    this.timers.delete(name);
  }

  private clearTimers(includingDaily = false): void {
    const keep: TimerName[] = ['daily', 'weeklyDay', 'weeklyHour'];
    for (const name of [...this.timers.keys()]) if (includingDaily || !keep.includes(name)) this.cancel(name);
  }

  private probe(): Promise<ProbeResult> {
    return this.probeFn(this.currentProfile.apiPort, this.t.probeTimeoutMs);
  }

  private async attachOrLaunch(reason: string): Promise<void> {
    const port = this.currentProfile.apiPort;
    const found = await this.probe();
    if (found.ok || found.serverVersion !== null) {
      this.isAttached = true;
      const gen = ++this.gen;
      this.setState('running', `attached to the Gateway already answering on port ${port}; Gatehouse did not start it`);
      this.health(gen);
      return;
    }
    if (found.reason !== 'refused') {
      throw new AppError('PORT_TAKEN', `Port ${port} is used by another program`, {
        hint: `Close the program using port ${port}, or pick another API port in the profile (it answered: ${found.detail}).`,
      });
    }
    await this.launch(reason);
  }

  private async launch(reason: string): Promise<void> {
    const profile = this.currentProfile;
    const gen = ++this.gen;
    this.isAttached = false;
    this.adopted = false;
    this.reattaching = false;
    this.linkLost = false;
    this.loginFailures = 0;
    this.loginEnd = null;
    this.healthFailures = 0;
    this.intent = 'none';
    const password = (await this.o.password?.()) ?? null;
    this.o.logs.redactor.add(password);
    this.o.logs.redactor.add(profile.username, '<user>');

    this.usesIbc = profile.ibcPath !== null;
    this.ibc.reset();
    let ibcIni: string | undefined;
    if (this.usesIbc) {
      const commandServerPort = this.o.commandServerPort ?? (await (this.o.freePort ?? findFreePort)());
      // The login goes into the profile's own config.ini for as long as this Gateway runs (ibc-credentials.ts).
      ibcIni = this.ibc.writeConfig(profile, { commandServerPort, password });
    }
    // The profile's Java heap, set in the install's vmoptions (lossless, backup) before the JVM reads it.
    if (profile.javaHeapMb !== null && profile.product === 'gateway') writeVmoptions(path.join(profile.installPath, 'ibgateway.vmoptions'), profile.javaHeapMb);
    const spec = buildLaunch(profile, {
      platform: this.o.platform ?? process.platform,
      ...(ibcIni ? { ibcIni } : {}),
    });
    checkLaunchable(spec);
    this.o.logs.supervisor(`launching: ${spec.describe}`);
    if (this.usesIbc && password === null) {
      this.alert('warn', 'No password stored', 'IBC will fill in the username; type the password in the Gateway window.');
    }
    const child = this.spawn(spec);
    this.child = child;
    this.spec = spec;
    if (this.usesIbc) this.ibc.markInUse(child.pid);
    this.setState('starting', reason);
    this.javaStarted = false;
    child.onLine((raw) => {
      if (gen !== this.gen) return;
      if (/\bIBC: /.test(raw)) this.javaStarted = true;
      const line = this.o.logs.ingest(raw, 'gateway');
      if (line) this.onLine(gen, line.text);
    });
    void child.exited.then((exit) => this.onExit(gen, exit));
    if (!this.usesIbc) this.setState('awaiting-login', 'log in to IB Gateway in its window; Gatehouse waits for the API');
    this.armLoginTimer(gen);
    this.pollReady(gen);
  }

  /**
   * A login that never completes — a dialog nobody answers, blank credentials IBC cannot type, a 2FA
   * prompt that expired — must not read "awaiting login" for ever. Re-armed by every new 2FA prompt, so
   * IBC's own re-login after a 2FA timeout (policy "restart") keeps its chance.
   */
  private armLoginTimer(gen: number): void {
    this.timer('login', this.t.loginTimeoutMs, () => {
      if (gen !== this.gen || !['starting', 'awaiting-login', 'restarting'].includes(this.currentState)) return;
      const min = formatMinutes(this.t.loginTimeoutMs);
      if (!this.usesIbc) {
        this.alert('warn', 'Still not logged in', `IB Gateway has been waiting for a login for ${min}. Log in in its window.`);
        return;
      }
      const last = this.currentReason;
      void this.endLogin(gen, {
        reason: `the login did not complete within ${min} (last: ${last}); Gatehouse stopped the Gateway`,
        title: 'Login did not complete',
        body: `IB Gateway was still not logged in after ${min} (${last}). Check the username and password in the profile and any dialog in the Gateway window, then start again.`,
        severity: 'error',
      });
    });
  }

  /** End this launch on purpose (no restart): the reason stays as the state's reason, and the user is told. */
  private endLogin(gen: number, end: LoginEnd): Promise<void> {
    return this.serial(async () => {
      if (gen !== this.gen) return;
      this.loginEnd = end;
      if (this.child) {
        this.intent = 'stop';
        this.setState('stopping', end.reason);
        await this.terminate();
        this.intent = 'none';
      }
      this.finishLoginEnd();
    });
  }

  private finishLoginEnd(): void {
    const end = this.loginEnd;
    if (!end || (this.currentState === 'stopped' && this.currentReason === end.reason)) return;
    this.gen++;
    this.clearTimers(true);
    this.setState('stopped', end.reason);
    this.alert(end.severity, end.title, end.body);
  }

  private twoFactorNotApproved(gen: number): Promise<void> {
    return this.endLogin(gen, {
      reason: '2FA was not approved in time; Gatehouse stopped the Gateway (the profile says stop); start again when your phone is at hand',
      title: 'Login not approved',
      body: 'The second-factor request on your phone (IBKR Mobile) was not approved in time. Start the Gateway again to get a new one.',
      severity: 'warn',
    });
  }

  private onLine(gen: number, text: string): void {
    const session = existingSessionScenario(text);
    if (session) {
      this.onExistingSession(gen, session);
    } else if (/Second Factor Authentication initiated/i.test(text)) {
      const wasUp = UP.includes(this.currentState);
      // A restart that ran into a full login (the Sunday token reset) is waiting for the user, not hung:
      // the grace timer must not restart the Gateway and destroy the prompt.
      this.cancel('grace');
      this.setState('awaiting-login', 'waiting for you to approve the login in IBKR Mobile (2FA)');
      this.alert('warn', 'Approve the login', 'IB sent a second-factor request to your phone (IBKR Mobile).');
      this.armLoginTimer(gen);
      if (this.usesIbc && this.currentProfile.twoFactor.timeoutAction === 'exit') {
        this.timer('twoFactor', this.t.twoFactorTimeoutMs, () => {
          if (gen === this.gen && ['starting', 'awaiting-login'].includes(this.currentState)) void this.twoFactorNotApproved(gen);
        });
      }
      // Health probes would call a Gateway waiting for 2FA "hung" and kill the prompt: poll for readiness instead.
      if (wasUp || this.currentState === 'awaiting-login') this.pollReady(gen);
    } else if (/Re-login after second factor authentication timeout not required/i.test(text)) {
      // IBC will wait at the login dialog for ever (LoginManager.java:143-145): stop now, cleanly.
      void this.twoFactorNotApproved(gen);
    } else if (/Cold restart in progress|IBC will cold-restart shortly/i.test(text) && UP.includes(this.currentState)) {
      // IBC's weekly cold restart (ColdRestartTime): a full login with a 2FA prompt follows. Not a hang,
      // and nothing may restart the Gateway over that prompt: the login timer watches it instead.
      this.cancel('health');
      this.cancel('stable');
      this.setState('restarting', "IBC's weekly cold restart: a full login follows (approve the 2FA request in IBKR Mobile)");
      this.armLoginTimer(gen);
      this.pollReady(gen);
    } else if (/Setting auto-restart time to/i.test(text) && UP.includes(this.currentState)) {
      // Someone sent IBC a RESTART: it begins at the next minute.
      this.expectRestart(gen, 'IBC restarts the Gateway at the next minute (no new login needed)', this.t.dailyGraceMs + this.t.restartDelayMs);
    } else if (RESTART_LINE.test(text) && UP.includes(this.currentState)) {
      this.expectRestart(gen, 'the Gateway is doing its daily restart (no new login needed)');
    } else if (/Login dialog WINDOW_OPENED|Login attempt: \d|Starting session/i.test(text) && this.currentState === 'starting') {
      this.setState('awaiting-login', 'IBC is logging in');
    } else if (/Login has completed/i.test(text)) {
      this.cancel('twoFactor');
      this.loginFailures = 0;
      if (this.currentState === 'starting' || this.currentState === 'awaiting-login') {
        this.setState('awaiting-login', 'login completed; waiting for the API to answer');
      }
      this.timer('apiAfterLogin', this.t.apiAfterLoginMs, () => {
        if (gen === this.gen && (this.currentState === 'starting' || this.currentState === 'awaiting-login')) {
          void this.hang(gen, `logged in, but the API did not answer within ${Math.round(this.t.apiAfterLoginMs / 1000)} s`);
        }
      });
      this.pollReady(gen, 0);
    } else if (/Too many failed login attempts/i.test(text)) {
      // IB's own verdict after repeated failures (TooManyFailedLoginAttemptsDialogHandler.java): retrying
      // would only extend the lockout.
      void this.badCredentials(gen, 'IB says "too many failed login attempts"');
    } else if (/^Login failed$|dialog entitled: Login failed/i.test(text)) {
      // IBC logs the dialog's title, then "Login failed", for the same dialog (TwsListener.java:146-155,
      // LoginFailedDialogHandler.java:41): count the dialog once.
      const dialog = /dialog entitled/i.test(text);
      if (!dialog && this.failureDialogOpen) {
        this.failureDialogOpen = false;
        return;
      }
      this.failureDialogOpen = dialog;
      this.loginFailures++;
      if (this.loginFailures >= 2) {
        void this.badCredentials(gen, 'IB refused the login twice');
        return;
      }
      // Not yet bad credentials: IBC cold-restarts itself and tries again (LoginFailedDialogHandler.java:41-44).
      this.setState('awaiting-login', 'IB said "Login failed"; IBC is trying again');
    }
  }

  private onExistingSession(gen: number, s: ExistingSessionScenario): void {
    this.o.logs.supervisor(`existing session (IBC scenario ${s.scenario}): ${s.words}`, s.ends || s.waits ? 'warn' : 'info');
    if (s.ends) {
      // This Gateway closes by itself: its exit is the profile's choice working, not a crash.
      this.loginEnd = {
        reason: `stopped: ${s.words}`,
        title: 'Logged in elsewhere',
        body: `${capitalise(s.words)}. To take over from Gatehouse instead, change "When already logged in elsewhere" in the profile, or log out of the other session, then start again.`,
        severity: 'warn',
      };
      this.setState('stopping', s.words);
      const end = this.loginEnd;
      // It should close by itself; if it does not, close it.
      this.timer('login', this.t.stopTimeoutMs, () => void this.endLogin(gen, end));
      return;
    }
    if (s.waits) {
      this.setState('awaiting-login', s.words);
      this.alert('warn', 'Logged in elsewhere', `${capitalise(s.words)}. Answer it there, or choose what Gatehouse should do in the profile ("When already logged in elsewhere").`);
      return;
    }
    this.alert('info', 'Logged in elsewhere', `${capitalise(s.words)}.`);
    if (!UP.includes(this.currentState)) this.setState('awaiting-login', s.words);
  }

  /** Bad credentials: end the launch (IBC would retry into a lockout) and never restart it. */
  private badCredentials(gen: number, why: string): Promise<void> {
    return this.endLogin(gen, {
      reason: `login failed: ${why} (bad credentials?); not retrying`,
      title: 'Login failed',
      body: 'IB rejected the username or password. Check them in the profile, then start again.',
      severity: 'error',
    });
  }

  private pollReady(gen: number, delay = this.t.readyPollMs): void {
    this.timer('ready', delay, () => {
      void (async () => {
        if (gen !== this.gen || !['starting', 'awaiting-login', 'restarting'].includes(this.currentState)) return;
        const r = await this.probe();
        if (gen !== this.gen || !['starting', 'awaiting-login', 'restarting'].includes(this.currentState)) return;
        if (r.ok) this.ready(gen, r);
        else this.pollReady(gen);
      })();
    });
  }

  private ready(gen: number, r: Extract<ProbeResult, { ok: true }>): void {
    if (this.reattaching) {
      this.reattaching = false;
      this.isAttached = true;
      this.adopted = true;
      this.spec = null;
    }
    this.cancel('apiAfterLogin');
    this.cancel('grace');
    this.cancel('login');
    this.cancel('twoFactor');
    this.healthFailures = 0;
    this.softTried = false;
    this.setState('api-ready', `API answered in ${r.ms} ms (server version ${r.serverVersion})`);
    this.timer('stable', this.t.stableMs, () => {
      if (gen !== this.gen || this.currentState !== 'api-ready') return;
      this.backoffStep = 0;
      this.setState('running', 'Gateway healthy');
    });
    this.health(gen);
    this.scheduleDaily();
    this.scheduleWeeklyNotices();
  }

  /**
   * IBC's weekly cold restart (ColdRestartTime, Sundays) logs in from scratch: the user has to approve a
   * 2FA request then. Say so a day ahead and an hour ahead, so the phone is at hand.
   */
  private scheduleWeeklyNotices(): void {
    if (!this.usesIbc || this.isAttached) return;
    const time = this.currentProfile.coldRestartTime;
    const ms = msUntilColdRestart(time, this.clock.now());
    if (ms === null) return;
    const notice = (name: 'weeklyDay' | 'weeklyHour', lead: number, when: string) => {
      if (ms <= lead) return;
      this.timer(name, ms - lead, () => {
        this.alert(
          name === 'weeklyHour' ? 'warn' : 'info',
          'Weekly login: 2FA approval needed',
          `${when} (Sunday ${time}) IBC restarts IB Gateway with a full login, as IB requires once a week. Keep your phone at hand to approve the request in IBKR Mobile; until then Gatehouse cannot trade.`,
        );
        // Next week's notices (a new launch schedules its own).
        const gen = this.gen;
        this.clock.setTimeout(() => gen === this.gen && this.scheduleWeeklyNotices(), lead + 60_000);
      });
    };
    notice('weeklyDay', 24 * 3_600_000, 'Tomorrow');
    notice('weeklyHour', 3_600_000, 'In an hour');
  }

  private health(gen: number): void {
    this.timer('health', this.t.healthIntervalMs, () => {
      void (async () => {
        if (gen !== this.gen || !UP.includes(this.currentState)) return;
        const r = await this.probe();
        if (gen !== this.gen || !UP.includes(this.currentState)) return;
        if (r.ok) {
          this.healthFailures = 0;
          if (this.currentState === 'degraded') this.setState('running', 'API answering again');
        } else {
          this.healthFailures++;
          if (this.healthFailures >= this.t.hangFailures) {
            if (this.isAttached) {
              this.setState('degraded', `API not answering (${r.detail}); this Gateway was not started by Gatehouse, so it is not restarted`);
              if (this.healthFailures === this.t.hangFailures) {
                this.alert('error', 'Gateway not responding', 'Restart IB Gateway where it was started.');
              }
            } else {
              await this.hang(gen, `Gateway not responding: the API did not answer ${this.healthFailures} probes in a row (hang; ${r.detail})`);
              return;
            }
          } else {
            this.setState('degraded', `API did not answer (${r.detail}); check ${this.healthFailures} of ${this.t.hangFailures}`);
          }
        }
        this.health(gen);
      })();
    });
  }

  /**
   * A hang counts like a crash for the crash-loop limit, then escalates gently: with IBC's command server,
   * first a soft RESTART (the Gateway comes back without a new login or 2FA prompt), and only if that does
   * not bring the API back in time a full restart. A cold restart on every hiccup means a 2FA prompt on the
   * user's phone each time — what existing watchdogs get wrong.
   */
  private async hang(gen: number, reason: string): Promise<void> {
    await this.serial(async () => {
      if (gen !== this.gen || !this.child) return;
      if (this.countFailure(reason)) {
        this.intent = 'stop';
        await this.terminate();
        this.intent = 'none';
        return;
      }
      const soft = !this.softTried;
      this.softTried = true;
      await this.recover(gen, reason, {
        soft,
        graceMs: this.t.softRestartGraceMs,
        softReason: `${reason}; soft restart through IBC`,
        onSoft: () => this.alert('warn', 'Gateway not responding', `${reason}. Soft restart through IBC (no new login needed).`),
        onFull: () => this.alert('warn', 'Gateway restarted', reason),
      });
    });
  }

  /**
   * The one restart path. Soft (IBC's RESTART: the Gateway comes back without a new login or 2FA prompt)
   * when asked for and IBC's command server takes it — then the API is expected back within `graceMs`, or
   * the grace timer calls it a hang; otherwise full (end the process, launch again).
   */
  private async recover(
    gen: number,
    reason: string,
    how: { soft: boolean; graceMs: number; softReason: string; onSoft?: () => void; onFull?: () => void },
  ): Promise<'soft' | 'full'> {
    if (how.soft && this.usesIbc && (await this.ibc.softRestart())) {
      how.onSoft?.();
      this.expectRestart(gen, how.softReason, this.t.restartDelayMs + how.graceMs);
      return 'soft';
    }
    how.onFull?.();
    await this.restartNow(reason);
    return 'full';
  }

  /** Record a failure; true (and state `crashed`) when the crash-loop limit is reached. */
  private countFailure(reason: string): boolean {
    const now = this.clock.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < this.t.crashLoopWindowMs), now];
    if (this.crashTimes.length >= this.t.crashLoopCount) {
      const minutes = Math.round(this.t.crashLoopWindowMs / 60_000);
      const text = `${reason}; failed ${this.crashTimes.length} times in ${minutes} min, so Gatehouse stopped restarting it (crash loop)`;
      this.clearTimers(true);
      this.setState('crashed', text);
      this.alert('error', 'IB Gateway keeps crashing', `${text}. Check the Gateway logs, then start it again.`);
      return true;
    }
    return false;
  }

  private onExit(gen: number, exit: ChildExit): void {
    if (gen !== this.gen) return;
    this.child = null;
    this.ibc.removeCredentials();
    if (this.intent !== 'none') return; // stop/restart in progress handles the rest
    this.clearTimers();
    if (this.currentState === 'crashed' && /crash loop/.test(this.currentReason)) return;
    const what = exit.code !== null ? `exit code ${exit.code}` : `signal ${exit.signal ?? 'unknown'}`;
    if (this.loginEnd) {
      this.finishLoginEnd();
      return;
    }
    if (!this.usesIbc && this.selfRestartUntil >= this.clock.now()) {
      this.awaitSelfRestart(gen, what);
      return;
    }
    // IBC's script or Java refusing this setup: the same launch fails the same way, so stop and say why.
    const meaning = this.usesIbc ? explainIbcExit(exit.code, this.o.platform ?? process.platform, { javaStarted: this.javaStarted }) : null;
    if (meaning?.action === 'stop') {
      this.clearTimers(true);
      this.setState('stopped', exitReason(meaning, exit.code!));
      this.alert('error', 'IB Gateway could not start', exitReason(meaning, exit.code!));
      return;
    }
    if (meaning?.action === 'retry') {
      this.crash(gen, exitReason(meaning, exit.code!));
      return;
    }
    if (exit.code === 87) {
      if (this.currentProfile.twoFactor.timeoutAction === 'restart') {
        this.crash(gen, '2FA was not approved in time (exit code 87); trying again');
      } else {
        this.setState('stopped', '2FA was not approved in time (exit code 87); start again when your phone is at hand');
        this.alert('warn', 'Login not approved', 'The second-factor request timed out. Start the Gateway again to get a new one.');
      }
      return;
    }
    if (exit.code === 88) {
      this.crash(gen, 'the Gateway login dialog never appeared (exit code 88)');
      return;
    }
    this.crash(gen, `the Gateway exited unexpectedly (${what})`);
  }

  private crash(gen: number, reason: string): void {
    if (this.countFailure(reason)) return;
    this.setState('crashed', reason);
    const delay = Math.min(this.t.backoffMaxMs, this.t.backoffInitialMs * 2 ** this.backoffStep);
    this.backoffStep++;
    this.setState('restarting', `${reason}; restarting in ${formatMs(delay)} (attempt ${this.backoffStep})`);
    this.timer('restart', delay, () => {
      void this.serial(async () => {
        if (gen !== this.gen || this.currentState !== 'restarting') return;
        try {
          await this.attachOrLaunch('restart after a crash');
        } catch (err) {
          this.setState('crashed', `could not restart: ${(err as Error).message}`);
          this.alert('error', 'Gateway could not restart', (err as Error).message);
        }
      });
    });
  }

  private async restartNow(reason: string): Promise<void> {
    this.clearTimers();
    this.setState('restarting', reason);
    this.intent = 'restart';
    await this.terminate();
    this.intent = 'none';
    try {
      await this.attachOrLaunch(reason);
    } catch (err) {
      this.setState('crashed', `could not restart: ${(err as Error).message}`);
      this.alert('error', 'Gateway could not restart', (err as Error).message);
    }
  }

  private async stopNow(reason: string): Promise<void> {
    this.clearTimers(true);
    if (this.isAttached) {
      this.isAttached = false;
      this.adopted = false;
      this.gen++;
      this.setState('stopped', `detached from the Gateway on port ${this.currentProfile.apiPort}; it keeps running (Gatehouse did not start it)`);
      return;
    }
    if (!this.child) {
      this.gen++;
      if (this.currentState !== 'stopped') this.setState('stopped', reason);
      return;
    }
    this.setState('stopping', reason);
    this.intent = 'stop';
    await this.terminate();
    this.intent = 'none';
    this.gen++;
    this.setState('stopped', reason);
  }

  /** IBC's STOP when we have its command server, then SIGTERM to the group, then SIGKILL. */
  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = child.exited.then(() => true);
    // The timer goes when the exit wins: a pending one would keep a quitting app alive for stopTimeoutMs.
    const within = (ms: number) => {
      let timer: unknown;
      const late = new Promise<boolean>((r) => (timer = this.clock.setTimeout(() => r(false), ms)));
      return Promise.race([exited, late]).finally(() => this.clock.clearTimeout(timer));
    };
    if (this.usesIbc && (await this.ibc.stop()) && (await within(this.t.stopTimeoutMs))) return this.reaped(child);
    if (isMacOpen(this.spec) && (await this.stopMacApp(this.spec, within))) return this.reaped(child);
    child.kill('SIGTERM');
    if (await within(this.t.stopTimeoutMs)) return this.reaped(child);
    this.o.logs.supervisor('the Gateway did not stop in time; killing it', 'warn');
    child.kill('SIGKILL');
    await within(this.t.killTimeoutMs);
    this.reaped(child);
  }

  /** macOS without IBC: end the app itself, not `open` (see mac-stop.ts). True when it ended in time. */
  private async stopMacApp(spec: LaunchSpec, within: (ms: number) => Promise<boolean>): Promise<boolean> {
    const run = this.o.exec ?? defaultExec;
    const found = await run(findListenerCommand(this.currentProfile.apiPort));
    const pids = pidsFrom(found.stdout);
    for (const pid of pids) await run(killCommand(pid));
    if (pids.length > 0) {
      this.o.logs.supervisor(`asked the Gateway app (pid ${pids.join(', ')}) to close`);
      if (await within(this.t.stopTimeoutMs)) return true;
    }
    await run(quitAppCommand(spec));
    this.o.logs.supervisor('asked the Gateway app to quit');
    return within(this.t.stopTimeoutMs);
  }

  private reaped(child: GatewayChild): void {
    if (this.child === child) this.child = null;
    this.ibc.removeCredentials();
  }

  /** A restart the Gateway does on its own (IBC's AutoRestartTime): wait for it instead of calling it a hang. */
  private expectRestart(gen: number, reason: string, graceMs = this.t.dailyGraceMs): void {
    this.cancel('health');
    this.cancel('stable');
    this.setState('restarting', reason);
    this.pollReady(gen);
    this.timer('grace', graceMs, () => {
      if (gen === this.gen && this.currentState === 'restarting') {
        void this.hang(gen, `the Gateway did not come back within ${formatMs(graceMs)} of its restart`);
      }
    });
  }

  /**
   * Our Gateway (no IBC) ended at its daily restart time: the new one it starts is not our child. Wait
   * for the API on the profile's port and re-attach to it instead of counting a crash or launching a
   * second Gateway; only if nothing comes back within the grace, launch one.
   */
  private awaitSelfRestart(gen: number, what: string): void {
    const port = this.currentProfile.apiPort;
    this.selfRestartUntil = 0;
    this.reattaching = true;
    this.setState('restarting', `IB Gateway's own daily restart (${what}): it starts itself again; Gatehouse re-attaches on port ${port}`);
    this.pollReady(gen);
    this.timer('grace', this.t.dailyGraceMs, () => {
      if (gen !== this.gen || this.currentState !== 'restarting') return;
      this.reattaching = false;
      void this.serial(async () => {
        if (gen !== this.gen || this.currentState !== 'restarting') return;
        try {
          await this.attachOrLaunch(`the Gateway did not come back within ${formatMs(this.t.dailyGraceMs)} of its daily restart`);
        } catch (err) {
          this.setState('crashed', `could not restart: ${(err as Error).message}`);
          this.alert('error', 'Gateway could not restart', (err as Error).message);
        }
      });
    });
  }

  private scheduleDaily(): void {
    const mode = this.o.dailyRestart ?? 'auto';
    if (mode === 'off' || (this.isAttached && !this.adopted)) return;
    const ms = msUntilDaily(this.currentProfile.autoRestartTime, this.clock.now());
    if (ms === null) return;
    const gen = this.gen;
    if (mode === 'auto' && !this.usesIbc) {
      // Without IBC the Gateway's own auto-restart ends its process and starts a new one (its launcher
      // re-executes itself): from a minute before the time until the grace is over, an exit is that.
      this.timer('daily', Math.max(0, ms - SELF_RESTART_LEAD_MS), () => {
        if (gen !== this.gen) return;
        this.selfRestartUntil = this.clock.now() + SELF_RESTART_LEAD_MS + this.t.dailyGraceMs;
      });
      return;
    }
    this.timer('daily', ms, () => {
      if (gen !== this.gen || !UP.includes(this.currentState)) return;
      const at = this.currentProfile.autoRestartTime;
      if (mode === 'auto' && this.usesIbc) {
        // IBC restarts the Gateway itself at AutoRestartTime and keeps the login: expect the API to go
        // away for a moment, and only call it a hang if it stays away past the grace period.
        this.expectRestart(gen, `daily restart at ${at} (IBC restarts the Gateway; no new login needed)`);
        return;
      }
      void this.serial(async () => {
        if (gen !== this.gen) return;
        await this.recover(gen, `daily restart at ${at}`, {
          soft: true,
          graceMs: this.t.dailyGraceMs,
          softReason: `daily restart at ${at} (IBC soft restart; no new login needed)`,
        });
      });
    });
  }
}

async function defaultExec(command: Command): Promise<{ code: number | null; stdout: string }> {
  const r = await execa(command.file, command.args, { reject: false, timeout: 10_000, windowsHide: true });
  return { code: r.exitCode ?? null, stdout: typeof r.stdout === 'string' ? r.stdout : '' };
}

function formatMinutes(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min >= 1 ? `${min} min` : formatMs(ms);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
