/**
 * The one allocator of request ids (market data, account summary, P&L, contract details, executions, …)
 * for a session, which remembers who owns each id.
 *
 * Why one: the Gateway's error messages name only an id, and request ids and order ids share that channel.
 * With ranges per book (600k, 700k, …) an order id past 600,000 was also a market-data id, so a
 * market-data error 200 marked a live order Inactive and released its risk reservation. Request ids here
 * count down from near the top of IB's int range while order ids count up from the Gateway's nextValidId,
 * an id the order book knows is never handed out, and errors are routed by looking the id up.
 */

export type RequestOwner = 'market' | 'account' | 'pnl' | 'contract' | 'executions' | 'history' | 'symbols' | 'other';

export type RequestErrorHandler = (code: number, message: string) => void;

interface Entry {
  owner: RequestOwner;
  onError: RequestErrorHandler | undefined;
}

/** Just below IB's "unset int" (2147483647), which some clients encode as an empty field. */
const TOP = 2_147_483_000;

export class RequestIds {
  private next = TOP;
  private readonly entries = new Map<number, Entry>();
  private isOrderId: (id: number) => boolean = () => false;

  /** Tells the allocator which ids are order ids (the order book), so it never hands one out. */
  setOrderIdCheck(check: (id: number) => boolean): void {
    this.isOrderId = check;
  }

  /** A fresh id for `owner`; `onError` receives the Gateway's errors for it. */
  take(owner: RequestOwner, onError?: RequestErrorHandler): number {
    let id = this.next--;
    while (this.isOrderId(id) || this.entries.has(id)) id = this.next--;
    this.entries.set(id, { owner, onError });
    return id;
  }

  /** The request is over (cancelled, answered): errors for it are no longer anyone's. */
  release(id: number): void {
    this.entries.delete(id);
  }

  owner(id: number): RequestOwner | undefined {
    return this.entries.get(id)?.owner;
  }

  /** Hands an error to the request's handler; false when it has none (or the id is no request of ours). */
  route(id: number, code: number, message: string): boolean {
    const e = this.entries.get(id);
    if (!e?.onError) return false;
    e.onError(code, message);
    return true;
  }

  /** A new connection: requests of the old one are gone with it (their ids are not reused). */
  reset(): void {
    this.entries.clear();
  }
}
