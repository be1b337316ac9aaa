/**
 * What IB's account values mean, in a trader's words (after IB's own glossary in the TWS/Portal account
 * window). Keys are the account-summary tags the Gateway sends.
 */
export const BALANCE_TERMS: Record<string, string> = {
  NetLiquidation:
    'What the account would be worth if every position were closed at current prices: cash plus the market value of longs, minus shorts, options and accruals included.',
  TotalCashValue: 'Settled and unsettled cash in all currencies, converted to the base currency. Negative means a margin loan.',
  BuyingPower:
    'How much more stock you could buy now with the margin you have left: up to 4× excess liquidity intraday in a Reg T margin account.',
  AvailableFunds: 'Equity with loan value minus initial margin: what is free to open new positions. Below zero, new orders are refused.',
  ExcessLiquidity:
    'Equity with loan value minus maintenance margin: your cushion. If it falls below zero, IB may liquidate positions without notice.',
  InitMarginReq: 'The margin IB requires to open the positions you hold now.',
  MaintMarginReq: 'The margin IB requires to keep holding your positions; falling below it starts liquidation.',
  GrossPositionValue: 'The market value of all positions added up regardless of side (longs plus the absolute value of shorts).',
  SMA: 'Special Memorandum Account: a Reg T line of credit built up by gains and sales. At the close it must not be negative, or new positions are restricted.',
  DayTradesRemaining:
    'Pattern day trader rule: an account under $25,000 may make 3 day trades in 5 business days. "unlimited" when the rule does not apply.',
};
