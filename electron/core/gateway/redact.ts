/**
 * Keeps credentials out of every line we keep or show. Known secrets (the password from the vault, the
 * username from the profile) are replaced wherever they appear; `key=value` forms that carry a password
 * are cut whatever the value, so a password we were never told about is still hidden.
 */
const PATTERNS: RegExp[] = [
  /\b(IbPassword|TWSPASSWORD|TWS_PASSWORD|IBKR_PASSWORD|FIXPassword|password|passwd|pwd)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi,
  /(--pw=|--password=|\/Password:)(\S+)/gi,
];

export class Redactor {
  readonly #secrets = new Map<string, string>();

  /** `label` replaces the secret: `***` for passwords, `<user>` for the login name. */
  add(secret: string | null | undefined, label = '***'): void {
    // Too short to replace without shredding ordinary words; IB passwords and usernames are longer.
    if (!secret || secret.length < 3) return;
    this.#secrets.set(secret, label);
  }

  remove(secret: string): void {
    this.#secrets.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a password containing the username is hidden whole.
    for (const [secret, label] of [...this.#secrets].sort((a, b) => b[0].length - a[0].length)) {
      out = out.split(secret).join(label);
    }
    out = out.replace(PATTERNS[0]!, (_m, key: string, sep: string) => `${key}${sep}***`);
    out = out.replace(PATTERNS[1]!, (_m, key: string) => `${key}***`);
    return out;
  }
}
