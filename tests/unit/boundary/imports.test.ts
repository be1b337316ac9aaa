import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/**
 * The layering rules are lint rules; this proves they bite. If someone loosens eslint.config.js, these fail.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries', () => {
  it('core may not import electron', async () => {
    const errs = await errorsFor('electron/core/gateway/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(errs.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('core may not import electron-store or the shell', async () => {
    expect((await errorsFor('electron/core/x.ts', "import Store from 'electron-store';\nexport const s = Store;\n")).length).toBe(1);
    expect((await errorsFor('electron/core/x.ts', "import { a } from '../main/main.ts';\nexport const s = a;\n")).length).toBe(1);
  });

  it('the renderer may import the contract types and nothing else of electron/', async () => {
    const typeOnly = "import type { Status } from '../../electron/core/contract.ts';\nexport type S = Status;\n";
    expect(await errorsFor('renderer/src/x.ts', typeOnly)).toEqual([]);
    const valueImport = "import { commands } from '../../electron/core/contract.ts';\nexport const c = commands;\n";
    expect((await errorsFor('renderer/src/x.ts', valueImport)).join()).toMatch(/no-restricted-imports/);
    const coreImport = "import { createCore } from '../../electron/core/app.ts';\nexport const c = createCore;\n";
    expect((await errorsFor('renderer/src/x.ts', coreImport)).join()).toMatch(/no-restricted-imports/);
    const electronImport = "import { ipcRenderer } from 'electron';\nexport const c = ipcRenderer;\n";
    expect((await errorsFor('renderer/src/x.ts', electronImport)).join()).toMatch(/no-restricted-imports/);
  });

  it('the electron shell itself may import electron', async () => {
    expect(await errorsFor('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
