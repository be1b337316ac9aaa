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
/**
 * Runs a step and waits for it. Ctrl+C reaches the step too (same process group), and this script waits for
 * it to finish closing instead of dying first: otherwise the prompt comes back while the server under it is
 * still writing its data. A signal sent to this script alone is passed on.
 */
const run = (cmd: string, args: string[]) =>
  new Promise<number>((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    const pass = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', pass);
    process.on('SIGTERM', pass);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', pass);
      process.off('SIGTERM', pass);
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
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
  // Built here and then started directly (not through `npm run start:web`): npm runs a script through a
  // shell, which dies on Ctrl+C without waiting for the server under it.
  const built = await run(npm, ['run', 'build:renderer']);
  if (built !== 0) process.exit(built);
  process.exit(await run(process.execPath, [path.join(root, 'electron/web/cli.ts'), ...args]));
}
