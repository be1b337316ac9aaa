/**
 * The settings store without a file read per question. conf (and electron-store) read, parse and
 * schema-check the whole settings.json on every `get`; the status line asks for the active profile on
 * every order event, so each order paid two such reads.
 *
 * Values are kept per key until the file changes: a write through this store forgets them, and a write by
 * anything else (the user's editor, another tool) shows as a new inode, size or modification time of the
 * file, checked with one stat per `get`. Every `get` answers a copy, as conf does, so a caller that changes
 * what it got cannot change what the next caller gets.
 */
import { statSync } from 'node:fs';
import type { ConfLike } from './store.ts';

function stampOf(file: string): string {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return 'absent';
  }
}

export class CachedStore implements ConfLike {
  private readonly inner: ConfLike;
  private readonly values = new Map<string, unknown>();
  private stamp: string | null = null;

  constructor(inner: ConfLike) {
    this.inner = inner;
  }

  get path(): string {
    return this.inner.path;
  }

  get(key: string): unknown {
    this.checkFile();
    return structuredClone(this.held(key));
  }

  /**
   * Several keys read with one stat and no copies, for a question asked on every order (is the active
   * profile read-only?): two `get`s there cost two stats and two copies of every profile. `look` is given
   * the held values themselves, so it must only read them and keep nothing.
   */
  peek<T>(look: (get: (key: string) => unknown) => T): T {
    this.checkFile();
    return look((key) => this.held(key));
  }

  private checkFile(): void {
    const now = stampOf(this.inner.path);
    if (now !== this.stamp) {
      this.values.clear();
      this.stamp = now;
    }
  }

  private held(key: string): unknown {
    if (!this.values.has(key)) this.values.set(key, this.inner.get(key));
    return this.values.get(key);
  }

  set(key: string, value: unknown): void {
    this.forget();
    this.inner.set(key, value);
  }

  delete(key: string): void {
    this.forget();
    this.inner.delete(key);
  }

  private forget(): void {
    this.values.clear();
    this.stamp = null;
  }
}
