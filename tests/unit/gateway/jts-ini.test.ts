import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../electron/core/contract.ts';
import {
  editIniText,
  getIniValue,
  parseIni,
  planJtsIni,
  serializeIni,
  writeJtsIni,
} from '../../../electron/core/gateway/jts-ini.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** A jts.ini as a Gateway leaves it after a login, with a user comment and keys we do not know. */
const REAL = [
  '[IBGateway]',
  'WriteDebug=false',
  'TrustedIPs=127.0.0.1',
  'MainWindow.Height=550',
  'RemoteHostOrderRouting=ndc1.ibllc.com',
  'RemotePortOrderRouting=4001',
  'LocalServerPort=4000',
  'ApiOnly=true',
  'MainWindow.Width=700',
  '',
  '; my own note: do not touch',
  '[Logon]',
  'useRemoteSettings=false',
  'TimeZone=America/New_York',
  'tradingMode=p',
  'colorPalletName=dark',
  'Steps=8',
  'Locale=en',
  'SupportsSSL=gdc1.ibllc.com:4000,true,20261124,false',
  'UseSSL=true',
  'os_titlebar=false',
  's3store=true',
  '',
  '[ns]',
  'darykq=1',
  '',
  '[Communication]',
  'SettingsDir=/root/Jts',
  'Peer=gdc1.ibllc.com:4001',
  'Region=usr',
  '',
].join('\r\n');

function profile(over: Partial<Profile> = {}): Profile {
  return { id: 'p', ...profileDefaults('paper', 'gateway'), ...over };
}

describe('jts.ini lossless parse/serialize', () => {
  it('round-trips the real sample byte for byte (CRLF kept)', () => {
    expect(serializeIni(parseIni(REAL))).toBe(REAL);
  });

  it('round-trips arbitrary text: any mix of endings, BOM, no final newline (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')), fc.constantFrom('\r\n', '\n', '\r'))),
        fc.boolean(),
        fc.boolean(),
        (parts, bom, openEnd) => {
          let text = (bom ? '\uFEFF' : '') + parts.map(([t, e]) => t + e).join('');
          if (openEnd) text += 'tail=1';
          expect(serializeIni(parseIni(text))).toBe(text);
          expect(editIniText(text, {})).toBe(text);
        },
      ),
    );
  });

  it('changes only the owned keys and keeps everything else, including CRLF', () => {
    const after = planJtsIni(REAL, profile({ trustedIps: ['127.0.0.1', '10.1.2.3'] }));
    const before = REAL.split('\r\n');
    const lines = after.split('\r\n');
    expect(lines.length).toBe(before.length);
    const changed = lines.filter((l, i) => l !== before[i]);
    expect(changed).toEqual(['TrustedIPs=127.0.0.1,10.1.2.3']);
    expect(after.includes('\n') && !/[^\r]\n/.test(after)).toBe(true);
  });

  it('adds missing keys at the end of their section and missing sections at the end', () => {
    const text = '[IBGateway]\nWriteDebug=false\n\n# trailing comment\n';
    const after = planJtsIni(text, profile(), { timeZone: 'Europe/Zurich', locale: 'de' });
    expect(after).toBe(
      '[IBGateway]\nWriteDebug=false\nTrustedIPs=127.0.0.1\nApiOnly=true\n\n# trailing comment\n[Logon]\nTimeZone=Europe/Zurich\nLocale=de\n',
    );
    expect(getIniValue(parseIni(after), 'logon', 'timezone')).toBe('Europe/Zurich');
  });

  it('creates a file from nothing, and leaves TWS profiles out of [IBGateway]', () => {
    expect(planJtsIni(null, profile())).toBe('[IBGateway]\nTrustedIPs=127.0.0.1\nApiOnly=true\n');
    expect(planJtsIni(REAL, profile({ product: 'tws' }))).toBe(REAL);
  });

  it('keeps spacing around = and handles a last line without newline', () => {
    expect(editIniText('[A]\nk = 1', { A: { k: '2', n: 'x' } })).toBe('[A]\nk = 2\nn=x');
    expect(editIniText('[A]\nk=1\nj=2', { A: { j: null } })).toBe('[A]\nk=1');
  });
});

