/**
 * Browser mode's access token, one per data folder and kept across restarts so a bookmarked address keeps
 * working. It lives in a 0600 file beside the settings (anyone who can read it can drive Gatehouse, exactly
 * like anyone who can read the terminal); `--rotate-token` replaces it, which locks out every old address.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/util/atomic-write.ts';

export const TOKEN_FILE = 'web-token';
const VALID = /^[0-9a-f]{48}$/;

export interface TokenChoice {
  token: string;
  /** What happened, for the startup lines: a new token invalidates any address printed before. */
  origin: 'kept' | 'created' | 'rotated';
}

export function loadOrCreateToken(dataDir: string, opts: { rotate?: boolean } = {}): TokenChoice {
  const file = path.join(dataDir, TOKEN_FILE);
  if (!opts.rotate) {
    let text: string | null;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      text = null;
    }
    if (text !== null && VALID.test(text)) {
      // A copy restored from a backup may have come back world-readable: narrow it again.
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return { token: text, origin: 'kept' };
    }
  }
  const token = randomBytes(24).toString('hex');
  writeFileAtomic(file, `${token}\n`, { mode: 0o600 });
  return { token, origin: opts.rotate ? 'rotated' : 'created' };
}
