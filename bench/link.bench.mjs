// Link codec throughput on the upstream golden account (shared/fixtures/upstream/link.bin:
// 238 bytes). Decoding returns PublicKey and bigint values. Goal: decode >= 1.1M accounts/s
// (3x the 370k/s of the program's existing TS SDK).
import { PublicKey } from '@solana/web3.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.DZPROV_SHARED_DIR ?? resolve(here, '../../shared');
const GOAL = 1_100_000;

/** Calls per second of `fn`, the median of `rounds` rounds of `ms` milliseconds after a warm-up. */
function measure(fn, { ms = 300, rounds = 5 } = {}) {
  for (let i = 0; i < 50_000; i++) fn();
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(ms) * 1_000_000n;
    let now = start;
    while (now < deadline) {
      for (let i = 0; i < 1000; i++) fn();
      calls += 1000;
      now = process.hrtime.bigint();
    }
    rates.push(calls / (Number(now - start) / 1e9));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

/** `lib` defaults to the built package (dist/); a development run may pass the source module. */
export async function run(report, lib) {
  const m = lib ?? (await import('../dist/index.js'));
  const bytes = new Uint8Array(readFileSync(resolve(sharedDir, 'fixtures/upstream/link.bin')));
  const legacy = bytes.slice(0, 220); // an account written before link_health existed
  const info = { data: bytes, owner: undefined }; // web3.js AccountInfo-like
  const decoded = m.decodeLink(bytes);
  const legacyDecoded = m.decodeLink(legacy);
  if (!(decoded.owner instanceof PublicKey) || typeof decoded.index !== 'bigint' || typeof decoded.bandwidth !== 'bigint') {
    throw new Error('decodeLink must return PublicKey and bigint values');
  }

  let sink = 0;
  const rate = measure(() => {
    const l = m.decodeLink(bytes);
    sink += l.mtu + l.code.length + (l.bandwidth > 0n ? 1 : 0);
  });
  report('decodeLink (link.bin, 238 B)', rate, 'accounts/s', `goal ${GOAL.toLocaleString('en-US')}: ${rate >= GOAL ? 'met' : 'NOT met'}, ${(rate / 370_000).toFixed(1)}x the upstream TS SDK`);
  report('decodeLink (AccountInfo input)', measure(() => (sink += m.decodeLink(info).mtu)), 'accounts/s');
  report('decodeLink (legacy 220 B, defaults + layout marker)', measure(() => (sink += m.decodeLink(legacy).mtu)), 'accounts/s');
  report('decodeAccount (link.bin)', measure(() => (sink += m.decodeAccount(bytes).accountType)), 'accounts/s');
  report('encodeLink (decoded link.bin)', measure(() => (sink += m.encodeLink(decoded).length)), 'accounts/s');
  report('encodeLink (legacy value, exact bytes back)', measure(() => (sink += m.encodeLink(legacyDecoded).length)), 'accounts/s');
  if (sink === 0) throw new Error('unreachable');
}
