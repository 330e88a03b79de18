// Device codec throughput on the upstream golden account (test/fixtures/device.bin:
// 478 bytes, two interfaces, one flex-algo segment). Decoding returns PublicKey and bigint values.
import { PublicKey } from '@solana/web3.js';
import { fixture, measure, rate } from './util.mjs';

/**
 * `lib` defaults to the built package (dist/); a development run may pass the source module.
 */
export async function run(report, lib) {
  const m = lib ?? (await import('../dist/index.js'));
  const bytes = fixture('device.bin');
  const decoded = m.decodeDevice(bytes);
  // The same account as a web3.js AccountInfo-like object (what RPC hands out).
  const info = { data: bytes, owner: undefined };

  let sink = 0;
  const decode = () => {
    sink += m.decodeDevice(bytes).interfaces.length;
  };
  const decodeInfo = () => {
    sink += m.decodeDevice(info).interfaces.length;
  };
  const encode = () => {
    sink += m.encodeDevice(decoded).length;
  };
  const roundTrip = () => {
    sink += m.encodeDevice(m.decodeDevice(bytes)).length;
  };

  // Reference: the PublicKey constructions a Device decode cannot avoid (6 keys in device.bin).
  const keyBytes = bytes.subarray(1, 33);
  const sixKeys = () => {
    for (let i = 0; i < 6; i++) sink += new PublicKey(keyBytes) ? 1 : 0;
  };

  // Warm-up so that the JIT has settled before measuring.
  rate(decode, 300, 500);
  rate(encode, 300, 500);

  const show = (name, fn, note) => {
    const { best, median } = measure(fn, { rounds: 7, ms: 250, warmup: 0, batch: 500 });
    report(name, best, 'accounts/s', `median ${Math.round(median).toLocaleString('en-US')}${note ? `; ${note}` : ''}`);
  };
  show('Device decode (device.bin, 478 B)', decode, 'goal ≥ 450,000');
  show('Device decode from AccountInfo', decodeInfo);
  show('Device encode (device.bin)', encode);
  show('Device decode + encode round-trip', roundTrip);
  show('reference: 6 × new PublicKey(bytes) (what decoders avoid)', sixKeys, 'decoders build keys through codec/pubkey.ts publicKeyAt');
  if (sink === 0) throw new Error('benchmark produced no work');
}
