/**
 * The Java heap of the Gateway: the `-Xmx` line of `<install>/ibgateway.vmoptions` (the offline installer
 * writes `-Xmx768m`; ib-gateway-docker's JAVA_HEAP_SIZE edits that same line). IBC's script passes every
 * non-`-D` line of that file to Java (ibcstart.sh:316-336), so this is the one place the heap is set, with
 * or without IBC. The file is IB's: only the -Xmx value changes, every other byte stays, a backup first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { backupFile, writeFileAtomic } from '../util/atomic-write.ts';
import { splitLines } from '../util/lines.ts';

const XMX = /^(\s*-Xmx)(\d+)([kKmMgG]?)(\s*)$/;

/** The heap in MB the JVM would get from this file (its last -Xmx wins), or null when it sets none. */
export function readHeapMb(text: string): number | null {
  let mb: number | null = null;
  for (const l of splitLines(text)) {
    const m = XMX.exec(l.text);
    if (!m) continue;
    const n = Number(m[2]);
    const unit = m[3]!.toLowerCase();
    mb = unit === 'g' ? n * 1024 : unit === 'k' ? Math.floor(n / 1024) : unit === 'm' ? n : Math.floor(n / (1024 * 1024));
  }
  return mb;
}

/** Pure: the file with its (last) -Xmx set to `heapMb`; a new first line when it has none. */
export function planVmoptions(text: string, heapMb: number): string {
  const doc = splitLines(text);
  let at = -1;
  doc.forEach((l, i) => {
    if (XMX.test(l.text)) at = i;
  });
  if (at >= 0) {
    const l = doc[at]!;
    l.text = l.text.replace(XMX, (_all, lead: string, _n: string, _u: string, trail: string) => `${lead}${heapMb}m${trail}`);
  } else {
    const eol = doc.find((l) => l.eol)?.eol ?? '\n';
    doc.unshift({ text: `-Xmx${heapMb}m`, eol });
  }
  return doc.map((l) => l.text + l.eol).join('');
}

/** Set the heap in the install's vmoptions: backup, atomic replace; nothing written when it already says so. */
export function writeVmoptions(file: string, heapMb: number, options: { now?: () => number } = {}): { path: string; backup: string | null } {
  if (!existsSync(file)) {
    throw new AppError('GATEWAY_NOT_INSTALLED', `${file} does not exist`, {
      hint: 'The Gateway install is incomplete (IBC refuses it too): reinstall IB Gateway with the offline installer.',
    });
  }
  const before = readFileSync(file, 'latin1');
  const after = planVmoptions(before, heapMb);
  if (after === before) return { path: file, backup: null };
  try {
    const backup = backupFile(file, (options.now ?? Date.now)());
    writeFileAtomic(file, Buffer.from(after, 'latin1'));
    return { path: file, backup };
  } catch (err) {
    throw new AppError('IO_ERROR', `Could not write ${file}: ${(err as Error).message}`, {
      hint: 'Check that the Gateway install folder is writable by you.',
    });
  }
}
