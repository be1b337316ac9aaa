import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendIbcCommand } from '../../../electron/core/gateway/ports.ts';

const servers: Array<{ close(): void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

describe("IBC's command server client", () => {
  it('skips INFO progress lines (SuppressInfoMessages=no) and returns the OK answer', async () => {
    const server = createServer((socket) => {
      socket.once('data', () => socket.write('INFO Restarting TWS\nOK RESTART in progress\n'));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    expect(await sendIbcCommand(port, 'RESTART')).toBe('OK RESTART in progress');
  });
});
