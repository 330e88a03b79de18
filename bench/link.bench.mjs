// Link codec: decode throughput side by side with the program's existing TypeScript SDK
// (bundled at bench time, bench/upstream.mjs; skipped with a note when absent), on the same
// bytes: the upstream golden account (test/fixtures/link.bin: 238 bytes) and generated accounts
// with real ed25519 keys; then the other decode inputs and encode. Decoding returns PublicKey and
// bigint values, every field.
import { PublicKey } from '@solana/web3.js';
import { fixture, namedKey, rounds, sideBySide } from './util.mjs';
import { loadUpstream } from './upstream.mjs';

const DECODE_GOAL = 4; // × the upstream SDK

/** `count` current-format Link accounts with distinct real keys and realistic names. */
function generatedLinks(m, count) {
  const out = [];
  const contributor = namedKey('contributor co01');
  for (let i = 0; i < count; i++) {
    out.push(
      m.encodeLink({
        accountType: m.AccountType.Link,
        owner: namedKey(`owner ${i % 16}`),
        index: BigInt(5000 + i),
        bumpSeed: 250 - (i % 5),
        sideAPk: namedKey(`device ${i}`),
        sideZPk: namedKey(`device ${i + 1}`),
        linkType: m.LinkLinkType.WAN,
        bandwidth: 10_000_000_000n,
        mtu: 9000,
        delayNs: BigInt(1_000_000 + i * 1000),
        jitterNs: BigInt(50_000 + i),
        tunnelId: 500 + i,
        tunnelNet: `169.254.${i & 255}.${(i * 2) & 255}/31`,
        status: m.LinkStatus.Activated,
        code: `ams-dz${String(i).padStart(3, '0')}:fra-dz${String(i + 1).padStart(3, '0')}`,
        contributorPk: contributor,
        sideAIfaceName: `Ethernet1/${1 + (i % 16)}`,
        sideZIfaceName: `Ethernet2/${1 + (i % 16)}`,
        delayOverrideNs: 0n,
        linkHealth: m.LinkHealth.ReadyForService,
        desiredStatus: m.LinkDesiredStatus.Activated,
        linkTopologies: [],
        linkFlags: 0,
      }),
    );
  }
  return out;
}

/** `lib` defaults to the built package (dist/); a development run may pass the source module. */
export async function run(report, lib) {
  const m = lib ?? (await import('../dist/index.js'));
  const { publicKeyAt } = await import('../dist/web3/publicKey.js');
  const up = await loadUpstream();
  const hasUp = !up.missing;
  if (!hasUp) console.log(`note: upstream SDK column skipped — ${up.missing}`);

  const bytes = fixture('link.bin');
  const legacy = bytes.slice(0, 220); // an account written before link_health existed
  const info = { data: bytes, owner: undefined }; // web3.js AccountInfo-like
  const decoded = m.decodeLink(bytes);
  const legacyDecoded = m.decodeLink(legacy);
  if (!(decoded.owner instanceof PublicKey) || typeof decoded.index !== 'bigint' || typeof decoded.bandwidth !== 'bigint') {
    throw new Error('decodeLink must return PublicKey and bigint values');
  }
  const gen = generatedLinks(m, 256);
  if (hasUp) {
    for (const b of [bytes, ...gen.slice(0, 8)]) {
      const a = m.decodeLink(b);
      const u = up.deserializeLink(b);
      if (!a.owner.equals(u.owner) || a.code !== u.code || a.sideZIfaceName !== u.sideZIfaceName) {
        throw new Error('bench: dzprov and the upstream SDK disagree on a Link');
      }
    }
  }

  let sink = 0;
  const fns = {
    dzprov: () => {
      const l = m.decodeLink(bytes);
      sink += l.mtu + l.code.length + (l.bandwidth > 0n ? 1 : 0);
    },
    // The floor: a copy of the bytes and the 4 keys a decode cannot avoid, through dzprov's fast path.
    floor: () => {
      const c = bytes.slice();
      for (let k = 0; k < 4; k++) sink += publicKeyAt(c, 1 + k * 32)._bn.length;
    },
  };
  if (hasUp) {
    fns.upstream = () => {
      const l = up.deserializeLink(bytes);
      sink += l.mtu + l.code.length + (l.bandwidth > 0n ? 1 : 0);
    };
  }
  const s = sideBySide(fns, { ms: 200, rounds: 7, warmup: 50_000, batch: 500 });
  const vsUp = hasUp ? s.ratio('dzprov', 'upstream') : undefined;
  report('decodeLink (link.bin, 238 B)', { ...s.dzprov, ratio: hasUp ? { value: vsUp, to: 'the upstream SDK' } : undefined }, 'accounts/s');
  if (hasUp) report('  upstream SDK deserializeLink (same bytes)', s.upstream, 'accounts/s');
  report('  floor: copy bytes + 4 keys (codec/pubkey.ts)', { ...s.floor, ratio: { value: s.ratio('floor', 'dzprov'), to: 'dzprov decode' } }, 'accounts/s');

  const genFns = { dzprov: (i) => (sink += m.decodeLink(gen[i & 255]).mtu) };
  if (hasUp) genFns.upstream = (i) => (sink += up.deserializeLink(gen[i & 255]).mtu);
  const g = sideBySide(genFns, { ms: 200, rounds: 7, warmup: 50_000, batch: 256 });
  const genAvg = Math.round(gen.reduce((a, b) => a + b.length, 0) / gen.length);
  report(
    `decodeLink (256 generated, real keys, ~${genAvg} B)`,
    { ...g.dzprov, ratio: hasUp ? { value: g.ratio('dzprov', 'upstream'), to: 'the upstream SDK' } : undefined },
    'accounts/s',
  );
  if (hasUp) report('  upstream SDK deserializeLink (same bytes)', g.upstream, 'accounts/s');

  const opt = { ms: 200, rounds: 5, warmup: 20_000, batch: 500 };
  report('decodeLink (AccountInfo input)', rounds(() => (sink += m.decodeLink(info).mtu), opt), 'accounts/s');
  report('decodeLink (legacy 220 B, defaults + layout marker)', rounds(() => (sink += m.decodeLink(legacy).mtu), opt), 'accounts/s');
  report('decodeAccount (link.bin)', rounds(() => (sink += m.decodeAccount(bytes).accountType), opt), 'accounts/s');
  report('encodeLink (decoded link.bin)', rounds(() => (sink += m.encodeLink(decoded).length), opt), 'accounts/s');
  report('encodeLink (legacy value, exact bytes back)', rounds(() => (sink += m.encodeLink(legacyDecoded).length), opt), 'accounts/s');

  report.goal(`Link decode ≥ ${DECODE_GOAL}× the upstream SDK (link.bin)`, hasUp ? vsUp >= DECODE_GOAL : undefined, hasUp ? `${vsUp.toFixed(2)}×` : up.missing);
  if (sink === 0) throw new Error('unreachable');
}
