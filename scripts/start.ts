/**
 * `npm start`: the desktop app when this machine has the Electron binary, otherwise the same UI in browser
 * mode (say so plainly), opened in the default browser. Either way, with no Gateway installed Gatehouse
 * offers demo mode. Options are checked before anything is built, so a typo costs one line, not a build.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../electron/core/shell/electron-binary.ts';
import { parseCliArgs } from '../electron/web/cli-options.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd: string, args: string[]) =>
  new Promise<number>((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('exit', (code) => resolve(code ?? 1));
  });

const args = process.argv.slice(2);
const parsed = parseCliArgs(args);
if (!parsed.ok) {
  console.error(parsed.message.replace('npm run start:web --', 'npm start --'));
  process.exit(2);
}

// GATEHOUSE_FORCE_BROWSER=1 takes browser mode even where Electron is installed (tests, headless machines).
const electron = process.env.GATEHOUSE_FORCE_BROWSER === '1' ? { path: null, reason: 'GATEHOUSE_FORCE_BROWSER=1' } : findElectronBinary(root);
if (electron.path !== null) {
  const code = await run(npm, ['run', 'build']);
  if (code !== 0) process.exit(code);
  process.exit(await run(electron.path, ['.']));
} else {
  console.log(`Electron is not available here (${'reason' in electron ? electron.reason : 'unknown'}); opening Gatehouse in browser mode instead.`);
  process.exit(await run(npm, ['run', 'start:web', '--', ...args]));
}
