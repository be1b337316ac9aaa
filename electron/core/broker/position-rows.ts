import type { Position } from '../contract.ts';

/**
 * One account's positions by conId, with the array the account stream sends (the open ones, in the order
 * IB first reported them) kept up to date instead of rebuilt from the map on every delivery: on a
 * 10,000-position book that rebuild was a third of core's CPU at 20 deliveries a second (issue 16). A
 * price change replaces one element; a position that opens, closes or goes away rebuilds the array once,
 * when it is next asked for.
 *
 * The array handed out is frozen and never changed afterwards: the next change copies it first (a spread,
 * which V8 does at memory speed), so a snapshot a stream still holds keeps its rows.
 */
export class PositionRows {
  private readonly byConId = new Map<number, Position>();
  private shown: Position[] | null = [];
  private readonly at = new Map<number, number>();
  private handedOut = false;

  get(conId: number): Position | undefined {
    return this.byConId.get(conId);
  }

  keys(): IterableIterator<number> {
    return this.byConId.keys();
  }

  /** `row` must itself be frozen: rows are replaced, never edited (contract/changes.ts REPLACED_ROWS). */
  set(conId: number, row: Position): void {
    this.byConId.set(conId, row);
    if (!this.shown) return;
    const i = this.at.get(conId);
    const open = row.quantity !== '0';
    if (i === undefined && !open) return;
    if (i === undefined || !open) {
      this.shown = null;
      return;
    }
    if (this.handedOut) {
      this.shown = [...this.shown];
      this.handedOut = false;
    }
    this.shown[i] = row;
  }

  delete(conId: number): void {
    if (!this.byConId.delete(conId)) return;
    if (this.at.has(conId)) this.shown = null;
  }

  /** The open positions, oldest first. Do not keep it past the next change expecting it to update. */
  open(): readonly Position[] {
    if (!this.shown) {
      this.shown = [];
      this.at.clear();
      for (const [conId, p] of this.byConId) {
        if (p.quantity === '0') continue;
        this.at.set(conId, this.shown.length);
        this.shown.push(p);
      }
      this.handedOut = false;
    }
    if (!this.handedOut) {
      Object.freeze(this.shown);
      this.handedOut = true;
    }
    return this.shown;
  }
}
