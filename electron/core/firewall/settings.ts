/**
 * A profile's settings of Gatehouse's API port: the port, the trusted addresses and the per-client
 * policies. Kept beside the profile's risk limits (`<data>/profiles/<id>/firewall.json`), validated here
 * for the Settings screen's field errors, and turned into what the firewall runs with.
 */
import path from 'node:path';
import { FirewallSettings as FirewallSettingsSchema, type FirewallSettings, type Profile } from '../contract.ts';
import { AppError, zodFields } from '../errors.ts';
import { readStored, realDisk, type Disk } from '../util/disk.ts';
import type { ClientPolicy } from './policy.ts';

export const NO_FIREWALL_SETTINGS: FirewallSettings = { port: null, trustedAddresses: [], policies: [] };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+$/;
const SYMBOL = /^[A-Z0-9 ./-]{1,21}$/;

/** Where the settings live for a profile. */
export function firewallSettingsFile(dataDir: string, profileId: string): string {
  return path.join(dataDir, 'profiles', profileId, 'firewall.json');
}

/**
 * Validates and normalizes: addresses trimmed and deduplicated, symbols upper-cased. Throws
 * `AppError('BAD_INPUT')` with `fields` keyed by path (`port`, `trustedAddresses.1`, `policies.0.clientId`).
 */
export function parseFirewallSettings(input: unknown, profile: Pick<Profile, 'apiPort' | 'clientId'>): FirewallSettings {
  const parsed = FirewallSettingsSchema.safeParse(input);
  if (!parsed.success) throw settingsError(zodFields(parsed.error));
  const s = parsed.data;
  const fields: Record<string, string> = {};
  if (s.port !== null && s.port === profile.apiPort) fields['port'] = `${s.port} is the Gateway's own API port: choose another`;
  if (s.port !== null && s.port < 1024) fields['port'] = 'use a port from 1024 up (lower ones need administrator rights)';
  const addresses: string[] = [];
  s.trustedAddresses.forEach((raw, i) => {
    const a = raw.trim();
    if (!IPV4.test(a) && !(a.includes(':') && IPV6.test(a))) fields[`trustedAddresses.${i}`] = `${JSON.stringify(raw)} is not an IP address`;
    else if (!addresses.includes(a)) addresses.push(a);
  });
  const seen = new Map<number, number>();
  const policies = s.policies.map((p, i) => {
    if (p.clientId === profile.clientId) fields[`policies.${i}.clientId`] = `Gatehouse itself uses client id ${p.clientId}`;
    const first = seen.get(p.clientId);
    if (first !== undefined) fields[`policies.${i}.clientId`] = `client id ${p.clientId} has a policy already (row ${first + 1})`;
    seen.set(p.clientId, i);
    const symbols = [...new Set(p.allowedSymbols.map((x) => x.trim().toUpperCase()).filter(Boolean))];
    const bad = symbols.find((x) => !SYMBOL.test(x));
    if (bad) fields[`policies.${i}.allowedSymbols`] = `${JSON.stringify(bad)} is not a symbol`;
    if (p.maxOrderValue !== null && Number(p.maxOrderValue) <= 0) fields[`policies.${i}.maxOrderValue`] = 'more than 0, or empty for the profile\'s max order value';
    return { ...p, allowedSymbols: symbols };
  });
  if (Object.keys(fields).length > 0) throw settingsError(fields);
  return { port: s.port, trustedAddresses: addresses, policies };
}

function settingsError(fields: Record<string, string>): AppError {
  const first = Object.entries(fields)[0];
  return new AppError('BAD_INPUT', `Invalid API port settings — ${first ? `${first[0]}: ${first[1]}` : 'invalid'}`, {
    fields,
    hint: 'Check the highlighted fields and try again.',
  });
}

/** The saved settings, or none; a damaged file counts as none and is said in the log by the caller. */
export function loadFirewallSettings(file: string): { settings: FirewallSettings; problem: string | null } {
  const stored = readStored(file, FirewallSettingsSchema);
  if (stored.kind === 'ok') return { settings: stored.value, problem: null };
  return { settings: NO_FIREWALL_SETTINGS, problem: stored.kind === 'damaged' ? stored.problem : null };
}

export function saveFirewallSettings(file: string, settings: FirewallSettings, disk: Disk = realDisk): void {
  try {
    disk.writeAtomic(file, JSON.stringify(settings, null, 2) + '\n');
  } catch (err) {
    throw new AppError('IO_ERROR', `Could not save the API port settings: ${(err as Error).message}`, {
      hint: 'Check free disk space and permissions of the Gatehouse data folder. The previous settings still apply.',
    });
  }
}

/** Per-client overrides for the firewall, by client id. */
export function policiesById(settings: FirewallSettings): Record<number, Partial<ClientPolicy>> {
  const out: Record<number, Partial<ClientPolicy>> = {};
  for (const p of settings.policies) {
    out[p.clientId] = { readOnly: p.readOnly, allowedSymbols: p.allowedSymbols, maxOrdersPerMinute: p.maxOrdersPerMinute, maxOrderValue: p.maxOrderValue };
  }
  return out;
}
