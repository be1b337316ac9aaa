import { existsSync, readFileSync } from 'node:fs';
import type { Profile } from '../contract.ts';
import { AppError } from '../errors.ts';
import { backupFile, writeFileAtomic } from '../util/atomic-write.ts';
import { splitLines, type TextLine } from '../util/lines.ts';

/**
 * jts.ini belongs to the Gateway: it rewrites it on exit and keeps keys we know nothing about. So the
 * file is kept as its lines, each with its own line ending, and only the values of keys we own change.
 * parse → serialize with no edits gives back the same bytes.
 */
export type IniLine = TextLine;

export interface IniDoc {
  /**
   * The byte-order mark as it was read: '' (none), '\uFEFF' (text decoded as UTF-8) or 'ï»¿' (the three
   * UTF-8 BOM bytes read as latin1, which is how we read jts.ini to keep every byte).
   */
  bom: string;
  lines: IniLine[];
}

/** EF BB BF: a UTF-8 BOM, as latin1 sees it. */
const LATIN1_BOM = '\u00EF\u00BB\u00BF';

/** `{ IBGateway: { TrustedIPs: '127.0.0.1', ApiOnly: 'true' } }`; null removes the key. */
export type IniEdits = Record<string, Record<string, string | null>>;

export function parseIni(text: string): IniDoc {
  // A BOM read as latin1 is three characters: unless it is set aside, the first line is "ï»¿[IBGateway]",
  // no section is found and an edit appends a second [IBGateway].
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : text.startsWith(LATIN1_BOM) ? LATIN1_BOM : '';
  return { bom, lines: splitLines(text.slice(bom.length)) };
}

export function serializeIni(doc: IniDoc): string {
  return doc.bom + doc.lines.map((l) => l.text + l.eol).join('');
}

