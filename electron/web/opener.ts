/**
 * Opens an address in the user's default browser. The command is injectable (`GATEHOUSE_OPENER`, a
 * program that gets the address as its one argument) so a test can prove which address was opened, and a
 * user on an unusual desktop can name their browser.
 */
import { spawn } from 'node:child_process';

export interface OpenerCommand {
  command: string;
  args: string[];
}

export function openerFor(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): OpenerCommand {
  const custom = env.GATEHOUSE_OPENER?.trim();
  if (custom) return { command: custom, args: [url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start`'s first quoted argument is the window title; the empty one keeps the URL from being taken for it.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** Resolves to null when the opener started, or a sentence saying why no browser could be opened. */
export function openInBrowser(url: string, opener: OpenerCommand = openerFor(url)): Promise<string | null> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: opener.command === 'cmd' });
    } catch (err) {
      resolve(`could not run ${opener.command}: ${(err as Error).message}`);
      return;
    }
    child.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'ENOENT' ? `${opener.command} is not installed` : `${opener.command} failed: ${err.message}`),
    );
    child.once('spawn', () => {
      child.unref();
      resolve(null);
    });
  });
}
