/**
 * Dispatches contract commands to handlers and fans streams out to subscribers. Both shells (Electron IPC
 * and the web bridge) sit on exactly this, so validation and error shaping happen once.
 */
import {
  applyMessage,
  commands,
  deepFreeze,
  diffValue,
  pruneMessage,
  streamMessages,
  type StreamMessage,
  isCommandName,
  isStreamName,
  streams,
  type CommandArgs,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type Result,
  type StreamName,
  type StreamValue,
} from './contract.ts';
import { AppError, badInput, toErrorShape } from './errors.ts';
import { systemClock, type Clock } from './util/clock.ts';
import { listenerFailureText } from './util/emitter.ts';

export type Handlers = {
  [C in CommandName]: (input: CommandArgs<C>) => Promise<CommandOutput<C>> | CommandOutput<C>;
};

export interface Dispatcher {
  /** In-process callers (shells, tests, benchmarks): typed by command name. */
  dispatch<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<Result<CommandOutput<C>>>;
  /** The wire (IPC, the web bridge): anything may arrive, so it is checked here once. */
  wire(command: unknown, input: unknown): Promise<Result<unknown>>;
}

export function createDispatcher(handlers: Handlers, onInternalError?: (err: unknown) => void): Dispatcher {
  const dispatcher: Dispatcher = {
    dispatch: <C extends CommandName>(command: C, input?: CommandInput<C>) =>
      dispatcher.wire(command, input) as Promise<Result<CommandOutput<C>>>,
    async wire(command, input) {
      if (!isCommandName(command)) {
        return {
          ok: false,
          error: {
            code: 'UNKNOWN_COMMAND',
            message:
              typeof command === 'string' ? `Unknown command ${JSON.stringify(command.slice(0, 80))}.` : 'The command name must be a string.',
          },
        };
      }
      const spec = commands[command];
      const parsed = spec.input.safeParse(input ?? undefined);
      if (!parsed.success) return { ok: false, error: badInput(parsed.error, `input for ${command}`).toShape() };
      try {
        const handler = handlers[command] as (i: unknown) => unknown;
        const value = await handler(parsed.data);
        const out = spec.output.safeParse(value);
        if (!out.success) {
          throw new Error(`${command} produced an invalid result: ${out.error.issues[0]?.message ?? ''}`);
        }
        return { ok: true, value: out.data };
      } catch (err) {
        if (!(err instanceof AppError)) onInternalError?.(err);
        return { ok: false, error: toErrorShape(err) };
      }
    },
  };
  return dispatcher;
}

type Listener = (value: unknown) => void;

/** Freezes a value and its direct fields (arrays of rows that are themselves frozen already). */
function freezeTop<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) Object.freeze(v);
  return Object.freeze(value);
}
type Follower = (message: StreamMessage) => void;

/**
 * Streams whose changes a trader waits for (an order going Submitted, a fill, the connection dropping):
 * delivered at the end of the turn they happened in — everything published in one turn (one socket read
 * holds openOrder + orderStatus + execDetails) is one delivery, and nothing waits for a pacing window.
 * Their rate is bounded by the Gateway itself (IB accepts ~50 messages/s per client).
 */
const SAME_TURN: ReadonlySet<StreamName> = new Set<StreamName>(['orders', 'status', 'alerts', 'timeline']);

/**
 * Deliveries a second of the paced streams (account P&L, risk figures, quotes, the log). IB's market data is
 * "aggregate snapshots taken several times per second" (tws-api md_request.html), about every 300 ms per
 * instrument as measured in the TWS API users' group: at 10 a second every figure IB sends is on screen
 * within 100 ms of arriving. At 20 a second the account and risk deliveries were a third of core's own
 * CPU in a tick flood (issue 16: ~0.35 ms each, cold after 50 ms of decoding), for changes no eye can
 * follow. Orders, fills and the connection are never paced (SAME_TURN).
 */
export const PACED_PER_SECOND = 10;

/**
 * Holds the latest value of every stream and delivers it. Streams driven by market data (account P&L,
 * the risk figures built from it) and the log are paced to at most `maxPerSecond` deliveries a second:
 * publishing faster only replaces the pending value, so a tick flood becomes a steady trickle and the last
 * value always arrives. The streams in SAME_TURN are never paced.
 *
 * A delivery is only what changed since the last one (contract/changes.ts): the hub keeps the value it
 * last sent per stream, diffs the new one against it, checks the change with the contract (the changed
 * rows, not the 10,000 that did not) and sends nothing at all when nothing changed. A `follow`er (the
 * wire: IPC and the web bridge) gets a whole snapshot first and the changes after; a `subscribe`r (in
 * process: tray, notifications, tests) gets the whole value each time something changed. Everything handed
 * out is frozen: no subscriber can change what the next one is given.
 */
