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

  it('the renderer may import the dependency-free constants as values, the schemas only as types', async () => {
    const constants = "import { RISK_LIMITS } from '../../electron/core/contract/constants.ts';\nexport const r = RISK_LIMITS;\n";
    expect(await errorsFor('renderer/src/x.ts', constants)).toEqual([]);
    const schemaValue = "import { RiskLimits } from '../../electron/core/contract/schemas.ts';\nexport const r = RiskLimits;\n";
    expect((await errorsFor('renderer/src/x.ts', schemaValue)).join()).toMatch(/no-restricted-imports/);
    const schemaType = "import type { RiskLimits } from '../../electron/core/contract/schemas.ts';\nexport type R = RiskLimits;\n";
    expect(await errorsFor('renderer/src/x.ts', schemaType)).toEqual([]);
    const riskCode = "import { parseLimits } from '../../electron/core/risk/limits.ts';\nexport const p = parseLimits;\n";
    expect((await errorsFor('renderer/src/x.ts', riskCode)).join()).toMatch(/no-restricted-imports/);
  });

  it('the constants and keys modules import nothing, so importing them as values ships no core code', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['electron/core/contract/constants.ts', 'electron/core/contract/keys.ts']) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/^\s*import\s/m);
      expect(text).not.toMatch(/^\s*export\s+(type\s+)?(\*|\{[^}]*\})\s+from\s/m);
    }
  });

  it('the changes module imports only the keys module and the fan-out only the changes, so the preload and renderer may import them as values', async () => {
    const { readFileSync } = await import('node:fs');
    const importsOf = (file: string) => readFileSync(file, 'utf8').match(/^\s*import\s.*$/gm) ?? [];
    expect(importsOf('electron/core/contract/changes.ts')).toEqual(["import { orderKey } from './keys.ts';"]);
    expect(importsOf('electron/core/contract/fanout.ts')).toEqual(["import { applyMessage, type StreamMessage } from './changes.ts';"]);
    const apply = "import { applyMessage } from '../../electron/core/contract/changes.ts';\nexport const a = applyMessage;\n";
    expect(await errorsFor('renderer/src/x.ts', apply)).toEqual([]);
    expect(await errorsFor('electron/preload/x.ts', apply.replace('../../electron/core', '../core'))).toEqual([]);
  });

  it('the renderer may import the identity keys as values', async () => {
    const keys = "import { orderKey } from '../../electron/core/contract/keys.ts';\nexport const k = orderKey;\n";
    expect(await errorsFor('renderer/src/x.ts', keys)).toEqual([]);
  });

  it('the preload may import the channel names and the stream fan-out as values but no other core code', async () => {
    const channels = "import { IPC_CHANNELS } from '../core/contract/constants.ts';\nexport const c = IPC_CHANNELS;\n";
    expect(await errorsFor('electron/preload/x.ts', channels)).toEqual([]);
    const fanout = "import { streamFanout } from '../core/contract/fanout.ts';\nexport const f = streamFanout;\n";
    expect(await errorsFor('electron/preload/x.ts', fanout)).toEqual([]);
    expect(await errorsFor('renderer/src/x.ts', fanout.replace('../core/', '../../electron/core/'))).toEqual([]);
    const barrelValue = "import { ipcChannels } from '../core/contract.ts';\nexport const c = ipcChannels;\n";
    expect((await errorsFor('electron/preload/x.ts', barrelValue)).join()).toMatch(/no-restricted-imports/);
    const core = "import { createCore } from '../core/app.ts';\nexport const c = createCore;\n";
    expect((await errorsFor('electron/preload/x.ts', core)).join()).toMatch(/no-restricted-imports/);
  });

  it('no shell reaches the runtime past the contract: core/testing.ts is for tests only', async () => {
    const code = "import { runtimeOf } from '../core/testing.ts';\nexport const r = runtimeOf;\n";
    expect((await errorsFor('electron/main/x.ts', code)).join()).toMatch(/no-restricted-imports/);
    expect((await errorsFor('electron/web/x.ts', code)).join()).toMatch(/no-restricted-imports/);
    expect(await errorsFor('tests/integration/x.test.ts', "import { runtimeOf } from '../../electron/core/testing.ts';\nexport const r = runtimeOf;\n")).toEqual([]);
  });

  it('the simulator imports nothing of core: it is the oracle, not a second copy sharing core\'s bugs', async () => {
    const code = "import { encodeFrame } from '../core/broker/frames.ts';\nexport const e = encodeFrame;\n";
    expect((await errorsFor('electron/simulator/x.ts', code)).join()).toMatch(/no-restricted-imports/);
    const typeOnly = "import type { Profile } from '../core/contract.ts';\nexport type P = Profile;\n";
    expect((await errorsFor('electron/simulator/x.ts', typeOnly)).join()).toMatch(/no-restricted-imports/);
    expect(await errorsFor('electron/simulator/x.ts', "import { V } from './versions.ts';\nexport const v = V;\n")).toEqual([]);
  });

  it('the electron shell itself may import electron', async () => {
    expect(await errorsFor('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
