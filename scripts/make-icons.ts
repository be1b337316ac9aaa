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

/** A disc of `color` with a gate (two posts and a bar) cut out, anti-aliased at the edge. */
function drawIcon(size: number, color: RGBA, template = false): Buffer {
  const c = (size - 1) / 2;
  const r = size * 0.46;
  return encodePng(size, (x, y) => {
    const d = Math.hypot(x - c, y - c);
    const cover = Math.max(0, Math.min(1, r - d + 0.5));
    const u = x / size;
    const v = y / size;
    const post = (u > 0.3 && u < 0.4) || (u > 0.6 && u < 0.7);
    const gate = (post && v > 0.28 && v < 0.74) || (u > 0.3 && u < 0.7 && v > 0.36 && v < 0.45);
    if (template) return gate ? [0, 0, 0, 0] : [0, 0, 0, Math.round(255 * cover)];
    if (gate && cover > 0) return [255, 255, 255, Math.round(255 * cover)];
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
  writeFileSync(path.join(out, `tray-${name}.png`), drawIcon(16, color));
  writeFileSync(path.join(out, `tray-${name}@2x.png`), drawIcon(32, color));
  writeFileSync(path.join(out, `tray-${name}Template.png`), drawIcon(16, color, true));
  writeFileSync(path.join(out, `tray-${name}Template@2x.png`), drawIcon(32, color, true));
}
writeFileSync(path.join(out, '..', 'icon.png'), drawIcon(512, [37, 99, 235, 255]));
console.log(`icons written to ${out}`);
