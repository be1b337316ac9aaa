import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** One private-member style across electron/ and renderer/, enforced by lint: loosening the rule fails here. */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const hash = 'export class A {\n  #n = 0;\n  inc(): number {\n    return ++this.#n;\n  }\n}\n';
const ts = 'export class A {\n  private n = 0;\n  inc(): number {\n    return ++this.n;\n  }\n}\n';

describe('private members', () => {
  it.each(['electron/core/x.ts', 'electron/web/x.ts', 'electron/simulator/x.ts', 'renderer/src/x.tsx'])('%s uses `private`, never #fields', async (file) => {
    expect((await errorsFor(file, hash)).join('\n')).toMatch(/no-restricted-syntax: Use TypeScript `private`/);
    expect(await errorsFor(file, ts)).toEqual([]);
  });

  it('the secret holders keep #fields, which util.inspect never prints', async () => {
    expect(await errorsFor('electron/core/secrets/x.ts', hash)).toEqual([]);
    expect(await errorsFor('electron/core/gateway/redact.ts', hash)).toEqual([]);
  });
});
