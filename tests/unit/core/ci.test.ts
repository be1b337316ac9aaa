import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** CI runs what the README tells a user to run, on every Node line `engines` promises. */
const root = path.resolve(import.meta.dirname, '../../..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

const parts = (v: string) => v.split('.').map(Number) as [number, number, number];
const cmp = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
};
/** The subset of semver ranges engines uses: ">=a <b" alternatives joined by "||". */
function satisfies(version: string, range: string): boolean {
  return range.split('||').some((alt) =>
    alt.trim().split(/\s+/).every((c) => {
      const m = /^(>=|<)(\d+\.\d+\.\d+|\d+)$/.exec(c);
      if (!m) throw new Error(`unexpected engines clause ${c}`);
      const bound = /^\d+$/.test(m[2]!) ? `${m[2]}.0.0` : m[2]!;
      return m[1] === '>=' ? cmp(version, bound) >= 0 : cmp(version, bound) < 0;
    }),
  );
}

describe('CI and engines', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const ci = read('.ci/run');

  it('runs the README’s test command as is', () => {
    expect(read('README.md')).toContain('npm ci && npm test ');
    expect(ci).toMatch(/^npm ci --no-audit --no-fund\nnpm test$/m);
  });

  it('installs the pinned Node 24 and a Node 26, both allowed by engines, and runs the vitest part on 26', () => {
    const pinned = read('.nvmrc').trim();
    const node26 = /NODE26_VERSION="\$\{GATEHOUSE_NODE26_VERSION:-(26\.\d+\.\d+)\}"/.exec(ci)?.[1];
    expect(pinned).toMatch(/^24\./);
    expect(node26).toBeDefined();
    expect(satisfies(pinned, engines)).toBe(true);
    expect(satisfies(node26!, engines)).toBe(true);
    expect(satisfies('25.0.0', engines)).toBe(false);
    expect(ci.slice(ci.indexOf('NODE26_HOME/node_modules/.bin'))).toMatch(/\nnpm run test:unit\n?$/);
  });
});
