import { Profile, type ProfileInput } from '../contract.ts';
import { AppError, badInput } from '../errors.ts';
import { defaultApiPort, profileDefaults } from './defaults.ts';

export type AccountCheck = { ok: true; warning: string | null } | { ok: false; message: string };

/**
 * Live accounts start with U, paper accounts with DU. Advisor (F…) and other (I…) accounts exist and are
 * legitimate, so anything else shaped like an IB id is accepted with a warning rather than refused.
 */
export function checkAccount(account: string, mode: Profile['mode']): AccountCheck {
  const a = account.trim().toUpperCase();
  if (a === '') return { ok: true, warning: null };
  if (!/^[A-Z]{1,3}\d{3,10}$/.test(a)) {
    return { ok: false, message: 'An IB account id looks like U1234567 (live) or DU1234567 (paper)' };
  }
  if (mode === 'paper') {
    if (a.startsWith('DU')) return { ok: true, warning: null };
    if (/^U\d/.test(a)) return { ok: false, message: `${a} is a live account; paper accounts start with DU` };
  } else {
    if (/^U\d/.test(a)) return { ok: true, warning: null };
    if (a.startsWith('DU')) return { ok: false, message: `${a} is a paper account; live accounts start with U` };
  }
  return { ok: true, warning: `${a} is not a standard ${mode} account id (U…/DU…); advisor and other accounts are fine` };
}

/** IBC's ColdRestartTime "HH:MM" (24-hour; IBC parses it with SimpleDateFormat("HH:mm"), IbcTws.java:359), or empty. */
export function normalizeColdRestartTime(value: string): string | null {
  const v = value.trim();
  if (v === '') return '';
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** "HH:MM AM/PM" as IBC wants it, or empty. */
export function normalizeRestartTime(value: string): string | null {
  const v = value.trim();
  if (v === '') return '';
  const m = /^(\d{1,2}):(\d{2})\s*([AaPp][Mm])$/.exec(v);
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (h < 1 || h > 12 || min > 59) return null;
    return `${String(h).padStart(2, '0')}:${m[2]} ${m[3]!.toUpperCase()}`;
  }
  const h24 = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (h24) {
    const h = Number(h24[1]);
    const min = Number(h24[2]);
    if (h > 23 || min > 59) return null;
    const h12 = h % 12 === 0 ? 12 : h % 12;
    return `${String(h12).padStart(2, '0')}:${h24[2]} ${h < 12 ? 'AM' : 'PM'}`;
  }
  return null;
}

/**
 * Merge an input over an existing profile (or the defaults for its mode), then validate. Ports follow the
 * mode/product while the user has not picked one, so switching paper → live moves 4002 → 4001.
 */
export function completeProfile(
  input: ProfileInput,
  existing: Profile | null,
  newId: () => string,
): { profile: Profile; warnings: string[] } {
  const mode = input.mode ?? existing?.mode ?? 'paper';
  const product = input.product ?? existing?.product ?? 'gateway';
  const base = existing ?? { id: input.id ?? newId(), ...profileDefaults(mode, product) };
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(input)) if (v !== undefined) merged[k] = v;
  merged.id = base.id;
  if (input.apiPort === undefined && existing && existing.apiPort === defaultApiPort(existing.product, existing.mode)) {
    merged.apiPort = defaultApiPort(product, mode);
  }
  if (input.apiPort === undefined && !existing) merged.apiPort = defaultApiPort(product, mode);
  if (typeof merged.account === 'string') merged.account = merged.account.trim().toUpperCase();
  if (typeof merged.username === 'string') merged.username = merged.username.trim();
  if (Array.isArray(merged.trustedIps)) {
    merged.trustedIps = [...new Set((merged.trustedIps as unknown[]).map((s) => String(s).trim()).filter(Boolean))];
  }

  const parsed = Profile.safeParse(merged);
  if (!parsed.success) throw badInput(parsed.error, 'profile');
  return validateProfile(parsed.data);
}

/** Control characters (line breaks, NUL, tab…): a profile's strings end up as lines of jts.ini and config.ini. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Strings the Gateway's files cannot hold: a trusted IP outside the IP alphabet, a line break or other
 * control character anywhere (it would start a line of its own in jts.ini or config.ini). Field → message.
 * A settings file already on disk is held to this much (older files may predate the other checks).
 */
export function unsafeText(profile: Profile): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const ip of profile.trustedIps) {
    if (!/^[0-9a-fA-F.:/]+$/.test(ip)) fields.trustedIps = `${JSON.stringify(ip)} is not an IP address`;
  }
  if (/[\r\n]/.test(profile.username)) fields.username = 'The username cannot contain line breaks';
  else if (CONTROL.test(profile.username)) fields.username = 'The username cannot contain control characters';
  const text: Array<[string, string, string | null]> = [
    ['name', 'The name', profile.name],
    ['twoFactor', 'The 2FA device', profile.twoFactor.device],
    ['installPath', 'The install folder', profile.installPath],
    ['settingsPath', 'The settings folder', profile.settingsPath],
    ['ibcPath', 'The IBC folder', profile.ibcPath],
  ];
  for (const [key, label, value] of text) {
    if (value !== null && CONTROL.test(value)) fields[key] = `${label} cannot contain line breaks or control characters`;
  }
  return fields;
}

/**
 * The checks every profile passes before it is stored, whichever way it came in (the wizard's save, an
 * import of an export; the settings file on disk is held to `unsafeText`): the schema says the shape,
 * this says what the Gateway's files can hold. A line break in any string would let it write lines of its own into jts.ini or IBC's
 * config.ini (`TrustedIPs=0.0.0.0`), so none is accepted. Normalizes the restart times.
 */
export function validateProfile(input: Profile): { profile: Profile; warnings: string[] } {
  const profile = structuredClone(input);
  const warnings: string[] = [];
  const fields: Record<string, string> = {};

  const acct = checkAccount(profile.account, profile.mode);
  if (!acct.ok) fields.account = acct.message;
  else if (acct.warning) warnings.push(acct.warning);

  const time = normalizeRestartTime(profile.autoRestartTime);
  if (time === null) fields.autoRestartTime = 'Use a time like 11:45 PM';
  else profile.autoRestartTime = time;

  const cold = normalizeColdRestartTime(profile.coldRestartTime);
  if (cold === null) fields.coldRestartTime = 'Use a 24-hour time like 07:00 (it is always on Sunday)';
  else profile.coldRestartTime = cold;

  Object.assign(fields, unsafeText(profile));

  if (Object.keys(fields).length > 0) {
    const [first] = Object.entries(fields);
    throw new AppError('BAD_INPUT', `Invalid profile — ${first![0]}: ${first![1]}`, {
      fields,
      hint: 'Check the highlighted fields and try again.',
    });
  }
  return { profile, warnings };
}
