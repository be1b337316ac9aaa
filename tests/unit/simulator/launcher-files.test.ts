import { describe, expect, it } from 'vitest';
import { DEFAULT_JTS_INI, readIniKey, setIniKey } from '../../../electron/simulator/jts-ini.ts';
import { apiPortFor } from '../../../electron/simulator/launcher.ts';
import { parseProperties } from '../../../electron/simulator/properties.ts';
import { ibcTimestamp, logLine } from '../../../electron/simulator/ibc-log.ts';

describe('java.util.Properties reading (IBC config.ini)', () => {
  it('reads the separators, comments, escapes and continuations Java accepts', () => {
    const props = parseProperties(
      [
        '# comment',
        '! also a comment',
        'IbLoginId=demo',
        'IbPassword : p\\=ss\\\\word',
        'TradingMode paper',
        '   OverrideTwsApiPort=4101',
        'AutoRestartTime="11:45 PM"',
        'Long=one \\',
        '    two',
        'Unicode=caf\\u00e9',
        'Empty=',
      ].join('\n'),
    );
    expect(Object.fromEntries(props)).toEqual({
      IbLoginId: 'demo',
      IbPassword: 'p=ss\\word',
      TradingMode: 'paper',
      OverrideTwsApiPort: '4101',
      AutoRestartTime: '"11:45 PM"', // quotes are literal, as in IBC issue #318
      Long: 'one two',
      Unicode: 'café',
      Empty: '',
    });
  });
});

describe('jts.ini updates keep everything else', () => {
  it('replaces a key in place, appends to a section, adds a section', () => {
    const original = '[IBGateway]\nWriteDebug=false\nCustomThing=42\n\n[Logon]\nLocale=en\ns3store=false\n; a comment\n';
    let text = setIniKey(original, 'Logon', 's3store', 'true');
    expect(text).toBe(original.replace('s3store=false', 's3store=true'));
    text = setIniKey(text, 'IBGateway', 'ApiOnly', 'true');
    expect(text).toContain('CustomThing=42\nApiOnly=true\n\n[Logon]');
    text = setIniKey(text, 'Communication', 'Peer', 'x');
    expect(text.endsWith('[Communication]\nPeer=x\n')).toBe(true);
    expect(readIniKey(text, 'Logon', 's3store')).toBe('true');
    expect(readIniKey(text, 'IBGateway', 'CustomThing')).toBe('42');
    expect(readIniKey(DEFAULT_JTS_INI, 'IBGateway', 'LocalServerPort')).toBe('4000');
  });
});

describe('API port selection', () => {
  it('sim.json override, else OverrideTwsApiPort, else 4001 live / 4002 paper', () => {
    const ini = new Map([['OverrideTwsApiPort', '4101']]);
    expect(apiPortFor({ port: 5555 }, ini, 'paper')).toBe(5555);
    expect(apiPortFor({}, ini, 'paper')).toBe(4101);
    expect(apiPortFor({}, new Map([['OverrideTwsApiPort', '']]), 'live')).toBe(4001);
    expect(apiPortFor({}, new Map(), 'paper')).toBe(4002);
  });
});

describe('IBC log format', () => {
  it('yyyy-MM-dd HH:mm:ss:SSS IBC: message', () => {
    const d = new Date(2026, 10, 25, 9, 5, 7, 42);
    expect(ibcTimestamp(d)).toBe('2026-11-25 09:05:07:042');
    expect(logLine('IBC', 'Login has completed', d)).toBe('2026-11-25 09:05:07:042 IBC: Login has completed');
  });
});
