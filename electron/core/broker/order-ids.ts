/**
 * Order ids are never handed out twice, even across a crash: the next id is the larger of the Gateway's
 * nextValidId and the high-water mark on disk.
 *
 * The file does not hold "the last id used" (that would cost an fsync'd file replace per order, ~3 ms on
 * the event loop): it holds the end of a reserved block. Before the first id of a block is handed out,
 * `next + BLOCK` is written atomically; ids inside the block cost nothing. After a crash we resume at the
 * block's end, so at most one block of ids is skipped — never one reused. IB only asks that ids increase
 * per client, so a gap is harmless (the trader sees order 4001 after 3017 following a restart).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../util/atomic-write.ts';

/** Ids reserved per file write: at 1,000 orders/s that is one fsync a second. */
export const ORDER_ID_BLOCK = 1000;

export class OrderIdStore {
  private next = 0;
  /** Every id below this may have been handed out by some run: the value on disk. */
  private reservedUpTo = 0;
  private readonly file: string;
  private readonly block: number;

  constructor(dir: string, key: string, opts: { block?: number } = {}) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.block = opts.block ?? ORDER_ID_BLOCK;
    this.file = path.join(dir, `order-ids-${key.replace(/[^\w.-]/g, '_')}.json`);
    try {
      // `next` keeps its meaning from older versions ("no id below this is free"), so old files load as is.
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { next?: unknown };
      if (typeof saved.next === 'number' && Number.isInteger(saved.next) && saved.next > 0) {
        this.next = saved.next;
        this.reservedUpTo = saved.next;
      }
    } catch {
      /* first run, or a torn file: the Gateway's nextValidId still protects us */
    }
  }

  /** Called with each nextValidId from the Gateway; reserves a block at once so the next order pays nothing. */
  sync(nextValidId: number): void {
    if (nextValidId > this.next) this.next = nextValidId;
    if (this.next >= this.reservedUpTo) this.reserve();
  }

  /** Takes an id that no earlier run and no earlier call has had; its block is on disk before it is returned. */
  take(): number {
    if (this.next >= this.reservedUpTo) this.reserve();
    const id = this.next;
    this.next = id + 1;
    return id;
  }

  peek(): number {
    return this.next;
  }

  private reserve() {
    const upTo = this.next + this.block;
    // Written before any id of the block leaves: a failed write throws here and no id is handed out.
    writeJsonAtomic(this.file, { next: upTo });
    this.reservedUpTo = upTo;
  }
}
