/** The firewall's framing: the handshake it narrows and the frames it splits, whatever the TCP reads. */
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader, narrowGreeting, parseGreeting } from '../../../electron/core/firewall/wire.ts';

const greeting = (range: string) => {
  const body = Buffer.from(range, 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([Buffer.from('API\0', 'latin1'), len, body]);
};

describe('handshake', () => {
  it('caps the range at 193 and keeps the connect options', () => {
    const g = parseGreeting('v100..200 +PACEAPI');
    expect(g).toEqual({ minVersion: 100, maxVersion: 200, options: '+PACEAPI' });
    expect(narrowGreeting(g!)?.equals(greeting('v100..193 +PACEAPI'))).toBe(true);
    expect(narrowGreeting(parseGreeting('v100..176')!)?.equals(greeting('v100..176'))).toBe(true);
  });

  it('turns away a client that only speaks versions Gatehouse cannot decode', () => {
    expect(narrowGreeting(parseGreeting('v201..210')!)).toBeNull();
    expect(parseGreeting('hello')).toBeNull();
  });
});

describe('FrameReader', () => {
  it('reads the greeting and frames split byte by byte and coalesced, keeping each frame\'s raw bytes', () => {
    const a = encodeFrame([71, 2, 7, '']);
    const b = encodeFrame([49, 1]);
    const all = Buffer.concat([greeting('v100..193'), a, b]);
    const reader = new FrameReader({ expectGreeting: true });
    const events = [...all].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(events.map((e) => e.type)).toEqual(['greeting', 'frame', 'frame']);
    const frames = events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
    expect(frames.map((f) => f.fields)).toEqual([['71', '2', '7', ''], ['49', '1']]);
    expect(frames[0]?.raw.equals(a)).toBe(true);
    const again = new FrameReader({ expectGreeting: true });
    expect(again.push(all).length).toBe(3);
  });

  it('refuses a connection that does not open with API\\0 and a frame over the maximum', () => {
    expect(new FrameReader({ expectGreeting: true }).push(Buffer.from('GET / HTTP/1.1'))).toMatchObject([{ type: 'invalid' }]);
    const huge = Buffer.alloc(4);
    huge.writeUInt32BE(0x1000000);
    expect(new FrameReader({ expectGreeting: false }).push(huge)).toMatchObject([{ type: 'invalid' }]);
  });

  it('skips frames the selector declines without emitting them', () => {
    const reader = new FrameReader({ expectGreeting: false, select: (p, i) => i === 0 || p[0] === 0x33 });
    const events = reader.push(Buffer.concat([encodeFrame([193, 'time']), encodeFrame([1, 2, 3]), encodeFrame([3, 5, 'Filled'])]));
    expect(events.map((e) => (e.type === 'frame' ? e.frame.fields[0] : e.type))).toEqual(['193', '3']);
  });
});
