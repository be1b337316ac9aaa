/**
 * One account's cash, positions and P&L, kept consistent with fills and prices.
 * Stocks and FX are cash-settled at trade (cash moves by the notional); futures move only by
 * realised P&L and commission, their open P&L counting toward net liquidation.
 */
import type { Market } from './market.ts';
import type { Instrument } from './universe.ts';
import { UNIVERSE, instrumentBySymbol } from './universe.ts';

export interface Holding {
  instrument: Instrument;
  quantity: number;
  /** Average cost per unit times multiplier, as IB reports avgCost. */
  avgCost: number;
  realizedPnl: number;
  /** Mark at session start: the reference for daily P&L. */
  startMark: number;
  startQuantity: number;
  /** Cash paid for today's trades in this instrument (notional and commission; sells count negative). */
  netPaidToday: number;
}

export interface AccountValues {
  netLiquidation: number;
  totalCashValue: number;
  settledCash: number;
  grossPositionValue: number;
  equityWithLoanValue: number;
  initMarginReq: number;
  maintMarginReq: number;
  availableFunds: number;
  excessLiquidity: number;
  buyingPower: number;
  cushion: number;
  dayTradesRemaining: number;
  unrealizedPnl: number;
  realizedPnl: number;
  dailyPnl: number;
}

/** Margin rates of a Reg-T-like margin account; futures use exchange margin per contract. */
const STOCK_INIT_MARGIN = 0.25;
const STOCK_MAINT_MARGIN = 0.25;
const FUT_INIT_MARGIN = 16_500;
const FUT_MAINT_MARGIN = 15_000;
const FX_MARGIN = 0.03;

export class Account {
  readonly id: string;
  cash: number;
  private readonly startCash: number;
  readonly holdings = new Map<number, Holding>();
  private readonly market: Market;

  constructor(id: string, startingCash: number, market: Market) {
    this.id = id;
    this.cash = startingCash;
    this.market = market;
    this.startCash = startingCash;
  }

  /** Adds a position held before the session (its cost is not taken from cash: it was paid earlier). */
  seedPosition(symbol: string, quantity: number, avgCost: number): void {
    const instrument = instrumentBySymbol(symbol);
    if (!instrument) throw new Error(`unknown symbol in initial positions: ${symbol}`);
    const mark = this.market.quote(instrument).last;
    this.holdings.set(instrument.conId, {
      instrument,
      quantity,
      avgCost: avgCost * instrument.multiplier,
      realizedPnl: 0,
      startMark: mark,
      startQuantity: quantity,
      netPaidToday: 0,
    });
  }

  holding(instrument: Instrument): Holding {
    let h = this.holdings.get(instrument.conId);
    if (!h) {
      h = {
        instrument,
        quantity: 0,
        avgCost: 0,
        realizedPnl: 0,
        startMark: this.market.quote(instrument).last,
        startQuantity: 0,
        netPaidToday: 0,
      };
      this.holdings.set(instrument.conId, h);
    }
    return h;
  }

  /**
   * Books a fill. Returns the realised P&L of the closing part (undefined when it only opened),
   * the way commissionReport reports it.
   */
  applyFill(instrument: Instrument, side: 'BUY' | 'SELL', quantity: number, price: number, commission: number): number | undefined {
    const h = this.holding(instrument);
    const signed = side === 'BUY' ? quantity : -quantity;
    const mult = instrument.multiplier;
    let realized: number | undefined;
    const closing = h.quantity !== 0 && Math.sign(h.quantity) !== Math.sign(signed);
    if (closing) {
      const closed = Math.min(Math.abs(h.quantity), quantity);
      const perUnitCost = h.avgCost / mult;
      realized = (price - perUnitCost) * closed * mult * Math.sign(h.quantity) - commission;
      h.realizedPnl += realized;
      const remainingOpen = quantity - closed;
      h.quantity += Math.sign(signed) * closed;
      if (remainingOpen > 0) {
        h.quantity = Math.sign(signed) * remainingOpen;
        h.avgCost = price * mult;
      } else if (h.quantity === 0) {
        h.avgCost = 0;
      }
    } else {
      const newQty = h.quantity + signed;
      // IB folds the commission of opening trades into a stock's average cost: a buy costs more, a short
      // sale's proceeds are smaller (its average cost goes down). Realised P&L then nets both sides.
      // Futures keep it out, so their open P&L (which counts toward net liquidation) does not charge the
      // commission a second time.
      const folded = instrument.secType === 'FUT' ? 0 : Math.sign(signed) * commission;
      h.avgCost = (Math.abs(h.quantity) * h.avgCost + quantity * price * mult + folded) / Math.abs(newQty);
      h.quantity = newQty;
    }
    h.netPaidToday += signed * price * mult + commission;
    if (instrument.secType === 'FUT') {
      if (realized !== undefined) this.cash += realized + commission;
      this.cash -= commission;
    } else {
      this.cash -= signed * price * mult + commission;
    }
    return realized;
  }

