import { DEFAULT_PREFERENCES, defaultApiPort } from './defaults.ts';
import { SETTINGS_VERSION } from './schema.ts';

type Raw = Record<string, unknown>;

/** Applies `fn` to a copy of every stored profile that is an object; anything else is kept as it was. */
function eachProfile(data: Raw, fn: (q: Raw) => Raw): Raw {
  const profiles = Array.isArray(data.profiles) ? (data.profiles as unknown[]) : [];
  return { ...data, profiles: profiles.map((p) => (p && typeof p === 'object' ? fn({ ...(p as Raw) }) : p)) };
}

/**
 * One pure step per stored version. Written here rather than as conf `migrations` because conf keys
 * those by app version, and the same steps must run for electron-store in the shell and conf in tests.
 */
export const MIGRATIONS: ReadonlyArray<{ to: number; up: (data: Raw) => Raw }> = [
  {
    // v0 → v1: files written before versioning kept a single profile under `profile` and the port as `port`.
    to: 1,
    up: (data) => {
      const { profile, ...rest } = data;
      const profiles = Array.isArray(rest.profiles) ? [...(rest.profiles as unknown[])] : [];
      if (profile && typeof profile === 'object') profiles.push(profile);
      const renamed = profiles.map((p) => {
        if (!p || typeof p !== 'object') return p;
        const { port, ...q } = p as Raw;
        return q.apiPort === undefined && typeof port === 'number' ? { ...q, apiPort: port } : q;
      });
      return { ...rest, profiles: renamed };
    },
  },
  {
    // v1 → v2: profiles gained product, twoFactor and demo; trusted IPs moved from a comma string to a list.
    to: 2,
    up: (data) =>
      eachProfile(data, (q) => {
        q.product ??= 'gateway';
        q.twoFactor ??= { timeoutAction: 'restart', device: '' };
        q.demo ??= false;
        if (typeof q.trustedIps === 'string') q.trustedIps = q.trustedIps.split(',').map((s) => s.trim()).filter(Boolean);
        if (typeof q.trustedIPs === 'string' && q.trustedIps === undefined) {
          q.trustedIps = q.trustedIPs.split(',').map((s) => s.trim()).filter(Boolean);
        }
        delete q.trustedIPs;
        if (q.apiPort === undefined && (q.mode === 'live' || q.mode === 'paper')) {
          q.apiPort = defaultApiPort(q.product === 'tws' ? 'tws' : 'gateway', q.mode);
        }
        return q;
      }),
  },
  {
    // v2 → v3: profiles gained existingSessionAction and coldRestartTime. Gatehouse used to write
    // ExistingSessionDetectedAction=primary for everyone; the new default asks instead of taking over.
    to: 3,
    up: (data) =>
      eachProfile(data, (q) => {
        q.existingSessionAction ??= 'manual';
        q.coldRestartTime ??= '';
        return q;
      }),
  },
  {
    // v3 → v4: profiles gained javaHeapMb; null keeps the install's ibgateway.vmoptions as it is.
    to: 4,
    up: (data) => eachProfile(data, (q) => ({ javaHeapMb: null, ...q })),
  },
];

export interface MigrationResult {
  data: Raw;
  from: number;
  to: number;
  changed: boolean;
}

/** Run every step above the stored version. A file from a newer Gatehouse is left alone, never downgraded. */
export function migrate(raw: Raw): MigrationResult {
  const from = typeof raw.version === 'number' && Number.isInteger(raw.version) ? raw.version : 0;
  let data: Raw = { ...raw };
  for (const step of MIGRATIONS) {
    if (step.to > from) data = { ...step.up(data), version: step.to };
  }
  if (from < SETTINGS_VERSION) {
    data.preferences = { ...DEFAULT_PREFERENCES, ...((data.preferences as Raw | undefined) ?? {}) };
    data.activeProfileId ??= null;
  }
  return { data, from, to: Math.max(from, SETTINGS_VERSION), changed: from < SETTINGS_VERSION };
}
