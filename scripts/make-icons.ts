/**
 * Draws the tray and app icons as real PNG files (no image library needed): a filled status disc with a
 * small gate glyph. Run `node scripts/make-icons.ts` after changing colours; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(size: number, pixel: (x: number, y: number) => RGBA): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export type Shape = 'connected' | 'starting' | 'degraded' | 'down' | 'stopped' | 'app';

/**
 * Each status has its own shape as well as its colour, so it reads in a monochrome macOS menu bar (template
 * images) and for colour-blind users: connected = solid disc with a gate, starting = ring with a gate,
 * degraded = half-filled disc, down = disc with a slash, stopped = empty ring.
 */
function drawIcon(size: number, color: RGBA, shape: Shape, template = false): Buffer {
  const c = (size - 1) / 2;
  const r = size * 0.46;
  const ringWidth = Math.max(1.5, size * 0.12);
  return encodePng(size, (x, y) => {
    const d = Math.hypot(x - c, y - c);
    const disc = Math.max(0, Math.min(1, r - d + 0.5));
    const ring = Math.min(disc, Math.max(0, Math.min(1, d - (r - ringWidth) + 0.5)));
    const u = x / size;
    const v = y / size;
    const post = (u > 0.3 && u < 0.4) || (u > 0.6 && u < 0.7);
    const gate = (post && v > 0.28 && v < 0.74) || (u > 0.3 && u < 0.7 && v > 0.36 && v < 0.45);
    const slash = Math.abs((x - c) + (y - c)) < size * 0.09;
    let cover: number;
    let cut = false;
    switch (shape) {
      case 'connected':
      case 'app':
        cover = disc;
        cut = gate;
        break;
      case 'starting':
        cover = gate ? disc : ring;
        break;
      case 'degraded':
        cover = x <= c ? disc : ring;
        break;
      case 'down':
        cover = disc;
        cut = slash && d < r - ringWidth;
        break;
      case 'stopped':
        cover = ring;
        break;
    }
    if (template) return cut ? [0, 0, 0, 0] : [0, 0, 0, Math.round(255 * cover)];
    if (cut && cover > 0) return [255, 255, 255, Math.round(255 * cover)];
    return [color[0], color[1], color[2], Math.round(color[3] * cover)];
  });
}

export const STATUS_COLORS: Record<string, RGBA> = {
  connected: [46, 160, 67, 255],
  starting: [210, 153, 34, 255],
  degraded: [219, 109, 40, 255],
  down: [218, 54, 51, 255],
  stopped: [110, 118, 129, 255],
};

const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'resources', 'icons');
mkdirSync(out, { recursive: true });
for (const [name, color] of Object.entries(STATUS_COLORS)) {
  const shape = name as Shape;
  writeFileSync(path.join(out, `tray-${name}.png`), drawIcon(16, color, shape));
  writeFileSync(path.join(out, `tray-${name}@2x.png`), drawIcon(32, color, shape));
  writeFileSync(path.join(out, `tray-${name}Template.png`), drawIcon(16, color, shape, true));
  writeFileSync(path.join(out, `tray-${name}Template@2x.png`), drawIcon(32, color, shape, true));
}
writeFileSync(path.join(out, '..', 'icon.png'), drawIcon(512, [37, 99, 235, 255], 'app'));
console.log(`icons written to ${out}`);
