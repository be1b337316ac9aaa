/**
 * Order ids are persisted before use and never handed out twice, even across restarts: the next id is the
 * larger of the Gateway's nextValidId and what we last used + 1. The file is replaced atomically.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../util/atomic-write.ts';

export class OrderIdStore {
  private next = 0;
  private readonly file: string;

  constructor(dir: string, key: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `order-ids-${key.replace(/[^\w.-]/g, '_')}.json`);
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { next?: unknown };
      if (typeof saved.next === 'number' && Number.isInteger(saved.next)) this.next = saved.next;
    } catch {
      /* first run, or a torn file: the Gateway's nextValidId still protects us */
    }
  }

  /** Called with each nextValidId from the Gateway. */
  sync(nextValidId: number): void {
    if (nextValidId > this.next) {
      this.next = nextValidId;
      this.persist();
    }
  }

  /** Takes an id and records it as used before it is sent. */
  take(): number {
    const id = this.next;
    this.next = id + 1;
    this.persist();
    return id;
  }

  peek(): number {
    return this.next;
  }

  private persist() {
    writeJsonAtomic(this.file, { next: this.next });
  }
}
