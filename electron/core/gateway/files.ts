import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileChange, Profile } from '../contract.ts';
import { planIbcConfig, previewIbcConfig, writeIbcConfig } from './ibc-config.ts';
import { jtsEditsFor, planJtsIni, writeJtsIni, type JtsPlanOptions } from './jts-ini.ts';
import { planVmoptions, writeVmoptions } from './vmoptions.ts';

/** The install's JVM options file, whose -Xmx the profile's Java heap sets (only for a Gateway). */
function vmoptionsPath(profile: Profile): string | null {
  return profile.javaHeapMb !== null && profile.product === 'gateway' ? path.join(profile.installPath, 'ibgateway.vmoptions') : null;
}

/** Where the supervisor keeps the IBC config.ini it writes for a profile. */
export function ibcIniPathFor(workDir: string, profileId: string): string {
  return path.join(workDir, `ibc-${profileId}`, 'config.ini');
}

export interface FilePlanOptions extends JtsPlanOptions {
  /** Gatehouse's data folder (the IBC config.ini goes under it). */
  workDir: string;
  /** The user's own IBC config.ini, kept as the base of ours. */
  baseIbcIni?: string | null;
  commandServerPort?: number;
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'latin1') : null);

/** The exact changes the wizard shows before writing anything. No password ever appears in them. */
export function planGatewayFiles(profile: Profile, options: FilePlanOptions): FileChange[] {
  const changes: FileChange[] = [];
  const jts = path.join(profile.settingsPath, 'jts.ini');
  const jtsBefore = read(jts);
  changes.push({ path: jts, kind: 'jts.ini', before: jtsBefore, after: planJtsIni(jtsBefore, profile, options) });
  if (profile.ibcPath) {
    const ini = ibcIniPathFor(options.workDir, profile.id);
    const before = read(ini) ?? (options.baseIbcIni ? read(options.baseIbcIni) : null);
    const after = previewIbcConfig(before, profile, { credentials: 'none', commandServerPort: options.commandServerPort ?? 0 });
    changes.push({ path: ini, kind: 'ibc-config', before: read(ini), after });
  }
  const vm = vmoptionsPath(profile);
  const vmBefore = vm ? read(vm) : null;
  if (vm && vmBefore !== null && profile.javaHeapMb !== null) {
    const after = planVmoptions(vmBefore, profile.javaHeapMb);
    if (after !== vmBefore) changes.push({ path: vm, kind: 'vmoptions', before: vmBefore, after });
  }
  return changes;
}

/** Write what `planGatewayFiles` showed: backups first, atomic replaces, refused while the Gateway runs. */
export async function writeGatewayFiles(
  profile: Profile,
  options: FilePlanOptions & { isGatewayRunning: boolean | (() => boolean | Promise<boolean>); now?: () => number },
): Promise<Array<{ path: string; backup: string | null }>> {
  const out: Array<{ path: string; backup: string | null }> = [];
  const jts = path.join(profile.settingsPath, 'jts.ini');
  const r = await writeJtsIni(jts, jtsEditsFor(profile, options), {
    isGatewayRunning: options.isGatewayRunning,
    ...(options.now ? { now: options.now } : {}),
  });
  out.push({ path: r.path, backup: r.backup });
  if (profile.ibcPath) {
    const ini = ibcIniPathFor(options.workDir, profile.id);
    const before = read(ini) ?? (options.baseIbcIni ? read(options.baseIbcIni) : null);
    const text = planIbcConfig(before, profile, { credentials: 'none', commandServerPort: options.commandServerPort ?? 0 });
    mkdirSync(path.dirname(ini), { recursive: true, mode: 0o700 });
    out.push(writeIbcConfig(ini, text, options.now));
  }
  const vm = vmoptionsPath(profile);
  // Read by the JVM (and ibcstart.sh) only at a start: the running Gateway keeps its heap until restarted.
  if (vm && profile.javaHeapMb !== null) out.push(writeVmoptions(vm, profile.javaHeapMb, options.now ? { now: options.now } : {}));
  return out;
}
