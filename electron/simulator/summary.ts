/**
 * Account summary (reqAccountSummary) values: the 29 tags IB's own client asks for
 * (ibapi/account_summary_tags.py:8-36, AccountSummaryTags.AllTags, same order) and the `$LEDGER` cash
 * balance tags per currency (IB docs, "Account Summary": `$LEDGER` base currency only, `$LEDGER:<CUR>` one
 * currency, `$LEDGER:ALL` every currency, BASE included).
 */
import type { Account } from './account.ts';
import { money } from './messages.ts';

export const SUMMARY_TAGS = [
  'AccountType',
  'NetLiquidation',
  'TotalCashValue',
  'SettledCash',
  'AccruedCash',
  'BuyingPower',
  'EquityWithLoanValue',
  'PreviousDayEquityWithLoanValue',
  'GrossPositionValue',
  'ReqTEquity',
  'ReqTMargin',
  'SMA',
  'InitMarginReq',
  'MaintMarginReq',
  'AvailableFunds',
  'ExcessLiquidity',
  'Cushion',
  'FullInitMarginReq',
  'FullMaintMarginReq',
  'FullAvailableFunds',
  'FullExcessLiquidity',
  'LookAheadNextChange',
  'LookAheadInitMarginReq',
  'LookAheadMaintMarginReq',
  'LookAheadAvailableFunds',
  'LookAheadExcessLiquidity',
  'HighestSeverity',
  'DayTradesRemaining',
  'Leverage',
] as const;

export type SummaryTag = (typeof SUMMARY_TAGS)[number];

/** The ledger tags a Gateway sends per currency for `$LEDGER…` requests. */
export const LEDGER_TAGS = [
  'CashBalance',
  'TotalCashBalance',
  'AccruedCash',
  'StockMarketValue',
  'OptionMarketValue',
  'FutureOptionValue',
  'FuturesPNL',
  'NetLiquidationByCurrency',
  'UnrealizedPnL',
  'RealizedPnL',
  'ExchangeRate',
  'FundValue',
  'NetDividend',
  'MutualFundValue',
  'MoneyMarketFundValue',
  'CorporateBondValue',
  'TBondValue',
  'TBillValue',
  'WarrantValue',
  'FxCashBalance',
  'AccountOrGroup',
  'RealCurrency',
  'IssuerOptionValue',
] as const;

/** Every summary tag's [value, currency] for one account (a USD account: margin figures in USD). */
export function summaryValues(account: Account): Record<SummaryTag, [string, string]> {
  const v = account.values();
  const usd = (n: number): [string, string] => [money(n), 'USD'];
  const previousDayEwl = v.equityWithLoanValue - v.dailyPnl;
  return {
    AccountType: ['INDIVIDUAL', ''],
    NetLiquidation: usd(v.netLiquidation),
    TotalCashValue: usd(v.totalCashValue),
    SettledCash: usd(v.settledCash),
    AccruedCash: usd(0),
    BuyingPower: usd(v.buyingPower),
    EquityWithLoanValue: usd(v.equityWithLoanValue),
    PreviousDayEquityWithLoanValue: usd(previousDayEwl),
    GrossPositionValue: usd(v.grossPositionValue),
    ReqTEquity: usd(v.equityWithLoanValue),
    ReqTMargin: usd(v.initMarginReq),
    SMA: usd(Math.max(0, v.equityWithLoanValue - v.initMarginReq)),
    InitMarginReq: usd(v.initMarginReq),
    MaintMarginReq: usd(v.maintMarginReq),
    AvailableFunds: usd(v.availableFunds),
    ExcessLiquidity: usd(v.excessLiquidity),
    Cushion: [v.cushion.toFixed(6), ''],
    FullInitMarginReq: usd(v.initMarginReq),
    FullMaintMarginReq: usd(v.maintMarginReq),
    FullAvailableFunds: usd(v.availableFunds),
    FullExcessLiquidity: usd(v.excessLiquidity),
    // Seconds until the look-ahead margin changes; 0 when no change is scheduled.
    LookAheadNextChange: ['0', ''],
    LookAheadInitMarginReq: usd(v.initMarginReq),
    LookAheadMaintMarginReq: usd(v.maintMarginReq),
    LookAheadAvailableFunds: usd(v.availableFunds),
    LookAheadExcessLiquidity: usd(v.excessLiquidity),
    HighestSeverity: ['0', ''],
    DayTradesRemaining: [String(v.dayTradesRemaining), ''],
    Leverage: [(v.netLiquidation === 0 ? 0 : v.grossPositionValue / v.netLiquidation).toFixed(2), ''],
  };
}

/** `$LEDGER`, `$LEDGER:USD`, `$LEDGER:ALL` → the currencies to report ledger tags for (BASE is USD here). */
export function ledgerCurrencies(tags: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const t of tags) {
    const m = /^\$LEDGER(?::(\w+))?$/i.exec(t);
    if (!m) continue;
    const which = (m[1] ?? 'BASE').toUpperCase();
    if (which === 'ALL') {
      out.add('BASE');
      out.add('USD');
    } else if (which === 'BASE' || which === 'USD') {
      out.add(which);
    }
  }
  return [...out];
}

/** One currency's ledger rows [tag, value, currency] (everything is in USD, so BASE equals USD). */
export function ledgerValues(account: Account, currency: string, accountId: string): [string, string, string][] {
  const v = account.values();
  let stock = 0;
  let futures = 0;
  for (const h of account.holdings.values()) {
    if (h.instrument.secType === 'FUT') futures += account.unrealized(h);
    else if (h.instrument.secType === 'STK') stock += account.marketValue(h);
  }
  const values: Record<(typeof LEDGER_TAGS)[number], string> = {
    CashBalance: money(v.totalCashValue),
    TotalCashBalance: money(v.totalCashValue),
    AccruedCash: money(0),
    StockMarketValue: money(stock),
    OptionMarketValue: money(0),
    FutureOptionValue: money(0),
    FuturesPNL: money(futures),
    NetLiquidationByCurrency: money(v.netLiquidation),
    UnrealizedPnL: money(v.unrealizedPnl),
    RealizedPnL: money(v.realizedPnl),
    ExchangeRate: '1.00',
    FundValue: money(0),
    NetDividend: money(0),
    MutualFundValue: money(0),
    MoneyMarketFundValue: money(0),
    CorporateBondValue: money(0),
    TBondValue: money(0),
    TBillValue: money(0),
    WarrantValue: money(0),
    FxCashBalance: money(0),
    AccountOrGroup: accountId,
    RealCurrency: currency === 'BASE' ? 'USD' : currency,
    IssuerOptionValue: money(0),
  };
  return LEDGER_TAGS.map((tag) => [tag, values[tag], currency]);
}
