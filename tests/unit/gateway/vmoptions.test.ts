import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planVmoptions, readHeapMb, writeVmoptions } from '../../../electron/core/gateway/vmoptions.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** ibgateway.vmoptions as the offline installer writes it (ib-gateway-docker edits the -Xmx line the same way). */
const REAL = '-Xmx768m\n-XX:+UseG1GC\n-XX:MaxGCPauseMillis=200\n-XX:ParallelGCThreads=20\n-XX:ConcGCThreads=5\n-XX:InitiatingHeapOccupancyPercent=70\n-Dinstaller.uuid=abc\n-DvmOptionsPath=/home/t/Jts/ibgateway/1030/ibgateway.vmoptions\n';

describe('ibgateway.vmoptions heap', () => {
  it('reads -Xmx in m, g and k, the last one winning as in the JVM', () => {
    expect(readHeapMb(REAL)).toBe(768);
    expect(readHeapMb('-Xmx4g\r\n')).toBe(4096);
    expect(readHeapMb('-Xmx1048576k\n-Xmx2G\n')).toBe(2048);
    expect(readHeapMb('-XX:+UseG1GC\n')).toBeNull();
  });

  it('changes only the -Xmx value: every other byte, comment and line ending stays', () => {
    expect(planVmoptions(REAL, 2048)).toBe(REAL.replace('-Xmx768m', '-Xmx2048m'));
    const crlf = '# heap\r\n-Xmx768m\r\n-XX:+UseG1GC';
    expect(planVmoptions(crlf, 1536)).toBe('# heap\r\n-Xmx1536m\r\n-XX:+UseG1GC');
    expect(planVmoptions('-Xmx1g\n-Xmx3g\n', 4096)).toBe('-Xmx1g\n-Xmx4096m\n');
  });

  it('adds -Xmx first, in the file own line ending, when there is none', () => {
    expect(planVmoptions('-XX:+UseG1GC\r\n', 1024)).toBe('-Xmx1024m\r\n-XX:+UseG1GC\r\n');
    expect(planVmoptions('', 1024)).toBe('-Xmx1024m\n');
  });

  it('property: any file keeps all its other lines byte for byte', () => {
    const line = fc.string({ maxLength: 24 }).map((s) => s.replace(/[\r\n]/g, '')).filter((s) => !/^\s*-Xmx/i.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 8 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 256, max: 65536 }), (lines, at, mb) => {
        const parts = lines.map(([t, e]) => t + e);
        parts.splice(Math.min(at, parts.length), 0, '-Xmx768m\n');
        const text = parts.join('');
        const after = planVmoptions(text, mb);
        expect(after).toBe(text.replace('-Xmx768m\n', `-Xmx${mb}m\n`));
        expect(readHeapMb(after)).toBe(mb);
      }),
    );
  });

  it('writes with a backup of the old file, atomically; no change writes nothing', () => {
    const dir = tempDir('gh-vm-');
    const file = path.join(dir, 'ibgateway.vmoptions');
    writeFileSync(file, REAL);
    const r = writeVmoptions(file, 3072, { now: () => Date.UTC(2026, 11, 1, 22, 0, 0) });
    expect(r.backup).toBe(`${file}.gatehouse-2026-12-01T22-00-00-000Z.bak`);
    expect(readFileSync(r.backup!, 'latin1')).toBe(REAL);
    expect(readFileSync(file, 'latin1')).toBe(REAL.replace('-Xmx768m', '-Xmx3072m'));
    expect(writeVmoptions(file, 3072).backup).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(['ibgateway.vmoptions', path.basename(r.backup!)].sort());
  });

  it('a missing vmoptions is an error with a hint (IBC would exit 7 on it anyway)', () => {
    expect(() => writeVmoptions(path.join(tempDir('gh-vm-'), 'ibgateway.vmoptions'), 1024)).toThrow(/vmoptions/);
  });
});
