import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the Electron binary without loading the electron package (which throws, or starts a download, when the
 * binary is missing). Returns null with the reason when there is none.
 */
export function findElectronBinary(root: string): { path: string } | { path: null; reason: string } {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (!existsSync(pkgDir)) return { path: null, reason: 'the electron package is not installed' };
  if (!existsSync(pathTxt)) {
    return { path: null, reason: 'the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD or offline)' };
  }
  const exe = path.join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { path: null, reason: `missing ${exe}` };
}
