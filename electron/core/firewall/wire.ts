/**
 * TWS API wire framing as the firewall needs it, in both directions.
 *
 * - A client opens with `API\0` followed by one length-prefixed frame `v<min>..<max>[ <connect options>]`
 *   (@stoqey/ib 1.6.10 dist/core/io/socket.js:312-326 `onConnect`; IB's ibapi/client.py:482 `connect`).
 * - After that every message both ways is a 4-byte big-endian length and a payload of NUL-terminated
 *   fields (socket.js:151-189 `send`; ibapi/comm.py:25 `make_msg`).
 * - The server's first frame is `<server version>\0<connection time>\0` (socket.js:264 `onServerVersion`).
 *
 * The reader keeps every frame's raw bytes next to its fields so the relay can forward what it does not
 * inspect exactly as it arrived.
 */

/** The largest frame IB's clients accept; anything larger is refused as malformed. */
export const MAX_FRAME_LENGTH = 0xffffff;
/** The lowest version of the v100+ handshake, the only one Gatehouse relays. */
export const MIN_CLIENT_VERSION = 100;
/**
 * The highest server version whose placeOrder Gatehouse decodes: what @stoqey/ib 1.6.10 speaks
 * (api.js MAX_SUPPORTED_SERVER_VERSION = CME_TAGGING_FIELDS_IN_OPEN_ORDER = 193). Newer Gateways offer
 * protobuf messages from 201 on (ibapi/server_versions.py:151), which the firewall could not read.
 */
export const MAX_DECODED_VERSION = 193;

const GREETING = Buffer.from('API\0', 'latin1');

export type Field = string | number | boolean | null | undefined;

export interface Greeting {
  minVersion: number;
  maxVersion: number;
  /** Connect options after the range (`+PACEAPI`), passed on unchanged. */
  options: string;
}

export interface Frame {
  /** The whole frame as it arrived, length prefix included. */
  raw: Buffer;
  fields: string[];
}

export type WireEvent =
  | { type: 'greeting'; greeting: Greeting; raw: Buffer }
  | { type: 'frame'; frame: Frame }
  | { type: 'invalid'; reason: string };

/** Encodes one frame like IB's clients: booleans as 1/0, null/undefined as the empty field. */
export function encodeFrame(fields: readonly Field[]): Buffer {
  const text = fields.map(fieldText).join('\0') + '\0';
  const body = Buffer.from(text, 'utf8');
  const frame = Buffer.alloc(4 + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

function fieldText(value: Field): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** Splits a payload into fields; the terminating NUL yields no extra field. */
export function splitFields(payload: Buffer): string[] {
  const parts = payload.toString('utf8').split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Parses `v100..193`, `v100..193 +PACEAPI` or `v187`. */
export function parseGreeting(text: string): Greeting | null {
  const match = /^v(\d+)(?:\.\.(\d+))?(?:\s+(.*))?$/.exec(text.replace(/\0+$/, ''));
  if (!match) return null;
  const minVersion = Number(match[1]);
  const maxVersion = match[2] === undefined ? minVersion : Number(match[2]);
  if (!Number.isSafeInteger(minVersion) || !Number.isSafeInteger(maxVersion) || maxVersion < minVersion) return null;
  return { minVersion, maxVersion, options: match[3] ?? '' };
}

/**
 * The greeting Gatehouse sends upstream for a client: the client's range capped at what the firewall
 * decodes, options kept. Null when the ranges do not meet (the client only speaks newer versions, or
 * only the pre-v100 handshake): such a client is turned away rather than relayed blind.
 */
export function narrowGreeting(g: Greeting, maxDecoded = MAX_DECODED_VERSION): Buffer | null {
  const min = Math.max(g.minVersion, MIN_CLIENT_VERSION);
  const max = Math.min(g.maxVersion, maxDecoded);
  if (max < min) return null;
  const text = `v${min}..${max}${g.options ? ` ${g.options}` : ''}`;
  const body = Buffer.from(text, 'latin1');
  const out = Buffer.alloc(GREETING.length + 4 + body.length);
  GREETING.copy(out, 0);
  out.writeUInt32BE(body.length, GREETING.length);
  body.copy(out, GREETING.length + 4);
  return out;
}

/** The server's hello: `<version>\0<time>\0`. Null when it is not one. */
export function parseServerHello(fields: readonly string[]): { serverVersion: number; connectionTime: string } | null {
  const serverVersion = Number(fields[0]);
  if (!Number.isSafeInteger(serverVersion) || serverVersion <= 0) return null;
  return { serverVersion, connectionTime: fields[1] ?? '' };
}

/**
 * Incremental reader for one direction of a connection: copes with split and coalesced TCP reads.
 * `expectGreeting` for the client side (which opens with `API\0`).
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private greeted: boolean;
  private failed = false;

  private readonly select: ((payload: Buffer, index: number) => boolean) | undefined;
  private count = 0;

  /**
   * `select` (server side): frames it declines are skipped without being copied or split — the relay
   * has already passed their bytes on and only reads the few messages it tracks.
   */
  constructor(opts: { expectGreeting: boolean; select?: (payload: Buffer, index: number) => boolean }) {
    this.greeted = !opts.expectGreeting;
    this.select = opts.select;
  }

  push(chunk: Buffer): WireEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: WireEvent[] = [];
    if (!this.greeted) {
      const have = Math.min(this.buffer.length, GREETING.length);
      if (!this.buffer.subarray(0, have).equals(GREETING.subarray(0, have))) {
        return this.fail(events, 'the connection did not start with the TWS API greeting');
      }
      if (this.buffer.length < GREETING.length) return events;
    }
    for (;;) {
      const offset = this.greeted ? 0 : GREETING.length;
      if (this.buffer.length < offset + 4) break;
      const length = this.buffer.readUInt32BE(offset);
      if (length > MAX_FRAME_LENGTH) return this.fail(events, `a frame of ${length} bytes exceeds the maximum`);
      const end = offset + 4 + length;
      if (this.buffer.length < end) break;
      if (this.greeted && this.select && !this.select(this.buffer.subarray(offset + 4, end), this.count++)) {
        this.buffer = this.buffer.subarray(end);
        continue;
      }
      const raw = Buffer.from(this.buffer.subarray(0, end));
      const payload = raw.subarray(offset + 4);
      this.buffer = this.buffer.subarray(end);
      if (!this.greeted) {
        this.greeted = true;
        const greeting = parseGreeting(payload.toString('latin1'));
        if (!greeting) return this.fail(events, 'unreadable version range in the greeting');
        events.push({ type: 'greeting', greeting, raw });
      } else {
        events.push({ type: 'frame', frame: { raw, fields: splitFields(payload) } });
      }
    }
    return events;
  }

  private fail(events: WireEvent[], reason: string): WireEvent[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    events.push({ type: 'invalid', reason });
    return events;
  }
}