export class StreamHub {
  private readonly latest = new Map<StreamName, unknown>();
  private readonly builders = new Map<StreamName, () => unknown>();
  private readonly listeners = new Map<StreamName, Set<Listener>>();
  private readonly followers = new Map<StreamName, Set<Follower>>();
  /** Subscribers (of either kind) whose first snapshot is still on its way: they get no change before it. */
  private readonly priming = new Map<StreamName, Set<Listener | Follower>>();
  /** What every primed subscriber of a stream holds: the last value sent, checked and frozen. */
  private readonly sent = new Map<StreamName, unknown>();
  /** The built value `sent` was made from: rows its builder replaces on change are then skipped by identity. */
  private readonly sentFrom = new Map<StreamName, unknown>();
  private readonly lastSent = new Map<StreamName, number>();
  private readonly timers = new Map<StreamName, unknown>();
  private readonly turns = new Map<StreamName, NodeJS.Immediate>();
  private readonly minGapMs: number;
  private readonly clock: Clock;
  private readonly report: (text: string) => void;
  /** The last failure reported per stream: a listener that fails on every delivery is said once, not 20×/s. */
  private readonly failing = new Map<StreamName, string>();

  /**
   * `report` is where a dropped snapshot or a failing subscriber is said: the user-visible log. `clock`
   * paces the market-data streams (a test moves it by hand to check the window exactly).
   */
  constructor(opts: { maxPerSecond?: number; clock?: Clock; report?: (text: string) => void } = {}) {
    this.minGapMs = 1000 / (opts.maxPerSecond ?? PACED_PER_SECOND);
    this.clock = opts.clock ?? systemClock;
    this.report = opts.report ?? ((text) => console.error(`[gatehouse] ${text}`));
  }

  /**
   * `value` may be a function that builds the snapshot: it then runs only when the snapshot is delivered
   * (or read), not on every event — a tick flood costs one snapshot per delivery, not one per tick.
   */
  publish<S extends StreamName>(stream: S, value: StreamValue<S> | (() => StreamValue<S>)): void {
    if (!isStreamName(stream)) throw new Error(`unknown stream ${String(stream)}`);
    if (typeof value === 'function') this.builders.set(stream, value as () => unknown);
    else this.builders.delete(stream);
    this.latest.set(stream, value);
    // Nobody listening (the Risk screen closed, no window yet): the value waits for a subscriber or `get`,
    // which build it then. No delivery is scheduled, so a tick flood into an unheard stream costs a store.
    if (!this.heard(stream)) return;
    if (this.timers.has(stream) || this.turns.has(stream)) return;
    if (SAME_TURN.has(stream)) {
      const turn = setImmediate(() => {
        this.turns.delete(stream);
        this.flush(stream);
      });
      turn.unref?.();
      this.turns.set(stream, turn);
      return;
    }
    const wait = (this.lastSent.get(stream) ?? -Infinity) + this.minGapMs - this.clock.now();
    if (wait <= 0) this.flush(stream);
    else {
      const timer = this.clock.setTimeout(() => {
        this.timers.delete(stream);
        this.flush(stream);
      }, wait);
      // A pending snapshot must not keep a finished process alive.
      (timer as { unref?: () => void } | null)?.unref?.();
      this.timers.set(stream, timer);
    }
  }

  get<S extends StreamName>(stream: S): StreamValue<S> | undefined {
    return this.current(stream) as StreamValue<S> | undefined;
  }

  /** The latest value, building it first when it was published as a builder. */
  private current(stream: StreamName): unknown {
    const build = this.builders.get(stream);
    if (build) {
      this.builders.delete(stream);
      this.latest.set(stream, build());
    }
    return this.latest.get(stream);
  }

  /** Subscribing delivers the current value at once (if any), then the whole value whenever it changed. */
  subscribe<S extends StreamName>(stream: S, listener: (value: StreamValue<S>) => void): () => void {
    return this.join(stream, this.listeners, listener as Listener);
  }

  /**
   * The wire's subscription: a whole snapshot at once (if there is a value), then only the changes, which
   * `applyMessage` (contract/changes.ts) merges into it. A follower that reconnects follows afresh and so
   * starts from a new snapshot: nothing missed while it was away is replayed.
   */
  follow<S extends StreamName>(stream: S, follower: (message: StreamMessage<StreamValue<S>>) => void): () => void {
    return this.join(stream, this.followers, follower as Follower);
  }

  /** The last snapshot every follower of `stream` holds (what a follower that fell behind restarts from). */
  snapshot<S extends StreamName>(stream: S): StreamMessage<StreamValue<S>> | undefined {
    if (!this.sent.has(stream)) return undefined;
    return { kind: 'snapshot', value: this.sent.get(stream) as StreamValue<S> };
  }

  private join<L extends Listener | Follower>(stream: StreamName, all: Map<StreamName, Set<L>>, l: L): () => void {
    if (!isStreamName(stream)) throw new AppError('BAD_INPUT', `Unknown stream ${JSON.stringify(String(stream))}.`);
    let set = all.get(stream);
    if (!set) all.set(stream, (set = new Set()));
    set.add(l);
    // Until its first snapshot, a subscriber gets no change: it would have nothing to apply it to.
    let priming = this.priming.get(stream);
    if (!priming) this.priming.set(stream, (priming = new Set()));
    priming.add(l);
    if (this.latest.has(stream)) {
      queueMicrotask(() => {
        if (!priming.has(l) || !set.has(l)) return;
        if (this.primed(stream)) {
          priming.delete(l);
          this.first(stream, l, this.sent.get(stream));
        } else this.primeAll(stream);
      });
    }
    return () => {
      set.delete(l);
      priming.delete(l);
    };
  }

