/** orders.*, contracts.lookup and account.refresh: the trading desk, always through the risk gate. */
import { csvFilename, fillsCsv, ordersCsv } from '../export/csv.ts';
import type { SEC_TYPES } from '../contract/constants.ts';
import { done, type HandlerContext, type HandlersFor } from './context.ts';

/** What the desk means by a bare symbol: a pair written like EUR.USD is forex unless the caller says otherwise. */
function instrument(symbol: string, secType: (typeof SEC_TYPES)[number] | undefined, lastTradeDateOrContractMonth?: string) {
  return {
    symbol,
    secType: secType ?? (/^[A-Z]{3}\.[A-Z]{3}$/.test(symbol) ? ('CASH' as const) : ('STK' as const)),
    exchange: 'SMART',
    currency: 'USD',
    ...(lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth } : {}),
  };
}

export function ordersHandlers({ active }: HandlerContext): HandlersFor<'orders' | 'contracts' | 'account' | 'market'> {
  return {
    'account.refresh': () => {
      active.need().broker.account.resubscribe();
      return done;
    },
    'contracts.lookup': ({ symbol, secType, lastTradeDateOrContractMonth }) =>
      active.need().broker.contracts.lookup(instrument(symbol, secType, lastTradeDateOrContractMonth)),
    // No exchange named: the Gateway lists the root's months on whichever exchange lists it (ZN on CBOT).
    'contracts.expiries': ({ symbol, exchange, currency }) =>
      active.need().broker.contracts.expiries({ symbol, exchange: exchange ?? '', currency: currency ?? 'USD' }),
    'market.watch': async ({ symbol, secType, lastTradeDateOrContractMonth }) => {
      const broker = active.need().broker;
      const wanted = instrument(symbol, secType, lastTradeDateOrContractMonth);
      // A future's line shows what one contract is worth (price × multiplier): the lookup (cached, and the
      // ticket's own lookup has usually made it) resolves the month's multiplier. A failed lookup is not this
      // call's error: the quote line says why there is no price.
      // The same lookup names the month's exchange, which the quote is asked on (ContractBook.route).
      const routed = wanted.secType === 'FUT' && wanted.lastTradeDateOrContractMonth ? await broker.contracts.route(wanted).catch(() => wanted) : wanted;
      broker.market.watch(routed);
      return done;
    },
    'market.bars': ({ symbol, secType, barSize }) => active.need().broker.market.bars(instrument(symbol, secType), barSize),
    'orders.preview': (ticket) => active.need().desk.preview(ticket),
    'orders.place': ({ intentId, ...ticket }) => active.need().desk.place(ticket, intentId),
    'orders.intent': ({ intentId }) => active.need().desk.intent(intentId),
    'orders.modify': ({ orderId, clientId, ticket }) => active.need().desk.modify(orderId, ticket, clientId),
    'orders.cancel': ({ orderId, clientId }) => {
      active.need().desk.cancel(orderId, clientId);
      return done;
    },
    'orders.cancelAll': () => {
      active.need().desk.cancelAll();
      return done;
    },
    'orders.exportCsv': ({ kind }) => {
      const snapshot = active.need().broker.orders.snapshot();
      // The machine's own zone: the trader reads the file on this computer, next to this computer's clock.
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const now = Date.now();
      return { filename: csvFilename(kind, now, zone), csv: kind === 'fills' ? fillsCsv(snapshot.fills, zone) : ordersCsv(snapshot, zone) };
    },
  };
}
