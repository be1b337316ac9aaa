// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { downloadText } from '../../../renderer/src/lib/download.ts';

/**
 * A CSV export's file lives at a blob: address that the browser reads when its download starts. On a busy
 * machine that start can come seconds after the click, and a revoked address downloads nothing: CI once
 * waited three minutes for a fills export that never arrived. FileSaver.js keeps the address for 40 s
 * (eligrey/FileSaver.js src/FileSaver.js, "4E4 // 40s"); so do we.
 */
let revoked: string[];
let clicked: { href: string; download: string }[];
beforeEach(() => {
  vi.useFakeTimers();
  revoked = [];
  clicked = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:gatehouse/1');
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u) => void revoked.push(u));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

it('starts the download of the named file, and keeps its address readable for 40 s, not 1 s', () => {
  downloadText('gatehouse-fills-2026-12-03.csv', 'a,b\n1,2\n');
  expect(clicked).toEqual([{ href: 'blob:gatehouse/1', download: 'gatehouse-fills-2026-12-03.csv' }]);
  vi.advanceTimersByTime(10_000);
  expect(revoked).toEqual([]);
  vi.advanceTimersByTime(30_000);
  expect(revoked).toEqual(['blob:gatehouse/1']);
});
