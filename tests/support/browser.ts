import { existsSync } from 'node:fs';

/**
 * Playwright's own browser download cannot run here, so Debian's Chromium is used when present. When
 * neither exists the run stops with the fix instead of a cryptic launch error.
 */
export function chromiumExecutable(): string | undefined {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function requireBrowserMessage(): string {
  return (
    'No Chromium found for the end-to-end tests. Install one: `sudo apt-get install -y chromium` ' +
    '(Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH.'
  );
}
