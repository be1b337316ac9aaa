import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayLogs, levelOf, parseLogLine, RotatingFileSink } from '../../../electron/core/gateway/logs.ts';
import { Redactor } from '../../../electron/core/gateway/redact.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('parseLogLine', () => {
  it('reads IBC lines with their time and level', () => {
    const p = parseLogLine('2026-11-25 09:30:01:250 IBC: Login has completed\n');
    expect(p).toEqual({ time: new Date(2026, 10, 25, 9, 30, 1, 250).getTime(), source: 'ibc', level: 'info', text: 'Login has completed' });
    expect(parseLogLine('2026-11-25 09:30:01:250 IBC: Login failed').level).toBe('error');
    expect(parseLogLine('2026-11-25 09:30:01:250 IBC: Second Factor Authentication initiated').level).toBe('warn');
    expect(parseLogLine('random gateway output')).toMatchObject({ time: null, source: 'gateway', level: 'info' });
    expect(levelOf('IBC returned exit status 87')).toBe('error');
  });
});

describe('Redactor', () => {
  it('hides known secrets and password-looking assignments', () => {
    const r = new Redactor();
    r.add('hunter22');
    r.add('jdoe', '<user>');
    expect(r.redact('user jdoe typed hunter22')).toBe('user <user> typed ***');
    expect(r.redact('IbPassword=whatever TWSPASSWORD: x1 --pw=abc')).toBe('IbPassword=*** TWSPASSWORD: *** --pw=***');
    expect(r.redact('password="a b c" ok')).toBe('password=*** ok');
  });
});

describe('GatewayLogs', () => {
  it('numbers lines, redacts before storing, and keeps only the last N', () => {
    const logs = new GatewayLogs({ capacity: 3, now: () => 1000 });
    logs.redactor.add('s3cret!');
    const seen: string[] = [];
    logs.subscribe((l) => seen.push(l.text));
    for (let i = 0; i < 5; i++) logs.add('gateway', 'info', `line ${i} s3cret!`);
    const lines = logs.query();
    expect(lines.map((l) => l.seq)).toEqual([3, 4, 5]);
    expect(lines.every((l) => !l.text.includes('s3cret'))).toBe(true);
    expect(seen).toHaveLength(5);
    expect(seen.join()).not.toContain('s3cret');
  });

  it('filters by text, level and source, with a limit and since', () => {
    const logs = new GatewayLogs();
    logs.ingest('2026-11-25 09:30:00:000 IBC: Login dialog WINDOW_OPENED');
    logs.ingest('2026-11-25 09:30:01:000 IBC: Login failed');
    logs.supervisor('restart scheduled', 'warn');
    logs.ingest('plain output');
    expect(logs.ingest('   ')).toBeNull();
    expect(logs.query({ filter: 'login' }).map((l) => l.text)).toEqual(['Login dialog WINDOW_OPENED', 'Login failed']);
    expect(logs.query({ filter: 'level:error' }).map((l) => l.text)).toEqual(['Login failed']);
    expect(logs.query({ filter: 'source:supervisor restart' })).toHaveLength(1);
    expect(logs.query({ limit: 1 })[0]?.text).toBe('plain output');
    expect(logs.query({ sinceSeq: 3 })).toHaveLength(1);
    expect(logs.seen(/Login failed/)).toBe(true);
    expect(logs.seen(/Login failed/, 2)).toBe(false);
  });
});

describe('RotatingFileSink', () => {
  it('rolls files at the size cap and keeps a bounded number', () => {
    const dir = tempDir('gh-logs-');
    const sink = new RotatingFileSink({ dir, maxBytes: 200, maxFiles: 2 });
    const logs = new GatewayLogs({ sinks: [sink] });
    logs.redactor.add('pw-123456');
    for (let i = 0; i < 30; i++) logs.add('ibc', 'info', `message number ${i} pw-123456`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['gateway.1.log', 'gateway.2.log', 'gateway.log']);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text).not.toContain('pw-123456');
      expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(200);
    }
    expect(readFileSync(sink.file, 'utf8')).toContain('message number 29');
    expect(existsSync(sink.rotated(3))).toBe(false);
  });
});
