import os from 'node:os';
import path from 'node:path';

/** Where the Electron shell keeps userData, so browser mode and the desktop app share one profile. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Gatehouse');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Gatehouse');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Gatehouse');
}
