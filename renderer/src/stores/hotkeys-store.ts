/**
 * What the desk hotkeys do: fill the ticket at the bid or ask, cancel the last or every open order, flatten
 * the selected position. The destructive ones wait for a yes in `pending` when their ask-first setting is on.
 * They call the same store actions as the buttons, so every order still goes through core's risk gate.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HotkeyAction } from '../../../electron/core/contract/constants.ts';
import { instrumentId } from '../../../electron/core/contract/keys.ts';
import type { AccountStore } from './account-store.ts';
import type { AppStore } from './app-store.ts';
import { closingTicket, contractLabel, describeTicket, type OrdersStore } from './orders-store.ts';
import type { QuotesStore } from './quotes-store.ts';
import { asksFirst } from '../lib/hotkeys.ts';
import { price } from '../lib/format.ts';

export interface PendingHotkey {
  action: HotkeyAction;
  title: string;
  /** The exact thing that will happen, e.g. "Cancel order 104: BUY 10 AAPL LMT @ 180.00 DAY". */
  text: string;
  run(): Promise<void>;
}

export interface HotkeysState {
  helpOpen: boolean;
  pending: PendingHotkey | null;
  /** The position row a flatten applies to: `account:conId`. */
  selected: string | null;
  setHelp(open: boolean): void;
  select(key: string | null): void;
  trigger(action: HotkeyAction): void;
  confirm(): Promise<void>;
  dismiss(): void;
}

export type HotkeysStore = StoreApi<HotkeysState>;

export const positionKey = (p: { account: string; conId: number }) => `${p.account}:${p.conId}`;

export function createHotkeysStore(deps: { app: AppStore; orders: OrdersStore; quotes: QuotesStore; account: AccountStore }): HotkeysStore {
  const { app, orders, quotes, account } = deps;
  const notify = (text: string, tone: 'ok' | 'info' | 'bad' = 'info') => app.getState().notify(text, tone);

  return createStore<HotkeysState>()((set, get) => {
    /**
     * The ticket at the quote's bid (sell) or ask (buy) as a limit; nothing is sent. An empty ticket takes the
     * selected position's instrument whole: a future as that future, its month and exchange (as Close's
     * "Edit in ticket" does), so the price and the order are the month held, not a stock or the front month.
     */
    function prefill(side: 'BUY' | 'SELL') {
      const o = orders.getState();
      const typed = o.draft.symbol.trim().toUpperCase();
      const held = typed ? null : selectedPosition();
      const symbol = typed || held?.symbol || '';
      if (!symbol) {
        notify('Enter a symbol in the ticket first (or select a position).', 'bad');
        return;
      }
      const heldFuture = held?.secType === 'FUT' && held.lastTradeDateOrContractMonth ? held : null;
      // A future in the ticket is its chosen month's quote (each month trades at its own price).
      const month = heldFuture ? heldFuture.lastTradeDateOrContractMonth! : o.draft.secType === 'FUT' && typed ? o.draft.expiry : '';
      const instrument = month ? { symbol, secType: 'FUT' as const, lastTradeDateOrContractMonth: month } : { symbol };
      quotes.getState().watch(instrument);
      const q = quotes.getState().quotes[instrumentId(instrument)];
      const px = side === 'BUY' ? q?.ask : q?.bid;
      if (!px) {
        notify(`No ${side === 'BUY' ? 'ask' : 'bid'} for ${held ? contractLabel(held) : symbol} yet.`, 'bad');
        return;
      }
      if (heldFuture) {
        o.setField('secType', 'FUT');
        o.setField('symbol', symbol);
        if (heldFuture.exchange) o.setField('exchange', heldFuture.exchange);
        o.setField('expiry', month);
        // Last: changing the instrument above drops a conId, and this is the very contract held.
        if (heldFuture.conId > 0) o.setField('conId', heldFuture.conId);
      } else {
        if (held && o.draft.secType === 'FUT') o.setField('secType', 'STK');
        if (typed !== symbol) o.setField('symbol', symbol);
      }
      o.setField('side', side);
      o.setField('type', 'LMT');
      o.setField('limitPrice', price(px).replace(/,/g, ''));
      app.getState().openTicket();
    }

    function selectedPosition() {
      const key = get().selected;
      return key ? (account.getState().snapshot?.positions.find((p) => positionKey(p) === key) ?? null) : null;
    }

    function plan(action: HotkeyAction): PendingHotkey | null {
      const o = orders.getState();
      const open = o.snapshot?.open ?? [];
      if (action === 'cancelLast') {
        // The last order is Gatehouse's newest one still working: the highest order id (ids only go up).
        // Another program's orders (seen as the Master API client) are numbered on their own and not ours to cancel.
        const own = o.snapshot?.ownClientId;
        const last = [...open].filter((x) => own == null || x.clientId === own).sort((a, b) => b.orderId - a.orderId)[0];
        if (!last) {
          notify('No open order to cancel.', 'info');
          return null;
        }
        return {
          action,
          title: `Cancel order ${last.orderId}?`,
          text: `Cancel order ${last.orderId}: ${last.side} ${last.remaining} ${last.symbol} ${last.type} (${last.status}).`,
          run: () => orders.getState().cancelOrder(last.orderId, last.clientId),
        };
      }
      if (action === 'cancelAll') {
        if (open.length === 0) {
          notify('No open orders to cancel.', 'info');
          return null;
        }
        return {
          action,
          title: 'Cancel all open orders?',
          text: `Send a global cancel to IB for all ${open.length} open order${open.length === 1 ? '' : 's'} of this account, including orders placed elsewhere.`,
          run: () => orders.getState().cancelAll(),
        };
      }
      if (action === 'flatten') {
        const p = selectedPosition();
        if (!p) {
          notify('Select a position on the Dashboard first (click its symbol).', 'bad');
          return null;
        }
        const t = closingTicket(p);
        // A future by its month (ESH7): two months of one root are two positions.
        const label = contractLabel(p);
        return {
          action,
          title: `Flatten ${label}?`,
          text: `Send ${describeTicket(t, label)}, checked by your risk limits like any order.`,
          run: async () => {
            orders.getState().askClose(p);
            await orders.getState().confirmClose();
            const err = orders.getState().closeAsk?.error;
            if (err) notify(`${label} not flattened: ${err}`, 'bad');
          },
        };
      }
      return null;
    }

    return {
      helpOpen: false,
      pending: null,
      selected: null,
      setHelp(open) {
        set({ helpOpen: open });
      },
      select(key) {
        set({ selected: get().selected === key ? null : key });
      },
      trigger(action) {
        if (action === 'buyAsk') return prefill('BUY');
        if (action === 'sellBid') return prefill('SELL');
        const p = plan(action);
        if (!p) return;
        if (asksFirst(app.getState().settings?.preferences, action)) set({ pending: p });
        else void p.run();
      },
      async confirm() {
        const p = get().pending;
        if (!p) return;
        set({ pending: null });
        await p.run();
      },
      dismiss() {
        set({ pending: null });
      },
    };
  });
}
