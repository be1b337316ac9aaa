/**
 * What the UI path does before an order reaches the gate (TradingDesk.validateContract + the ticket's
 * live preview): the contract is looked up and market data started. A program sends its order without
 * a preview, so a market order for a symbol nobody watched yet would meet the gate with no price and be
 * refused ("no last price"); the firewall gives the first price a short while to arrive instead.
 */
import type { ParsedTicket } from '../contract.ts';
import { instrumentId } from '../contract/keys.ts';

export interface PreparingBroker {
  contracts: { lookup(ticket: ParsedTicket): Promise<unknown> };
  market: { watch(ticket: ParsedTicket): void; lastPrice(symbol: string): number | null };
}

export function brokerPrepare(broker: PreparingBroker, waitMs = 2000, pollMs = 20): (ticket: ParsedTicket) => Promise<void> {
  return async (ticket) => {
    await broker.contracts.lookup(ticket);
    broker.market.watch(ticket);
    const end = Date.now() + waitMs;
    while (broker.market.lastPrice(instrumentId(ticket)) === null && Date.now() < end) {
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };
}