const sectionOf = (text: string) => /^\s*\[([^\]]*)\]\s*$/.exec(text)?.[1]?.trim() ?? null;
const isComment = (text: string) => /^\s*[;#]/.test(text);
function keyOf(text: string): string | null {
  if (isComment(text) || sectionOf(text) !== null) return null;
  const eq = text.indexOf('=');
  return eq > 0 ? text.slice(0, eq).trim() : null;
}

/** Read a value; section and key names compare case-insensitively, as the Gateway does not care either. */
export function getIniValue(doc: IniDoc, section: string, key: string): string | null {
  let current: string | null = null;
  for (const { text } of doc.lines) {
    const s = sectionOf(text);
    if (s !== null) {
      current = s;
      continue;
    }
    if (current?.toLowerCase() === section.toLowerCase() && keyOf(text)?.toLowerCase() === key.toLowerCase()) {
      return text.slice(text.indexOf('=') + 1).trim();
    }
  }
  return null;
}

/** The file's own line ending for lines we add (CR-only files exist: old Mac editors; never mix in '\n'). */
function dominantEol(doc: IniDoc): string {
  const count = (eol: string) => doc.lines.filter((l) => l.eol === eol).length;
  const [crlf, lf, cr] = [count('\r\n'), count('\n'), count('\r')];
  if (cr > crlf && cr > lf) return '\r';
  return crlf > lf ? '\r\n' : '\n';
}

/** Apply edits in place of the old values; new keys go at the end of their section, new sections at the end. */
export function editIni(doc: IniDoc, edits: IniEdits): IniDoc {
  const lines = doc.lines.map((l) => ({ ...l }));
  const eol = dominantEol(doc);
  for (const [section, keys] of Object.entries(edits)) {
    for (const [key, value] of Object.entries(keys)) {
      let current: string | null = null;
      let found = -1;
      let lastInSection = -1;
      let headerAt = -1;
      lines.forEach((l, i) => {
        const s = sectionOf(l.text);
        if (s !== null) {
          current = s;
          if (s.toLowerCase() === section.toLowerCase() && headerAt < 0) {
            headerAt = i;
            lastInSection = i;
          }
          return;
        }
        if (current?.toLowerCase() !== section.toLowerCase()) return;
        // New keys go after the section's last key: a comment or blank line after it may introduce what follows.
        if (keyOf(l.text) !== null) lastInSection = i;
        if (found < 0 && keyOf(l.text)?.toLowerCase() === key.toLowerCase()) found = i;
      });
      if (found >= 0) {
        const line = lines[found]!;
        if (value === null) {
          lines.splice(found, 1);
          // Keep the file's final-newline state if we removed the last line.
          if (found === lines.length && lines.length > 0 && line.eol === '') lines[lines.length - 1]!.eol = '';
          continue;
        }
        const eq = line.text.indexOf('=');
        const after = line.text.slice(eq + 1);
        const lead = /^\s*/.exec(after)![0];
        line.text = `${line.text.slice(0, eq + 1)}${lead}${value}`;
        continue;
      }
      if (value === null) continue;
      const newLine = { text: `${key}=${value}`, eol };
      if (headerAt >= 0) {
        const at = lastInSection + 1;
        if (at === lines.length && lines.length > 0 && lines[at - 1]!.eol === '') {
          lines[at - 1]!.eol = eol;
          newLine.eol = '';
        }
        lines.splice(at, 0, newLine);
      } else {
        const last = lines[lines.length - 1];
        const endsOpen = last !== undefined && last.eol === '';
        if (last && endsOpen) last.eol = eol;
        lines.push({ text: `[${section}]`, eol }, { ...newLine, eol: endsOpen ? '' : eol });
      }
    }
  }
  return { bom: doc.bom, lines };
}

export function editIniText(text: string | null, edits: IniEdits): string {
  return serializeIni(editIni(parseIni(text ?? ''), edits));
}

export interface JtsPlanOptions {
  timeZone?: string;
  locale?: string;
}

/** The jts.ini settings a profile asks for. Only keys listed here are ever written. */
export function jtsEditsFor(profile: Profile, options: JtsPlanOptions = {}): IniEdits {
  const edits: IniEdits = {};
  if (profile.product === 'gateway') {
    const ips = ['127.0.0.1', ...profile.trustedIps.filter((ip) => ip !== '127.0.0.1')];
    edits.IBGateway = { TrustedIPs: ips.join(','), ApiOnly: 'true' };
  }
  const logon: Record<string, string> = {};
  if (options.timeZone) logon.TimeZone = options.timeZone;
  if (options.locale) logon.Locale = options.locale;
  if (Object.keys(logon).length > 0) edits.Logon = logon;
  return edits;
}

/** Pure: the jts.ini text after applying a profile, for the wizard's diff. */
export function planJtsIni(before: string | null, profile: Profile, options: JtsPlanOptions = {}): string {
  return editIniText(before, jtsEditsFor(profile, options));
}

export interface WriteJtsOptions {
  /** Asked right before writing: the Gateway rewrites jts.ini on exit and would undo our change. */
  isGatewayRunning: boolean | (() => boolean | Promise<boolean>);
  now?: () => number;
}

export async function writeJtsIni(
  file: string,
  edits: IniEdits,
  options: WriteJtsOptions,
): Promise<{ path: string; backup: string | null; before: string | null; after: string }> {
  const running = typeof options.isGatewayRunning === 'function' ? await options.isGatewayRunning() : options.isGatewayRunning;
  if (running) {
    throw new AppError('GATEWAY_RUNNING', 'jts.ini cannot be changed while IB Gateway is running', {
      hint: 'Stop the Gateway first: it rewrites jts.ini when it exits and would undo the change.',
    });
  }
  const before = existsSync(file) ? readFileSync(file, 'latin1') : null;
  const after = editIniText(before, edits);
  if (before === after) return { path: file, backup: null, before, after };
  try {
    const backup = backupFile(file, (options.now ?? Date.now)());
    // latin1 both ways: jts.ini is written by Java in the platform charset; this keeps every byte as it was.
    writeFileAtomic(file, Buffer.from(after, 'latin1'));
    return { path: file, backup, before, after };
  } catch (err) {
    throw new AppError('IO_ERROR', `Could not write ${file}: ${(err as Error).message}`, {
      hint: 'Check that the Jts settings folder exists and is writable.',
    });
  }
}
