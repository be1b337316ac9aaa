/**
 * Bundles the Electron main process as ESM (its dependencies conf, electron-store and execa are ESM and use
 * import.meta) and the sandboxed preload as one CommonJS file (sandboxed preloads cannot load ESM).
 */
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node' as const,
  target: 'node22',
  format: 'cjs' as const,
  external: ['electron'],
  sourcemap: false,
  logLevel: 'warning' as const,
};

await build({
  ...common,
  format: 'esm',
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/main/main.mjs',
  // CommonJS dependencies (@stoqey/ib) still call require() for Node built-ins.
  banner: { js: "import { createRequire as __gh_cr } from 'node:module'; const require = __gh_cr(import.meta.url);" },
});
await build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/preload/preload.cjs' });
console.log('Built dist/main/main.mjs and dist/preload/preload.cjs');
