/**
 * The firewall's one door into Gatehouse's risk gate (electron/core/risk/gate.ts): the same
 * reservations, exposure, daily loss, PDT, kill switch and audit log as the UI's orders. The gate keys
 * reservations by order id, and every API client numbers its own orders from its own nextValidId, so the
 * firewall gives each (client, order id) a key of its own, below anything the gate uses (-1 marks fills).
 */
import type { AccountSnapshot, ParsedTicket } from '../contract.ts';
import type { FillReport, RiskGate } from '../risk/gate.ts';
import type { KillAction, MarketView } from '../risk/types.ts';
import type { ContractQuery, NamedContract } from './identify.ts';

/** Who placed an order, as the audit log records it. */
export interface ApiOrigin {
  clientId: number;
  address: string;
  orderId: number;
}

/** How the order is tied to others, as the gate reads it (OrderLinks in risk/gate.ts). */
export interface CheckLinks {
  /** An exit judged on its own: the gate key of the working parent it closes. */
  parentId?: number;
  /** The exits riding on this ticket as `attached`, by the program's order ids (for the audit line). */
  attachedIds?: number[];
}

export interface RiskAnswer {
  allowed: boolean;
  reasons: string[];
}

/** What the firewall needs from risk; `gateRisk` adapts the real gate, tests may not replace it. */
export interface FirewallRisk {
  /**
   * What the UI path does before the gate (look the contract up, start market data), so the client's policy
   * and the gate can value the order. Never refuses: what went wrong comes back as lines for the log.
   */
  prepare(ticket: ParsedTicket, origin: ApiOrigin): Promise<string[]>;
  /**
   * The contract an order names by conId or local symbol (or a future by its month), as the Gateway
   * resolves it (identify.ts); throws with the reason when it cannot say (none, several, not connected).
   */
  identify(query: ContractQuery): Promise<NamedContract>;
  check(key: number, ticket: ParsedTicket, origin: ApiOrigin, links?: CheckLinks): Promise<RiskAnswer>;
  /** Audit a refusal the firewall decided before the gate (undecodable frame, client policy). */
  refuse(origin: ApiOrigin, order: Record<string, unknown> | null, reasons: string[]): Promise<void>;
  release(key: number): void;
  fill(fill: FillReport): void;
  killSwitchActive(): boolean;
  /** By instrument (contract/keys.ts instrumentId): a future's month has its own price. */
  lastPrice(instrument: string): string | null;
  /** A future's multiplier as the Gateway resolved it ("50" for ES), "1" for stocks; null when not known. */
  multiplier(symbol: string, secType: string): string | null;
}

export interface GateRiskOptions {
  gate: RiskGate;
  snapshot: () => AccountSnapshot | null;
  market: () => MarketView;
  /** Carries out what a tripped kill switch asks (cancel all through Gatehouse's own connection). */
  carryOut: (actions: KillAction[]) => Promise<void>;
  /**
   * What the UI path does before the gate (TradingDesk.validateContract): look the contract up and
   * start market data, so the order can be valued. A failure here does not refuse the order (the
   * Gateway answers a bad contract with its own error); only the gate decides, and the failure is
   * handed back for the user-visible log. Skipped while the kill switch is on.
   */
  prepare?: (ticket: ParsedTicket) => Promise<void>;
  /** Asks the Gateway which contract a description names (core's broker: ContractBook.resolve). */
  resolve?: (query: ContractQuery) => Promise<NamedContract>;
  now?: () => number;
}

export function gateRisk(opts: GateRiskOptions): FirewallRisk {
  const now = opts.now ?? Date.now;
  return {
    async prepare(ticket, origin) {
      // With the switch on the gate refuses whatever the price: nothing is looked up or subscribed for it.
      if (!opts.prepare || opts.gate.killSwitchActive()) return [];
      try {
        await opts.prepare(ticket);
        return [];
      } catch (err) {
        // Not a refusal of its own (the Gateway answers a bad contract itself); the trader reads it in the log.
        return [
          `API client ${origin.clientId} order ${origin.orderId}: could not look up ${ticket.symbol} before the risk check ` +
            `(${err instanceof Error ? err.message : String(err)}); the risk gate decided without it.`,
        ];
      }
    },
    async identify(query) {
      if (!opts.resolve) throw new Error('no contract lookup here');
      return opts.resolve(query);
    },
    async check(key, ticket, origin, links = {}) {
      const stopped = opts.gate.killSwitchActive();
      // The origin rides on the ticket object into the audit line's `order` ({ orderId, ...ticket }),
      // so one line says which program sent it; the engine reads only the ticket's own fields.
      const tagged: ParsedTicket & { apiClient: ApiOrigin } = { ...ticket, apiClient: origin };
      // `at`: the master connection reports this order as (client id, order id); the gate counts it once.
      const decision = await opts.gate.submit(tagged, opts.snapshot(), opts.market(), key, {
        ...links,
        at: { clientId: origin.clientId, orderId: origin.orderId },
      });
      if (decision.actions.length > 0) await opts.carryOut(decision.actions);
      const v = decision.verdict;
      if (v.decision === 'allow') return { allowed: true, reasons: [] };
      if (v.decision === 'confirm') {
        // Only the user's confirmation is missing, which a program cannot give.
        return { allowed: false, reasons: [...v.reasons, 'a live order above the confirmation threshold must be placed in Gatehouse itself'] };
      }
      // Nothing was prepared under the switch, so a missing price is not a reason: the switch is (the audit has all).
      const kill = stopped ? v.rules.find((r) => r.rule === 'kill-switch' && !r.ok) : undefined;
      return { allowed: false, reasons: kill ? [kill.message] : v.reasons.length ? v.reasons : ['refused by risk'] };
    },
    async refuse(origin, order, reasons) {
      await opts.gate.audit.append({
        time: now(),
        kind: 'order',
        order: order ? { ...order, apiClient: origin } : { apiClient: origin },
        verdict: 'refused',
        reasons,
        inputs: { source: 'api-firewall' },
      });
    },
    release: (key) => opts.gate.release(key),
    fill: (f) => opts.gate.onFill(f),
    killSwitchActive: () => opts.gate.killSwitchActive(),
    lastPrice: (instrument) => opts.market().lastPrice(instrument),
    multiplier: (symbol, secType) => (secType === 'FUT' ? (opts.market().multiplier?.(symbol, secType) ?? null) : '1'),
  };
}

/** Hands out the gate keys: one per (client id, order id), never reused while the firewall runs. */
export class OrderKeys {
  private next = -1_000_000;
  private readonly keys = new Map<string, number>();

  key(clientId: number, orderId: number): number {
    const k = `${clientId}:${orderId}`;
    let v = this.keys.get(k);
    if (v === undefined) {
      v = this.next--;
      this.keys.set(k, v);
    }
    return v;
  }
}
