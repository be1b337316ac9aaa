/**
 * jts.ini as the Gateway treats it: a plain INI file it reads at start and rewrites on exit. Updates keep
 * every other line (unknown keys, comments, order) as they were.
 */

/** The jts.ini ib-gateway-docker ships: what a fresh settings folder holds. */
export const DEFAULT_JTS_INI = `[IBGateway]
WriteDebug=false
TrustedIPs=127.0.0.1
ApiOnly=true
LocalServerPort=4000

[Logon]
Locale=en
TimeZone=Etc/UTC
displayedproxymsg=1
UseSSL=true
s3store=true

[Communication]
`;

/** Reads one key of one section (case-sensitive, as the Gateway writes them). */
export function readIniKey(text: string, section: string, key: string): string | undefined {
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1] ?? '';
      continue;
    }
    if (current !== section) continue;
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq).trim() === key) return line.slice(eq + 1).trim();
  }
  return undefined;
}

/** Sets `key=value` in `[section]`: replaced in place, else appended to the section, else a new section. */
export function setIniKey(text: string, section: string, key: string, value: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  const header = lines.findIndex((l) => l.trim() === `[${section}]`);
  if (header === -1) {
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    if (lines.length > 0) lines.push('');
    lines.push(`[${section}]`, `${key}=${value}`, '');
    return lines.join(eol);
  }
  let end = lines.findIndex((l, i) => i > header && /^\[.+\]$/.test(l.trim()));
  if (end === -1) end = lines.length;
  let lastContent = header;
  for (let i = header + 1; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq).trim() === key) {
      lines[i] = `${key}=${value}`;
      return lines.join(eol);
    }
    if (line !== '') lastContent = i;
  }
  lines.splice(lastContent + 1, 0, `${key}=${value}`);
  return lines.join(eol);
}
