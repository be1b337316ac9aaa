/**
 * Child process for the order-id SIGKILL test: takes ids as fast as it can and prints each one the moment
 * it has it (as the broker would put it on the wire), until it is killed.
 */
import { OrderIdStore } from '../../electron/core/broker/order-ids.ts';

const [dir, gatewayNext, block] = process.argv.slice(2);
const ids = new OrderIdStore(dir!, 'DU1', { block: Number(block) });
ids.sync(Number(gatewayNext));
let out = '';
for (;;) {
  out += `${ids.take()}\n`;
  // Flush in small batches so the parent sees ids while the child is still taking more.
  if (out.length > 64) {
    process.stdout.write(out);
    out = '';
    await new Promise((r) => setImmediate(r));
  }
}
