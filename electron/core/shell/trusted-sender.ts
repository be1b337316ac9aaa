/**
 * Which frames may talk to main. Electron hands us `senderFrame.url` (or null when the frame is gone); only
 * our own `app://gatehouse` pages pass. Origins are compared parsed, never as string prefixes
 * (`app://gatehouse.evil` must fail).
 */
export const APP_ORIGIN = 'app://gatehouse';

export function isTrustedSenderUrl(url: string | null | undefined, devOrigin?: string): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'app:' && parsed.host === 'gatehouse') return true;
  if (devOrigin) {
    try {
      return parsed.origin === new URL(devOrigin).origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** Navigation is never allowed; external links open in the browser only for these hosts. */
const EXTERNAL_ALLOW = new Set(['www.interactivebrokers.com', 'interactivebrokers.com', 'github.com']);

export function externalUrlAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_ALLOW.has(u.hostname);
  } catch {
    return false;
  }
}
