/**
 * Dispatches contract commands to handlers and fans streams out to subscribers. Both shells (Electron IPC
 * and the web bridge) sit on exactly this, so validation and error shaping happen once.
 */
import {
  commands,
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

/**
 * Streams whose changes a trader waits for (an order going Submitted, a fill, the connection dropping):
 * delivered at the end of the turn they happened in — everything published in one turn (one socket read
 * holds openOrder + orderStatus + execDetails) is one delivery, and nothing waits for a pacing window.
 * Their rate is bounded by the Gateway itself (IB accepts ~50 messages/s per client).
 */
const SAME_TURN: ReadonlySet<StreamName> = new Set<StreamName>(['orders', 'status', 'alerts', 'timeline']);

/**
 * Holds the latest value of every stream and delivers it. Streams driven by market data (account P&L,
 * the risk figures built from it) and the log are paced to at most `maxPerSecond` deliveries a second:
 * publishing faster only replaces the pending value, so a tick flood becomes a steady trickle of
 * snapshots and the last value always arrives. The streams in SAME_TURN are never paced.
 */
export class StreamHub {
  private readonly latest = new Map<StreamName, unknown>();
  private readonly builders = new Map<StreamName, () => unknown>();
  private readonly listeners = new Map<StreamName, Set<Listener>>();
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
    this.minGapMs = 1000 / (opts.maxPerSecond ?? 20);
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

  /** Subscribing delivers the current value at once (if any), then every coalesced update. */
  subscribe<S extends StreamName>(stream: S, listener: (value: StreamValue<S>) => void): () => void {
    if (!isStreamName(stream)) throw new AppError('BAD_INPUT', `Unknown stream ${JSON.stringify(String(stream))}.`);
    let set = this.listeners.get(stream);
    if (!set) this.listeners.set(stream, (set = new Set()));
    const l = listener as Listener;
    set.add(l);
    if (this.latest.has(stream)) {
      queueMicrotask(() => {
        if (!set.has(l)) return;
        const value = this.current(stream);
        const check = streams[stream].safeParse(value);
        if (check.success) this.deliver(stream, [l], check.data, false);
        else this.dropped(stream, check.error.issues[0]?.message);
      });
    }
    return () => set.delete(l);
  }

  dispose(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
    for (const t of this.turns.values()) clearImmediate(t);
    this.turns.clear();
    this.listeners.clear();
  }

  private flush(stream: StreamName): void {
    // Nobody listening (the log view is closed, no window yet): nothing is built or checked; a builder
    // waits for the next subscriber or `get`, which build it then.
    if (!this.listeners.get(stream)?.size) return;
    this.lastSent.set(stream, this.clock.now());
    const value = this.current(stream);
    const check = streams[stream].safeParse(value);
    if (!check.success) {
      this.dropped(stream, check.error.issues[0]?.message);
      return;
    }
    this.deliver(stream, [...(this.listeners.get(stream) ?? [])], check.data, true);
  }

  /** A bad snapshot is a core bug; dropping it keeps the UI on the last good one, and the log says so. */
  private dropped(stream: StreamName, issue: string | undefined): void {
    this.fail(stream, `Internal error: the ${stream} view was not updated, its data failed the contract check (${issue ?? 'invalid'}); the screen keeps the last good data.`);
  }

  /** `toAll`: every subscriber got it, so a clean run means the stream's earlier failure is over. */
  private deliver(stream: StreamName, listeners: Listener[], value: unknown, toAll: boolean): void {
    let failed = false;
    for (const l of listeners) {
      try {
        l(value);
      } catch (err) {
        failed = true;
        this.fail(stream, listenerFailureText(`the ${stream} stream`, err));
      }
    }
    if (toAll && !failed) this.failing.delete(stream);
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
