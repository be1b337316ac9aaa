/**
 * The settings store without a file read per question. conf (and electron-store) read, parse and
 * schema-check the whole settings.json on every `get`; the status line asks for the active profile on
 * every order event, so each order paid two such reads.
 *
 * Values are kept per key until the file changes: a write through this store forgets them, and a write by
 * anything else (the user's editor, another tool) is told by the operating system's change notice for the
 * file's folder (`fs.watch`), which forgets them too. Where no notice can be had (the folder cannot be
 * watched, or the watch failed), each `get` checks the file's inode, size and times with a stat instead.
 * The read-only check before every order paid that stat, ~0.05 ms of cold syscall on each order at the
 * bench's pace (issue 16). Every `get` answers a copy, as conf does, so a caller that changes what it got
 * cannot change what the next caller gets.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
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
  /** Told when anything touches the settings file; null when it could not be watched (then: stat per get). */
  private watcher: FSWatcher | null = null;

  constructor(inner: ConfLike) {
    this.inner = inner;
    this.watcher = this.watchFile();
  }

  /** Stops watching (the store still answers, with a stat per `get` from now on). */
  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /**
   * The folder, not the file: an editor (and conf itself) saves by writing a new file and renaming it over
   * the old one, which a watch on the old file's inode would never see. Only notices naming the settings
   * file (or naming nothing, as some platforms do) forget the values: the folder holds other files too.
   */
  private watchFile(): FSWatcher | null {
    const file = this.inner.path;
    const name = path.basename(file);
    try {
      const w = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === undefined || String(changed).startsWith(name)) this.forget();
      });
      w.on('error', () => {
        // The folder went away or the watch broke: back to a stat per get, and whatever was held is stale.
        if (this.watcher === w) this.watcher = null;
        this.forget();
        w.close();
      });
      return w;
    } catch {
      return null;
    }
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
    if (this.watcher !== null) return;
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
