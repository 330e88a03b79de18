// Link codec throughput on the upstream golden account (test/fixtures/link.bin:
// 238 bytes). Decoding returns PublicKey and bigint values. Goal: decode >= 1.1M accounts/s
// (3x the 370k/s of the program's existing TS SDK).
import { PublicKey } from '@solana/web3.js';
import { fixture, measure } from './util.mjs';

const GOAL = 1_100_000;

/** Calls per second of `fn`: the median of 5 rounds of 300 ms after a warm-up. */
const median = (fn) => measure(fn, { ms: 300, rounds: 5, warmup: 50_000, batch: 1000 }).median;

/** `lib` defaults to the built package (dist/); a development run may pass the source module. */
export async function run(report, lib) {
  const m = lib ?? (await import('../dist/index.js'));
  const bytes = fixture('link.bin');
  const legacy = bytes.slice(0, 220); // an account written before link_health existed
  const info = { data: bytes, owner: undefined }; // web3.js AccountInfo-like
  const decoded = m.decodeLink(bytes);
  const legacyDecoded = m.decodeLink(legacy);
  if (!(decoded.owner instanceof PublicKey) || typeof decoded.index !== 'bigint' || typeof decoded.bandwidth !== 'bigint') {
    throw new Error('decodeLink must return PublicKey and bigint values');
  }

  let sink = 0;
  const rate = median(() => {
    const l = m.decodeLink(bytes);
    sink += l.mtu + l.code.length + (l.bandwidth > 0n ? 1 : 0);
  });
  report('decodeLink (link.bin, 238 B)', rate, 'accounts/s', `goal ${GOAL.toLocaleString('en-US')}: ${rate >= GOAL ? 'met' : 'NOT met'}, ${(rate / 370_000).toFixed(1)}x the upstream TS SDK`);
  report('decodeLink (AccountInfo input)', median(() => (sink += m.decodeLink(info).mtu)), 'accounts/s');
  report('decodeLink (legacy 220 B, defaults + layout marker)', median(() => (sink += m.decodeLink(legacy).mtu)), 'accounts/s');
  report('decodeAccount (link.bin)', median(() => (sink += m.decodeAccount(bytes).accountType)), 'accounts/s');
  report('encodeLink (decoded link.bin)', median(() => (sink += m.encodeLink(decoded).length)), 'accounts/s');
  report('encodeLink (legacy value, exact bytes back)', median(() => (sink += m.encodeLink(legacyDecoded).length)), 'accounts/s');
  if (sink === 0) throw new Error('unreachable');
}