  /** A subscriber's first delivery: the whole value (a follower: as a snapshot message). */
  private first(stream: StreamName, l: Listener | Follower, value: unknown): boolean {
    if (this.followers.get(stream)?.has(l as Follower)) return this.run(stream, () => (l as Follower)({ kind: 'snapshot', value }));
    return this.run(stream, () => (l as Listener)(value));
  }

  /**
   * Nobody holds the last sent value (no subscriber yet, or all of them new): the current value, checked
   * whole and frozen, becomes it and goes to every subscriber waiting for its first snapshot.
   */
  private primeAll(stream: StreamName): void {
    const raw = this.current(stream);
    const check = streams[stream].safeParse(raw);
    if (!check.success) {
      this.dropped(stream, check.error.issues[0]?.message);
      return;
    }
    const value = deepFreeze(check.data);
    this.sent.set(stream, value);
    this.sentFrom.set(stream, raw);
    let failed = false;
    const priming = this.priming.get(stream);
    for (const l of [...(this.listeners.get(stream) ?? []), ...(this.followers.get(stream) ?? [])]) {
      if (!priming?.delete(l)) continue;
      failed = !this.first(stream, l, value) || failed;
    }
    if (!failed) this.failing.delete(stream);
  }

  /** Subscribers of `stream` that hold its last sent value (their snapshot has arrived). */
  private primedOf(stream: StreamName): { listeners: Listener[]; followers: Follower[] } {
    const priming = this.priming.get(stream);
    const listeners = [...(this.listeners.get(stream) ?? [])].filter((l) => !priming?.has(l));
    const followers = [...(this.followers.get(stream) ?? [])].filter((f) => !priming?.has(f));
    return { listeners, followers };
  }

  private primed(stream: StreamName): boolean {
    const { listeners, followers } = this.primedOf(stream);
    return this.sent.has(stream) && listeners.length + followers.length > 0;
  }

  dispose(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
    for (const t of this.turns.values()) clearImmediate(t);
    this.turns.clear();
    this.listeners.clear();
    this.followers.clear();
    this.priming.clear();
  }

  private heard(stream: StreamName): boolean {
    return !!this.listeners.get(stream)?.size || !!this.followers.get(stream)?.size;
  }

  private flush(stream: StreamName): void {
    // Nobody listening (the log view is closed, no window yet): nothing is built or checked; a builder waits
    // for the next subscriber or `get`, which build it then.
    if (!this.heard(stream)) return;
    const { listeners, followers } = this.primedOf(stream);
    this.lastSent.set(stream, this.clock.now());
    if (listeners.length + followers.length === 0 || !this.sent.has(stream)) {
      this.primeAll(stream);
      return;
    }
    const prev = this.sent.get(stream);
    const next = this.current(stream);
    const raw = diffValue(stream, prev, next, this.sentFrom.get(stream));
    if (!raw) {
      this.sentFrom.set(stream, next);
      return;
    }
    const check = streamMessages[stream].safeParse(raw);
    if (!check.success) {
      this.dropped(stream, check.error.issues[0]?.message);
      return;
    }
    // The check may have normalised a row into the one already sent (a field it strips): not a change.
    const msg = pruneMessage(stream, prev, check.data as StreamMessage);
    this.sentFrom.set(stream, next);
    if (!msg) return;
    deepFreeze(msg);
    // What is new in it is the message's (frozen above); the rows it kept were frozen when first sent.
    const value = freezeTop(applyMessage(stream, prev, msg));
    this.sent.set(stream, value);
    let failed = false;
    for (const l of listeners) failed = !this.run(stream, () => l(value)) || failed;
    for (const f of followers) failed = !this.run(stream, () => f(msg)) || failed;
    if (!failed) this.failing.delete(stream);
  }

  /** Runs one delivery; a subscriber that throws is reported (once per text), the others still get theirs. */
  private run(stream: StreamName, deliver: () => void): boolean {
    try {
      deliver();
      return true;
    } catch (err) {
      this.fail(stream, listenerFailureText(`the ${stream} stream`, err));
      return false;
    }
  }

  /** A bad snapshot is a core bug; dropping it keeps the UI on the last good one, and the log says so. */
  private dropped(stream: StreamName, issue: string | undefined): void {
    this.fail(stream, `Internal error: the ${stream} view was not updated, its data failed the contract check (${issue ?? 'invalid'}); the screen keeps the last good data.`);
  }

  private fail(stream: StreamName, text: string): void {
    if (this.failing.get(stream) === text) return;
    this.failing.set(stream, text);
    try {
      this.report(text);
    } catch {
      console.error(`[gatehouse] ${text}`);
    }
  }
}
