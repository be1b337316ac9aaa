import { describe, expect, it } from 'vitest';
import { explainIbcExit, explainSpawnFailure, exitReason } from '../../../electron/core/gateway/exit-codes.ts';

describe('IBC exit codes', () => {
  it('Linux/macOS: the script codes 1-8 and Java 1100-1112 as the shell sees them (% 256)', () => {
    expect(explainIbcExit(1, 'linux')).toMatchObject({ ibcCode: 1, action: 'stop', what: expect.stringMatching(/no Java/) });
    expect(explainIbcExit(4, 'darwin')).toMatchObject({ ibcCode: 4, action: 'stop', fix: expect.stringMatching(/offline/) });
    expect(explainIbcExit(6, 'linux')?.what).toMatch(/config\.ini/);
    expect(explainIbcExit(7, 'linux')?.what).toMatch(/vmoptions/);
    expect(explainIbcExit(1100 % 256, 'linux')).toMatchObject({ ibcCode: 1100, action: 'retry' });
    expect(explainIbcExit(1101 % 256, 'linux')).toMatchObject({ ibcCode: 1101, action: 'stop' });
    expect(explainIbcExit(1109 % 256, 'linux')?.fix).toMatch(/UTF-8/);
    expect(explainIbcExit(1111 % 256, 'linux')).toMatchObject({ ibcCode: 1111, action: 'supervisor' });
    expect(explainIbcExit(1112 % 256, 'linux')).toMatchObject({ ibcCode: 1112, action: 'supervisor' });
    // A Gateway crash code (a JVM abort, a signal) is not IBC's: the crash path handles it.
    for (const code of [0, 9, 75, 89, 134, 1004, null]) expect(explainIbcExit(code, 'linux')).toBeNull();
    // Once IBC's Java has logged, a 1 or a 3 is the JVM's own exit (a crash), not the script refusing the setup.
    expect(explainIbcExit(1, 'linux', { javaStarted: true })).toBeNull();
    expect(explainIbcExit(1003, 'win32', { javaStarted: true })).toBeNull();
    expect(explainIbcExit(1101 % 256, 'linux', { javaStarted: true })).toMatchObject({ ibcCode: 1101 });
  });

  it('Windows: StartIBC.bat 1001-1008 and Java 1100-1112 unreduced; the POSIX numbers mean nothing there', () => {
    expect(explainIbcExit(1001, 'win32')).toMatchObject({ ibcCode: 1001, what: expect.stringMatching(/no Java/) });
    expect(explainIbcExit(1003, 'win32')?.what).toMatch(/refused an argument/);
    expect(explainIbcExit(1006, 'win32')?.what).toMatch(/config\.ini/);
    expect(explainIbcExit(1008, 'win32')?.what).toMatch(/settings folder/);
    expect(explainIbcExit(1111, 'win32')).toMatchObject({ action: 'supervisor' });
    expect(explainIbcExit(1112, 'win32')).toMatchObject({ action: 'supervisor' });
    expect(explainIbcExit(4, 'win32')).toBeNull();
    expect(explainIbcExit(87, 'win32')).toBeNull();
  });

  it('a script that cannot be executed, and the reason line', () => {
    expect(explainSpawnFailure('EACCES', null, '/opt/ibc/scripts/ibcstart.sh')).toMatchObject({
      action: 'stop',
      fix: 'Make IBC\'s scripts executable: chmod +x /opt/ibc/scripts/*.sh',
    });
    expect(explainSpawnFailure(undefined, 126, '/opt/ibc/scripts/ibcstart.sh')?.what).toMatch(/not executable/);
    expect(explainSpawnFailure(undefined, 1, '/x')).toBeNull();
    expect(exitReason(explainIbcExit(79, 'linux')!, 79)).toBe(
      "IBC's config.ini was not found (exit code 79 = IBC 1103). Start again: Gatehouse writes it at every start.",
    );
  });
});
