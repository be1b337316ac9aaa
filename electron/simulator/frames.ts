/**
 * TWS API wire framing: the `API\0` greeting, then 4-byte big-endian length-prefixed frames whose
 * payload is NUL-terminated ASCII fields (every field, the last one included, ends in NUL).
 */

/** The largest frame the official clients accept (and so the largest we accept from a client). */
export const MAX_FRAME_LENGTH = 0xffffff;
/** Java's Double.MAX_VALUE as IB prints it: the wire value for "unset double". */
export const UNSET_DOUBLE = '1.7976931348623157E308';
/** Java's Integer.MAX_VALUE: the wire value for "unset int". */
export const UNSET_INT = '2147483647';

export type Field = string | number | boolean | null | undefined;

/** Encodes one frame; booleans become 1/0 and null/undefined the empty string, like IB's EClient. */
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

/** Splits a frame payload into its fields (the terminating NUL yields no extra field). */
export function decodeFields(payload: Buffer): string[] {
  const text = payload.toString('utf8');
  const parts = text.split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export type ReaderEvent =
  | { type: 'greeting'; minVersion: number; maxVersion: number; options: string }
  | { type: 'frame'; fields: string[] }
  | { type: 'invalid'; reason: string };

const GREETING = Buffer.from('API\0', 'latin1');

/**
 * Incremental reader for what a client sends: copes with split and coalesced TCP reads.
 * The first thing must be `API\0` + a frame holding `v<min>..<max>` (optionally ` +OPTIONS`).
 */
export class ClientFrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private greeted = false;
  private failed = false;

  push(chunk: Buffer): ReaderEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: ReaderEvent[] = [];
    if (!this.greeted) {
      const have = Math.min(this.buffer.length, GREETING.length);
      if (!this.buffer.subarray(0, have).equals(GREETING.subarray(0, have))) {
        return this.fail(events, 'connection did not start with API\\0');
      }
      if (this.buffer.length < GREETING.length) return events;
    }
    for (;;) {
      const offset = this.greeted ? 0 : GREETING.length;
      if (this.buffer.length < offset + 4) break;
      const length = this.buffer.readUInt32BE(offset);
      if (length > MAX_FRAME_LENGTH) return this.fail(events, `frame of ${length} bytes exceeds the maximum`);
      if (this.buffer.length < offset + 4 + length) break;
      const payload = this.buffer.subarray(offset + 4, offset + 4 + length);
      this.buffer = this.buffer.subarray(offset + 4 + length);
      if (!this.greeted) {
        this.greeted = true;
        const greeting = parseVersionRange(payload.toString('latin1'));
        if (!greeting) return this.fail(events, 'unreadable version range');
        events.push({ type: 'greeting', ...greeting });
      } else {
        events.push({ type: 'frame', fields: decodeFields(payload) });
      }
    }
    return events;
  }

  private fail(events: ReaderEvent[], reason: string): ReaderEvent[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    events.push({ type: 'invalid', reason });
    return events;
  }
}

/** Parses `v100..193`, `v100..193 +PACEAPI` or `v187` (a trailing NUL is tolerated). */
export function parseVersionRange(
  text: string,
): { minVersion: number; maxVersion: number; options: string } | null {
  const match = /^v(\d+)(?:\.\.(\d+))?(?:\s+(.*))?$/.exec(text.replace(/\0+$/, ''));
  if (!match) return null;
  const minVersion = Number(match[1]);
  const maxVersion = match[2] === undefined ? minVersion : Number(match[2]);
  if (!Number.isFinite(minVersion) || !Number.isFinite(maxVersion) || maxVersion < minVersion) return null;
  return { minVersion, maxVersion, options: match[3] ?? '' };
}

/** The server's handshake reply: `<version>\0<connection time>\0`, length-prefixed. */
export function encodeServerHello(version: number, connectionTime: string): Buffer {
  return encodeFrame([version, connectionTime]);
}
