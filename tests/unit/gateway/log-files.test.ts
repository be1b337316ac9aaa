import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GatewayLogs } from '../../../electron/core/gateway/logs.ts';
import { LogFileTailer } from '../../../electron/core/gateway/log-files.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('log file tailer', () => {
  it('follows new lines only, across partial writes, truncation and new files in a folder, redacted', () => {
    const dir = tempDir('gh-tail-');
    const file = path.join(dir, 'launcher.log');
    const ibcDir = path.join(dir, 'ibc-logs');
    mkdirSync(ibcDir);
    writeFileSync(file, 'old line that is history\n');
    const logs = new GatewayLogs();
    logs.redactor.add('hunter2', 'password');
    const tail = new LogFileTailer(logs, () => [
      { path: file, source: 'gateway' },
      { path: ibcDir, source: 'ibc' },
    ]);
    const texts = () => logs.query({ limit: 100 }).map((l) => `${l.source}:${l.text}`);

    tail.poll(true);
    expect(texts()).toEqual([]);

    appendFileSync(file, 'first new line\nhalf a li');
    tail.poll();
    expect(texts()).toEqual(['gateway:first new line']);

    appendFileSync(file, 'ne with hunter2 inside\n');
    tail.poll();
    expect(texts().at(-1)).toMatch(/^gateway:half a line with .*inside$/);
    expect(texts().join()).not.toContain('hunter2');

    writeFileSync(file, 'after rotation\n');
    tail.poll();
    expect(texts().at(-1)).toBe('gateway:after rotation');

    writeFileSync(path.join(ibcDir, 'ibc-3.23_GATEWAY-Wednesday.txt'), 'Login has completed\n');
    tail.poll();
    expect(texts().at(-1)).toBe('ibc:Login has completed');
  });
});