describe('writeJtsIni', () => {
  const tmp = () => tempDir('gh-jts-');

  it('backs up, then replaces atomically', async () => {
    const dir = tmp();
    const file = path.join(dir, 'jts.ini');
    writeFileSync(file, REAL);
    const r = await writeJtsIni(file, { IBGateway: { TrustedIPs: '127.0.0.1,10.0.0.9' } }, {
      isGatewayRunning: false,
      now: () => Date.UTC(2026, 10, 25, 8, 0, 0),
    });
    expect(r.backup).toBe(`${file}.gatehouse-2026-11-25T08-00-00-000Z.bak`);
    expect(readFileSync(r.backup!, 'utf8')).toBe(REAL);
    expect(readFileSync(file, 'utf8')).toBe(REAL.replace('TrustedIPs=127.0.0.1', 'TrustedIPs=127.0.0.1,10.0.0.9'));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps non-UTF-8 bytes as they were', async () => {
    const file = path.join(tmp(), 'jts.ini');
    const bytes = Buffer.concat([Buffer.from('[Logon]\r\nName=Z'), Buffer.from([0xfc]), Buffer.from('rich\r\n')]);
    writeFileSync(file, bytes);
    await writeJtsIni(file, { Logon: { Locale: 'de' } }, { isGatewayRunning: () => false });
    const out = readFileSync(file);
    expect(out.subarray(0, bytes.length).equals(bytes)).toBe(true);
  });

  it('refuses while the Gateway runs, with a hint, and touches nothing', async () => {
    const dir = tmp();
    const file = path.join(dir, 'jts.ini');
    writeFileSync(file, REAL);
    await expect(writeJtsIni(file, { IBGateway: { ApiOnly: 'false' } }, { isGatewayRunning: async () => true })).rejects.toMatchObject({
      code: 'GATEWAY_RUNNING',
      hint: expect.stringMatching(/Stop the Gateway/),
    });
    expect(readdirSync(dir)).toEqual(['jts.ini']);
  });

  it('creates a missing file with no backup and skips a no-op write', async () => {
    const dir = tmp();
    const file = path.join(dir, 'jts.ini');
    const r = await writeJtsIni(file, { IBGateway: { ApiOnly: 'true' } }, { isGatewayRunning: false });
    expect(r.backup).toBeNull();
    const again = await writeJtsIni(file, { IBGateway: { ApiOnly: 'true' } }, { isGatewayRunning: false });
    expect(again.backup).toBeNull();
    expect(readdirSync(dir)).toEqual(['jts.ini']);
  });
});

describe('jts.ini as bytes on disk (BOM, CR-only, every sample round-trips)', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const write = async (bytes: Buffer, edits: Parameters<typeof writeJtsIni>[1]) => {
    const file = path.join(tempDir('gh-jtsb-'), 'jts.ini');
    writeFileSync(file, bytes);
    await writeJtsIni(file, edits, { isGatewayRunning: false });
    return readFileSync(file);
  };

  it('a UTF-8 BOM stays a BOM: the existing [IBGateway] is edited, not a second one appended', async () => {
    const out = await write(Buffer.concat([BOM, Buffer.from('[IBGateway]\r\nTrustedIPs=127.0.0.1\r\n[Logon]\r\nLocale=en\r\n')]), {
      IBGateway: { TrustedIPs: '127.0.0.1,10.0.0.2', ApiOnly: 'true' },
    });
    expect(out.subarray(0, 3).equals(BOM)).toBe(true);
    const text = out.subarray(3).toString('latin1');
    expect(text.match(/\[IBGateway\]/g)?.length).toBe(1);
    expect(text).toBe('[IBGateway]\r\nTrustedIPs=127.0.0.1,10.0.0.2\r\nApiOnly=true\r\n[Logon]\r\nLocale=en\r\n');
  });

  it('a CR-only file gets CR line endings for added keys and sections, never a "\\n"', async () => {
    const out = (await write(Buffer.from('[IBGateway]\rWriteDebug=false\r'), { IBGateway: { ApiOnly: 'true' }, Logon: { Locale: 'en' } })).toString('latin1');
    expect(out).toBe('[IBGateway]\rWriteDebug=false\rApiOnly=true\r[Logon]\rLocale=en\r');
  });

  it('property: any sample (BOM or not, any endings, any bytes) keeps every byte except the edited value', () => {
    const line = fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a.filter((b) => b !== 0x0a && b !== 0x0d && b !== 0x5b && b !== 0x3d)).toString('latin1'));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.constantFrom('\r\n', '\n', '\r')), { maxLength: 8 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        (junk, eol, bom) => {
          const head = `[IBGateway]${eol}TrustedIPs=127.0.0.1${eol}`;
          const bytes = Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(head + junk.map(([t, e]) => t + e).join(''), 'latin1')]);
          const text = bytes.toString('latin1');
          expect(Buffer.from(serializeIni(parseIni(text)), 'latin1').equals(bytes)).toBe(true);
          const after = Buffer.from(editIniText(text, { IBGateway: { TrustedIPs: '127.0.0.1,10.9.9.9' } }), 'latin1');
          expect(after.equals(Buffer.from(text.replace('TrustedIPs=127.0.0.1', 'TrustedIPs=127.0.0.1,10.9.9.9'), 'latin1'))).toBe(true);
        },
      ),
    );
  });
});
