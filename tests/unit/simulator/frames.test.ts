import { describe, expect, it } from 'vitest';
import { ClientFrameReader, MAX_FRAME_LENGTH, decodeFields, encodeFrame, parseVersionRange } from '../../../electron/simulator/frames.ts';

function greeting(text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([Buffer.from('API\0', 'latin1'), len, body]);
}

describe('frames', () => {
  it('encodes every field NUL-terminated behind a big-endian length', () => {
    const frame = encodeFrame([9, 1, 'x', true, false, undefined, null]);
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    expect(frame.subarray(4).toString()).toBe('9\u00001\u0000x\u00001\u00000\u0000\u0000\u0000');
    expect(decodeFields(frame.subarray(4))).toEqual(['9', '1', 'x', '1', '0', '', '']);
  });

  it('parses version ranges with and without connect options', () => {
    expect(parseVersionRange('v100..193')).toEqual({ minVersion: 100, maxVersion: 193, options: '' });
    expect(parseVersionRange('v100..187 +PACEAPI')).toEqual({ minVersion: 100, maxVersion: 187, options: '+PACEAPI' });
    expect(parseVersionRange('v176')).toEqual({ minVersion: 176, maxVersion: 176, options: '' });
    expect(parseVersionRange('hello')).toBeNull();
    expect(parseVersionRange('v190..100')).toBeNull();
  });

  it('reads a greeting and frames split byte by byte', () => {
    const bytes = Buffer.concat([greeting('v100..193'), encodeFrame([71, 2, 5, '']), encodeFrame([49, 1])]);
    const reader = new ClientFrameReader();
    const events = [];
    for (const b of bytes) events.push(...reader.push(Buffer.from([b])));
    expect(events).toEqual([
      { type: 'greeting', minVersion: 100, maxVersion: 193, options: '' },
      { type: 'frame', fields: ['71', '2', '5', ''] },
      { type: 'frame', fields: ['49', '1'] },
    ]);
  });

  it('reads coalesced frames from one chunk', () => {
    const reader = new ClientFrameReader();
    const events = reader.push(Buffer.concat([greeting('v100..187'), encodeFrame([8, 1, 1]), encodeFrame([17, 1])]));
    expect(events.map((e) => e.type)).toEqual(['greeting', 'frame', 'frame']);
  });

  it('rejects a connection that does not start with API\\0', () => {
    expect(new ClientFrameReader().push(Buffer.from('GET / HTTP/1.1\r\n'))).toEqual([{ type: 'invalid', reason: 'connection did not start with API\\0' }]);
  });

  it('rejects an oversized frame and then ignores the rest', () => {
    const reader = new ClientFrameReader();
    reader.push(greeting('v100..193'));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(MAX_FRAME_LENGTH + 1);
    expect(reader.push(len)[0]).toMatchObject({ type: 'invalid' });
    expect(reader.push(encodeFrame([49, 1]))).toEqual([]);
  });
});
