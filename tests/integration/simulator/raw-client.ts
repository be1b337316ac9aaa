/**
 * A bare TCP client for what IBApi cannot do on purpose: byte-by-byte writes, garbage, oversized frames.
 * The server's replies are still decoded by @stoqey/ib's Decoder.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { Decoder } from '@stoqey/ib/dist/core/io/decoder.js';
import { encodeFrame } from '../../../electron/simulator/frames.ts';
import type { Field } from '../../../electron/simulator/frames.ts';

export class RawClient {
  readonly socket: Socket;
  received = Buffer.alloc(0);
  closed = false;
  readonly events: { name: string; args: unknown[] }[] = [];
  readonly errors: { message: string; code: number }[] = [];
  serverVersion = 0;
  private offset = 0;
  private decoder: Decoder | undefined;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      this.parse();
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  static greeting(range = 'v100..193'): Buffer {
    const body = Buffer.from(range, 'latin1');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return Buffer.concat([Buffer.from('API\0', 'latin1'), len, body]);
  }

  static frame(fields: Field[]): Buffer {
    return encodeFrame(fields);
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Writes one byte per write call, so the server sees the worst possible split reads. */
  async writeByteByByte(bytes: Buffer): Promise<void> {
    for (const b of bytes) {
      await new Promise<void>((r) => this.socket.write(Buffer.from([b]), () => r()));
    }
  }

  private parse(): void {
    while (this.received.length - this.offset >= 4) {
      const len = this.received.readUInt32BE(this.offset);
      if (this.received.length - this.offset - 4 < len) return;
      const tokens = this.received
        .subarray(this.offset + 4, this.offset + 4 + len)
        .toString('utf8')
        .split('\0')
        .slice(0, -1);
      this.offset += 4 + len;
      if (!this.decoder) {
        this.serverVersion = Number(tokens[0]);
        const sv = this.serverVersion;
        this.decoder = new Decoder({
          serverVersion: sv,
          emitEvent: (name: string, ...args: unknown[]) => this.events.push({ name, args }),
          emitError: (message: string, code: number) => this.errors.push({ message, code }),
          emitInfo: (message: string, code: number) => this.events.push({ name: 'info', args: [message, code] }),
        });
        continue;
      }
      this.decoder.enqueueMessage(tokens);
      this.decoder.process();
    }
  }

  has(name: string): boolean {
    return this.events.some((e) => e.name === name);
  }

  close(): void {
    this.socket.destroy();
  }
}
