/** Bundles the Electron main process (CJS, so __dirname works) and the sandboxed preload (one CJS file). */
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

await build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/main/main.cjs' });
await build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/preload/preload.cjs' });
console.log('Built dist/main/main.cjs and dist/preload/preload.cjs');
