import net from 'node:net';

/** Does anything accept a TCP connection on this port? */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port the OS says is free right now (tests, IBC's command server). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Send one line to IBC's command server and return its answer (`OK …` or `ERROR …`; `INFO …` progress lines skipped). */
export function sendIbcCommand(port: number, command: string, timeoutMs = 3000, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    let buf = '';
    const finish = (err: Error | null, reply?: string) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(reply ?? '');
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`IBC command server on port ${port} did not answer`)));
    socket.once('error', (err) => finish(err));
    socket.once('connect', () => socket.write(`${command}\n`));
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      // With SuppressInfoMessages=no IBC sends `INFO …` progress lines before its answer (CommandChannel.java:99-101).
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!/^INFO\b/i.test(line)) return finish(null, line);
      }
    });
    socket.once('end', () => finish(null, buf.trim()));
  });
}
