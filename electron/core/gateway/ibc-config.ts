import { chmodSync, existsSync, readFileSync } from 'node:fs';
import type { Profile } from '../contract.ts';
import { AppError } from '../errors.ts';
import { backupFile, writeFileAtomic } from '../util/atomic-write.ts';
import { editProps, readProps } from './properties.ts';

export interface IbcConfigOptions {
  /**
   * `file`: the login for a launch: IbLoginId, and IbPassword when there is one (without it IBC fills the
   * username and the user types the password). IBC reads credentials only from here or from arguments
   * (DefaultLoginManager.java:164-171); ibc-credentials.ts says how long they stay.
   * `none`: no credentials, for files shown or written outside a launch (the wizard).
   */
  credentials: 'none' | 'file';
  password?: string | null;
  /** IBC's command server, used for a clean STOP; 0 turns it off. */
  commandServerPort: number;
  /** Seconds IBC waits for 2FA approval before it gives up (IBC's default is 180). */
  secondFactorTimeoutSeconds?: number;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The IBC keys we own, from IBC's documented config.ini; anything else in the user's file is theirs. */
export function ibcSettingsFor(profile: Profile, options: IbcConfigOptions): Record<string, string> {
  const clients = profile.trustedIps.filter((ip) => ip !== '127.0.0.1' && ip !== 'localhost');
  return {
    IbLoginId: options.credentials === 'file' ? profile.username : '',
    IbPassword: options.credentials === 'file' ? (options.password ?? '') : '',
    TradingMode: profile.mode,
    FIX: 'no',
    OverrideTwsApiPort: String(profile.apiPort),
    // Gatehouse's own connection sees every API client's orders and fills (IbcTws.java:566-575 applies it).
    OverrideTwsMasterClientID: String(profile.clientId),
    ReadOnlyApi: yesNo(profile.readOnlyApi),
    // IBC's advice: refuse unknown API clients and list the ones we trust.
    AcceptIncomingConnectionAction: 'reject',
    TrustedTwsApiClientIPs: clients.join(','),
    // The user's choice; the default (manual) never logs their own TWS / IBKR Mobile session out unasked.
    ExistingSessionDetectedAction: profile.existingSessionAction,
    AcceptNonBrokerageAccountWarning: 'yes',
    LoginDialogDisplayTimeout: '60',
    AutoRestartTime: profile.autoRestartTime,
    // The weekly full login (needs 2FA), Sundays at this time; empty = none (IbcTws.java:347-380).
    ColdRestartTime: profile.coldRestartTime,
    ReloginAfterSecondFactorAuthenticationTimeout: yesNo(profile.twoFactor.timeoutAction === 'restart'),
    SecondFactorAuthenticationExitInterval: '60',
    SecondFactorAuthenticationTimeout: String(options.secondFactorTimeoutSeconds ?? 180),
    SecondFactorDevice: profile.twoFactor.device,
    CommandServerPort: String(options.commandServerPort),
    BindAddress: options.commandServerPort > 0 ? '127.0.0.1' : '',
    ControlFrom: '',
    AllowBlindTrading: 'no',
  };
}

const HEADER = [
  '# IBC settings written by Gatehouse. Keys Gatehouse does not manage are kept as you wrote them.',
  '# Values follow java.util.Properties: never put quotes around them.',
];

/** Pure: the config.ini text for a profile, updating `before` in place when the user already has one. */
export function planIbcConfig(before: string | null, profile: Profile, options: IbcConfigOptions): string {
  return editProps(before ?? '', ibcSettingsFor(profile, options), HEADER);
}

/** The same plan with the password shown as stars, for the wizard's preview. */
export function previewIbcConfig(before: string | null, profile: Profile, options: IbcConfigOptions): string {
  const shown = options.credentials === 'file' && options.password ? { ...options, password: '********' } : options;
  return planIbcConfig(before === null ? null : blankPasswordText(before), profile, shown);
}

export function blankPasswordText(text: string): string {
  return readProps(text).get('IbPassword') ? editProps(text, { IbPassword: '' }) : text;
}

/**
 * Write config.ini: backup of the user's file first (with any password blanked in the backup too),
 * atomic replace, mode 0600 always, since the file may hold the password during a launch.
 */
export function writeIbcConfig(file: string, text: string, now: () => number = Date.now): { path: string; backup: string | null } {
  try {
    // A file Gatehouse wrote itself is rewritten at every launch (new command port, the login): backing it up
    // each time would only pile up copies. Someone else's file at this path is backed up once before we take it.
    const ours = existsSync(file) && readFileSync(file, 'latin1').includes(HEADER[0]!);
    const backup = existsSync(file) && !ours ? backupFile(file, now()) : null;
    if (backup) {
      const old = readFileSync(backup, 'latin1');
      const blank = blankPasswordText(old);
      if (blank !== old) writeFileAtomic(backup, Buffer.from(blank, 'latin1'), { mode: 0o600 });
      else chmodSync(backup, 0o600);
    }
    writeFileAtomic(file, Buffer.from(text, 'latin1'), { mode: 0o600 });
    return { path: file, backup };
  } catch (err) {
    throw new AppError('IO_ERROR', `Could not write ${file}: ${(err as Error).message}`, {
      hint: 'Check that the IBC folder is writable.',
    });
  }
}

/** After login: remove the password from config.ini so it does not outlive the launch. */
export function blankIbcPassword(file: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'latin1');
  const blank = blankPasswordText(text);
  if (blank === text) return false;
  writeFileAtomic(file, Buffer.from(blank, 'latin1'), { mode: 0o600 });
  return true;
}

export function readIbcConfig(file: string): Map<string, string> {
  return existsSync(file) ? readProps(readFileSync(file, 'latin1')) : new Map();
}
