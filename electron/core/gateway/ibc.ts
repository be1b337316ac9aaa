import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Profile } from '../contract.ts';
import { ibcIniPathFor } from './files.ts';
import { planIbcConfig, writeIbcConfig } from './ibc-config.ts';
import { markCredentialsInUse, removeCredentials, securePrivateFolder, sweepStaleCredentials } from './ibc-credentials.ts';
import { sendIbcCommand } from './ports.ts';

/**
 * What the supervisor does to IBC, apart from starting it: write the profile's config.ini before a launch,
 * and talk to IBC's command server (soft RESTART, RECONNECTACCOUNT, STOP). One object per supervisor; the
 * command port changes with every launch, the config.ini path is the profile's own.
 */
export interface IbcPlumbingOptions {
  workDir: string;
  /** The user's own IBC config.ini: its keys and comments are kept in ours. */
  baseIbcIni?: string | null | undefined;
  sendCommand?: ((port: number, command: string) => Promise<string>) | undefined;
  log: (text: string, level?: 'info' | 'warn') => void;
  now: () => number;
}

/** How IBC's command server answered: `ok` (it accepted), `refused` (it answered but not OK), `unreachable`. */
export type IbcReply = { kind: 'ok'; text: string } | { kind: 'refused'; text: string } | { kind: 'unreachable'; text: string };

export class IbcPlumbing {
  private readonly o: IbcPlumbingOptions;
  private iniFile: string | null = null;
  private cmdPort = 0;

  constructor(options: IbcPlumbingOptions) {
    this.o = options;
  }

  /** The config.ini of the last IBC launch (for the "files we wrote" view). */
  get iniPath(): string | null {
    return this.iniFile;
  }

  /** 0 when this launch has no command server (no IBC, or turned off). */
  get commandPort(): number {
    return this.cmdPort;
  }

  /** Forget the command server: the next launch is without IBC. */
  reset(): void {
    this.cmdPort = 0;
  }

  /**
   * Write the profile's config.ini for a launch, with the login in it (0600, in a 0700 folder): IBC reads
   * credentials only from there or from arguments, and arguments show in process lists.
   */
  writeConfig(profile: Profile, opts: { commandServerPort: number; password: string | null }): string {
    const ini = ibcIniPathFor(this.o.workDir, profile.id);
    const own = existsSync(ini) ? readFileSync(ini, 'latin1') : null;
    const base = this.o.baseIbcIni && existsSync(this.o.baseIbcIni) ? readFileSync(this.o.baseIbcIni, 'latin1') : null;
    this.cmdPort = opts.commandServerPort;
    const text = planIbcConfig(own ?? base, profile, { credentials: 'file', password: opts.password, commandServerPort: opts.commandServerPort });
    securePrivateFolder(path.dirname(ini));
    writeIbcConfig(ini, text, this.o.now);
    this.iniFile = ini;
    return ini;
  }

  /** The Gateway reading this config.ini has started (so a later Gatehouse can tell it from a crash's leftovers). */
  markInUse(pid: number | undefined): void {
    if (this.iniFile) markCredentialsInUse(this.iniFile, pid);
  }

  /** The Gateway has ended: the login leaves config.ini (and its backups). */
  removeCredentials(): void {
    if (this.iniFile) removeCredentials(this.iniFile);
  }

  /** At Gatehouse's start: a login left by a Gatehouse that died while its Gateway ran, whose Gateway is gone too. */
  sweep(profileId: string): void {
    sweepStaleCredentials(ibcIniPathFor(this.o.workDir, profileId));
  }

  /** Send one command to IBC's command server; never throws. */
  async command(command: 'RESTART' | 'RECONNECTACCOUNT' | 'STOP'): Promise<IbcReply> {
    if (this.cmdPort <= 0) return { kind: 'unreachable', text: 'no command server for this launch' };
    try {
      const text = await (this.o.sendCommand ?? sendIbcCommand)(this.cmdPort, command);
      return /^OK/i.test(text) ? { kind: 'ok', text } : { kind: 'refused', text };
    } catch (err) {
      return { kind: 'unreachable', text: (err as Error).message };
    }
  }

  /** IBC's soft RESTART (the Gateway comes back without a new login); true when IBC accepted it. */
  async softRestart(): Promise<boolean> {
    if (this.cmdPort <= 0) return false;
    const r = await this.command('RESTART');
    if (r.kind === 'ok') return true;
    this.o.log(
      r.kind === 'refused'
        ? `IBC refused RESTART (${r.text}); restarting the Gateway fully`
        : `IBC command server unreachable (${r.text}); restarting fully`,
      'warn',
    );
    return false;
  }

  /** IBC's STOP; true when IBC took it (the caller still waits for the exit). */
  async stop(): Promise<boolean> {
    if (this.cmdPort <= 0) return false;
    const r = await this.command('STOP');
    if (r.kind === 'unreachable') {
      this.o.log(`IBC command server did not take STOP (${r.text}); sending SIGTERM`, 'warn');
      return false;
    }
    this.o.log(`IBC command server: ${r.text || 'no reply'}`);
    return true;
  }
}
