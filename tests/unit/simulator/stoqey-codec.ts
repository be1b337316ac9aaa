/**
 * Runs our frames through @stoqey/ib's own Decoder and its Encoder through our parsers, so unit tests
 * assert on what the real client library makes of the simulator's bytes (the fidelity oracle).
 */
import { Decoder } from '@stoqey/ib/dist/core/io/decoder.js';
import { Encoder } from '@stoqey/ib/dist/core/io/encoder.js';
import type { Field } from '../../../electron/simulator/frames.ts';
import { decodeFields, encodeFrame } from '../../../electron/simulator/frames.ts';

export interface Decoded {
  events: { name: string; args: unknown[] }[];
  errors: { message: string; code: number; reqId: number | undefined }[];
  infos: { message: string; code: number }[];
}

/** Encodes messages to real frames, splits them the way stoqey's socket does, and decodes them. */
export function decode(serverVersion: number, ...messages: Field[][]): Decoded {
  const out: Decoded = { events: [], errors: [], infos: [] };
  const decoder = new Decoder({
    serverVersion,
    emitEvent: (name: string, ...args: unknown[]) => out.events.push({ name, args }),
    emitError: (message: string, code: number, reqId?: number) => out.errors.push({ message, code, reqId }),
    emitInfo: (message: string, code: number) => out.infos.push({ message, code }),
  });
  for (const fields of messages) {
    const frame = encodeFrame(fields);
    const length = frame.readUInt32BE(0);
    const tokens = frame.subarray(4, 4 + length).toString('utf8').split('\0').slice(0, -1);
    decoder.enqueueMessage(tokens);
  }
  decoder.process();
  return out;
}

/** The first event of a name, or a failure listing what was decoded instead. */
export function eventArgs(decoded: Decoded, name: string, index = 0): unknown[] {
  const found = decoded.events.filter((e) => e.name === name)[index];
  if (!found) throw new Error(`no ${name} event; got ${decoded.events.map((e) => e.name).join(', ')}; errors ${JSON.stringify(decoded.errors)}`);
  return found.args;
}

/** Encodes a request with stoqey's Encoder and returns the fields as our server receives them. */
export function encodeRequest(serverVersion: number, call: (encoder: Encoder) => void): string[] {
  let captured: unknown[] | undefined;
  const errors: string[] = [];
  const encoder = new Encoder({
    serverVersion,
    sendMsg: (...tokens: unknown[]) => {
      captured = tokens;
    },
    emitError: (message: string) => errors.push(message),
  });
  call(encoder);
  if (errors.length > 0) throw new Error(errors.join('; '));
  if (!captured) throw new Error('nothing encoded');
  const flat = (captured as unknown[]).flat(Infinity).map((v) => (v === true ? 1 : v === false ? 0 : v));
  // socket.js joins with NUL (undefined/null become ""), then frames it with a trailing NUL.
  const text = flat.join('\0');
  return decodeFields(Buffer.from(text + '\0', 'utf8'));
}
