/** Seeded random-walk prices for the universe; deterministic for a given seed and call sequence. */
import type { Instrument } from './universe.ts';
import { UNIVERSE, roundToTick } from './universe.ts';

/** mulberry32: tiny, fast, good enough for a market simulation, and reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Quote {
  last: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  lastSize: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export class Market {
  private readonly quotes = new Map<string, Quote>();
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
    for (const instrument of UNIVERSE) {
      const last = instrument.startPrice;
      this.quotes.set(instrument.localSymbol, {
        ...this.spreadAround(instrument, last),
        last,
        lastSize: 100,
        high: last,
        low: last,
        close: roundToTick(instrument, last * 0.996),
        volume: 1_000_000,
      });
    }
  }

  quote(instrument: Instrument): Quote {
    const q = this.quotes.get(instrument.localSymbol);
    if (!q) throw new Error(`no quote for ${instrument.localSymbol}`);
    return q;
  }

  /** One random step for every instrument. */
  step(): void {
    for (const instrument of UNIVERSE) {
      const q = this.quote(instrument);
      const z = this.gaussian();
      this.apply(instrument, q.last * (1 + z * instrument.tickVolatility));
    }
  }

  /** Moves an instrument to a given price (tests use this to make fills and P&L deterministic). */
  set(instrument: Instrument, price: number): void {
    this.apply(instrument, price);
  }

  private apply(instrument: Instrument, rawPrice: number): void {
    const q = this.quote(instrument);
    const last = Math.max(instrument.minTick, roundToTick(instrument, rawPrice));
    const spread = this.spreadAround(instrument, last);
    q.last = last;
    q.bid = spread.bid;
    q.ask = spread.ask;
    q.bidSize = spread.bidSize;
    q.askSize = spread.askSize;
    q.lastSize = 100 * (1 + Math.floor(this.random() * 5));
    q.high = Math.max(q.high, last);
    q.low = Math.min(q.low, last);
    q.volume += q.lastSize;
  }

  /** Bid/ask one tick either side of last (ES and FX trade at a one-tick spread too). */
  private spreadAround(instrument: Instrument, last: number): Pick<Quote, 'bid' | 'ask' | 'bidSize' | 'askSize'> {
    const tick = instrument.minTick;
    return {
      bid: roundToTick(instrument, last - tick),
      ask: roundToTick(instrument, last + tick),
      bidSize: 100 * (1 + Math.floor(this.random() * 9)),
      askSize: 100 * (1 + Math.floor(this.random() * 9)),
    };
  }

  private gaussian(): number {
    const u = Math.max(this.random(), 1e-12);
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
