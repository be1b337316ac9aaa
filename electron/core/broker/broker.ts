/**
 * The broker side of one profile: a session that keeps the socket open, and the books built on it
 * (account, orders, contracts, market data). Errors are routed by id to whoever asked.
 */
import type { IBApi } from '@stoqey/ib';
import type { Fill, ParsedTicket } from '../contract.ts';
import { systemClock } from '../util/clock.ts';
import { Emitter, listenerFailureText } from '../util/emitter.ts';
import { AccountBook } from './account.ts';
import { ContractBook } from './contracts.ts';
import { executedContract, MarketData } from './market.ts';
import { OrderIdStore } from './order-ids.ts';
import { OrderManager } from './orders.ts';
import { BrokerSession, type SessionOptions, type SessionState } from './session.ts';

export interface BrokerOptions extends SessionOptions {
  dataDir: string;
  /** Profile key for the persisted order ids. */
  profileKey: string;
  preferredAccount?: string | null;
}

export type BrokerEvents = {
  session: [SessionState];
  account: [];
  orders: [];
  fill: [Fill];
  rejected: [{ orderId: number; message: string }];
  notice: [{ level: 'info' | 'warn' | 'error'; text: string }];
  ready: [];
  lost: [string];
  /** A watched symbol's quote changed (market data: the stream over it is paced). */
  quotes: [];
};

export class Broker extends Emitter<BrokerEvents> {
  readonly session: BrokerSession;
  readonly account: AccountBook;
  readonly orders: OrderManager;
  readonly contracts: ContractBook;
  readonly market: MarketData;

  constructor(opts: BrokerOptions) {
    super();
    const log = (level: 'info' | 'warn' | 'error', text: string) => {
      opts.log?.(level, text);
      this.emit('notice', { level, text });
    };
    this.session = new BrokerSession({ ...opts, log });
    const requestIds = this.session.requestIds;
    const clock = opts.clock ?? systemClock;
    const now = () => clock.now();
    this.account = new AccountBook({ requestIds, now });
    this.orders = new OrderManager({ ids: new OrderIdStore(opts.dataDir, opts.profileKey), requestIds, now, clock });
    this.contracts = new ContractBook(() => this.session.client, requestIds, now);
    this.market = new MarketData(requestIds, (symbol, secType) => this.contracts.multiplier(symbol, secType));
    this.market.onQuote = () => this.emit('quotes');
    // A listener that throws is said in the broker's log (straight to it: a 'notice' could throw again).
    const opsLog = opts.log;
    if (opsLog) {
      const report = (owner: string) => (event: string, err: unknown) => opsLog('error', listenerFailureText(`${owner} '${event}'`, err));
      this.reportFailures(report('broker'));
      this.session.reportFailures(report('session'));
      this.account.reportFailures(report('account'));
      this.orders.reportFailures(report('orders'));
    }

    this.session.on('state', (s) => this.emit('session', s));
    this.session.on('ready', (api: IBApi, nextId: number) => {
      this.account.attach(api, opts.preferredAccount ?? null);
      this.orders.attach(api, this.session.state.clientId, nextId, this.session.state.serverTimeZone);
      this.market.attach(api);
      this.emit('ready');
    });
    this.session.on('lost', (why) => {
      this.account.detach();
      this.orders.detach();
      this.market.detach();
      this.emit('lost', why);
    });
    this.session.on('resubscribe', () => {
      this.account.resubscribe();
      this.market.resubscribe();
    });
    // Errors name only an id: a request id goes to the book that asked (looked up, never guessed from
    // a range), anything else is an order id. Request ids are never order ids (request-ids.ts).
    this.session.on('error', ({ id, code, message }) => {
      const owner = requestIds.owner(id);
      if (owner !== undefined) {
        if (!requestIds.route(id, code, message) || owner === 'account' || owner === 'pnl' || owner === 'executions') {
          log('warn', `Gateway error ${code} for the ${owner} request: ${message}`);
        }
        return;
      }
      if (this.orders.onError(id, code, message)) return;
      log('warn', `Gateway error ${code} for request ${id}: ${message}`);
    });
    this.account.on('change', () => this.emit('account'));
    this.orders.on('change', () => this.emit('orders'));
    this.orders.on('fill', (f, contract) => {
      this.emit('fill', f);
      // A fill changes positions: make sure we have a price for the instrument it was in.
      const c = executedContract(contract);
      const watched = { symbol: f.symbol, secType: (c.secType ?? 'STK') as ParsedTicket['secType'], exchange: c.exchange ?? 'SMART', currency: c.currency ?? 'USD' };
      this.market.watch(c.lastTradeDateOrContractMonth ? { ...watched, lastTradeDateOrContractMonth: c.lastTradeDateOrContractMonth } : watched, c);
    });
    this.orders.on('rejected', (r) => this.emit('rejected', r));
    this.orders.on('notice', (n) => log(n.level, n.text));
  }

  start(): void {
    this.session.start();
  }

  stop(): void {
    this.session.stop();
    this.account.detach();
    this.orders.detach();
    this.market.detach();
  }
}
