import { newOrderSn } from '../../src/orders/order-sn.js';

// Generates N order numbers as fast as it can and writes them one per line: a replica's view of numbering.
const n = Number(process.argv[2] ?? '0');
const lines: string[] = [];
for (let i = 0; i < n; i += 1) lines.push(newOrderSn());
process.stdout.write(`${lines.join('\n')}\n`);
