import { splitLines, type TextLine } from '../util/lines.ts';

/**
 * java.util.Properties text, edited losslessly. IBC reads config.ini with Properties: ISO-8859-1,
 * backslash escapes, quotes taken literally (IBC issue #318: `AutoRestartTime="11:45 PM"` silently broke).
 */
export type PropLine = TextLine;

export interface PropEntry {
  key: string;
  value: string;
  /** Physical lines [first, last] the entry spans (continuation lines end in an odd number of `\`). */
  first: number;
  last: number;
}

export interface PropDoc {
  lines: PropLine[];
}

export function parsePropLines(text: string): PropDoc {
  return { lines: splitLines(text) };
}

export function serializeProps(doc: PropDoc): string {
  return doc.lines.map((l) => l.text + l.eol).join('');
}

const continues = (s: string) => (/\\+$/.exec(s)?.[0].length ?? 0) % 2 === 1;

/** Split a logical line into its raw key, separator and raw value, as Properties.load does. */
function splitLogical(logical: string): { rawKey: string; sep: string; rawValue: string } {
  const lead = /^[ \t\f]*/.exec(logical)![0];
  let i = lead.length;
  while (i < logical.length) {
    const c = logical[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    i++;
  }
  const rawKey = logical.slice(0, Math.min(i, logical.length));
  const sepMatch = /^[ \t\f]*[=:]?[ \t\f]*/.exec(logical.slice(rawKey.length))![0];
  return { rawKey, sep: sepMatch, rawValue: logical.slice(rawKey.length + sepMatch.length) };
}

export function unescapeProp(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

/**
 * Escape a value for Properties: `\`, `=`, `:`, `#`, `!` escaped, a leading space kept with `\ `,
 * control characters and everything outside printable ASCII as `\uXXXX` (safe in ISO-8859-1). Never quoted.
 */
export function escapePropValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = c.charCodeAt(0);
    if (c === '\\' || c === '=' || c === ':' || c === '#' || c === '!') out += `\\${c}`;
    else if (c === ' ' && i === 0) out += '\\ ';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

export function propEntries(doc: PropDoc): PropEntry[] {
  const out: PropEntry[] = [];
  for (let i = 0; i < doc.lines.length; i++) {
    const first = i;
    const head = doc.lines[i]!.text;
    if (/^[ \t\f]*([#!]|$)/.test(head)) continue;
    let logical = head.replace(/^[ \t\f]*/, '');
    while (continues(logical) && i + 1 < doc.lines.length) {
      logical = logical.slice(0, -1) + doc.lines[++i]!.text.replace(/^[ \t\f]*/, '');
    }
    if (continues(logical)) logical = logical.slice(0, -1);
    const { rawKey, rawValue } = splitLogical(logical);
    out.push({ key: unescapeProp(rawKey), value: unescapeProp(rawValue), first, last: i });
  }
  return out;
}

export function readProps(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of propEntries(parsePropLines(text))) map.set(e.key, e.value);
  return map;
}

function dominantEol(doc: PropDoc): string {
  const crlf = doc.lines.filter((l) => l.eol === '\r\n').length;
  return crlf > doc.lines.length / 2 ? '\r\n' : '\n';
}

/**
 * Set keys to values (null = remove). An existing key keeps its spelling, indentation and separator and
 * its last occurrence is the one changed (the one Properties would use); new keys are appended.
 */
export function editProps(text: string, edits: Record<string, string | null>, header?: string[]): string {
  const doc = parsePropLines(text);
  const eol = dominantEol(doc);
  const lines = doc.lines.map((l) => ({ ...l }));
  const appended: string[] = [];
  for (const [key, value] of Object.entries(edits)) {
    const matches = propEntries({ lines }).filter((e) => e.key === key);
    const target = matches.at(-1);
    if (target) {
      const firstText = lines[target.first]!.text;
      const indent = /^[ \t\f]*/.exec(firstText)![0];
      const { rawKey, sep } = splitLogical(firstText.slice(indent.length));
      const lastEol = lines[target.last]!.eol;
      const replacement = value === null ? [] : [{ text: `${indent}${rawKey}${sep || '='}${escapePropValue(value)}`, eol: lastEol }];
      lines.splice(target.first, target.last - target.first + 1, ...replacement);
      continue;
    }
    if (value !== null) appended.push(`${key}=${escapePropValue(value)}`);
  }
  if (appended.length > 0) {
    const last = lines.at(-1);
    if (last && last.eol === '') last.eol = eol;
    if (lines.length === 0 && header) for (const h of header) lines.push({ text: h, eol });
    else if (lines.length > 0 && header) lines.push({ text: '', eol }, { text: header[0] ?? '', eol });
    for (const a of appended) lines.push({ text: a, eol });
  }
  return serializeProps({ lines });
}