  marketValue(h: Holding): number {
    const mark = this.market.quote(h.instrument).last;
    return h.quantity * mark * h.instrument.multiplier;
  }

  unrealized(h: Holding): number {
    const mark = this.market.quote(h.instrument).last;
    return h.quantity * mark * h.instrument.multiplier - h.quantity * h.avgCost;
  }

  /** Daily P&L of one holding: value now, minus value at the start, minus what today's trades cost. */
  daily(h: Holding): number {
    const mark = this.market.quote(h.instrument).last;
    const mult = h.instrument.multiplier;
    return h.quantity * mark * mult - h.startQuantity * h.startMark * mult - h.netPaidToday;
  }

  values(): AccountValues {
    let stockValue = 0;
    let gross = 0;
    let futuresOpen = 0;
    let initMargin = 0;
    let maintMargin = 0;
    let unrealized = 0;
    let realized = 0;
    let daily = 0;
    for (const h of this.holdings.values()) {
      const value = this.marketValue(h);
      realized += h.realizedPnl;
      unrealized += this.unrealized(h);
      daily += this.daily(h);
      if (h.instrument.secType === 'FUT') {
        futuresOpen += this.unrealized(h);
        initMargin += Math.abs(h.quantity) * FUT_INIT_MARGIN;
        maintMargin += Math.abs(h.quantity) * FUT_MAINT_MARGIN;
      } else if (h.instrument.secType === 'CASH') {
        stockValue += value;
        initMargin += Math.abs(value) * FX_MARGIN;
        maintMargin += Math.abs(value) * FX_MARGIN;
      } else {
        stockValue += value;
        gross += Math.abs(value);
        initMargin += Math.abs(value) * STOCK_INIT_MARGIN;
        maintMargin += Math.abs(value) * STOCK_MAINT_MARGIN;
      }
    }
    const netLiquidation = this.cash + stockValue + futuresOpen;
    const equityWithLoanValue = netLiquidation;
    const availableFunds = equityWithLoanValue - initMargin;
    const excessLiquidity = equityWithLoanValue - maintMargin;
    return {
      netLiquidation,
      totalCashValue: this.cash,
      settledCash: this.cash,
      grossPositionValue: gross,
      equityWithLoanValue,
      initMarginReq: initMargin,
      maintMarginReq: maintMargin,
      availableFunds,
      excessLiquidity,
      buyingPower: Math.max(0, availableFunds * 4),
      cushion: netLiquidation === 0 ? 0 : excessLiquidity / netLiquidation,
      dayTradesRemaining: -1,
      unrealizedPnl: unrealized,
      realizedPnl: realized,
      dailyPnl: daily,
    };
  }

  /** Initial margin an order would add (what-if and buying-power checks). */
  marginFor(instrument: Instrument, quantity: number, price: number): number {
    if (instrument.secType === 'FUT') return quantity * FUT_INIT_MARGIN;
    const notional = quantity * price * instrument.multiplier;
    return notional * (instrument.secType === 'CASH' ? FX_MARGIN : STOCK_INIT_MARGIN);
  }

  maintMarginFor(instrument: Instrument, quantity: number, price: number): number {
    if (instrument.secType === 'FUT') return quantity * FUT_MAINT_MARGIN;
    const notional = quantity * price * instrument.multiplier;
    return notional * (instrument.secType === 'CASH' ? FX_MARGIN : STOCK_MAINT_MARGIN);
  }

  /** Cash change since the session started, for diagnostics. */
  cashChange(): number {
    return this.cash - this.startCash;
  }
}

export { UNIVERSE };
