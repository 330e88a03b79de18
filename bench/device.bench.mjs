// Device codec: decode throughput side by side with the program's existing TypeScript SDK
// (bundled at bench time from ../shared/upstream/doublezero/sdk, bench/upstream.mjs; the column
// is skipped with a note when it is absent), on the same bytes: the upstream golden account
// (test/fixtures/device.bin: 478 bytes, two interfaces, one flex-algo segment) and generated
// accounts with real ed25519 keys; retained memory per decoded Device; encode throughput.
// Decoding returns PublicKey and bigint values, every field.
import { Keypair } from '@solana/web3.js';
import { fixture, namedKey, retainedPerValue, rounds, sideBySide, figure, medianOf } from './util.mjs';
import { loadUpstream } from './upstream.mjs';

const DEVICE_FIELDS = [
  'accountType', 'owner', 'index', 'bumpSeed', 'locationPk', 'exchangePk', 'deviceType', 'publicIp', 'status', 'code',
  'dzPrefixes', 'metricsPublisherPk', 'contributorPk', 'mgmtVrf', 'referenceCount', 'usersCount', 'maxUsers',
  'deviceHealth', 'desiredStatus', 'unicastUsersCount', 'multicastSubscribersCount', 'maxUnicastUsers',
  'maxMulticastSubscribers', 'reservedSeats', 'multicastPublishersCount', 'maxMulticastPublishers', 'interfaces',
];

const DECODE_GOAL = 5; // × the upstream SDK
const HEAP_GOAL = 0.5; // × the upstream SDK's retained bytes per Device

/** `count` current-format Device accounts with distinct real keys and realistic names. */
function generatedDevices(m, count) {
  const out = [];
  const location = namedKey('location ams');
  const exchange = namedKey('exchange xams');
  const contributor = namedKey('contributor co01');
  const topology = namedKey('topology unicast-default');
  for (let i = 0; i < count; i++) {
    const ifaces = [];
    const k = 2 + (i % 3);
    for (let j = 0; j < k; j++) {
      const loop = j === 0;
      ifaces.push({
        size: 0,
        version: 4,
        status: m.InterfaceStatus.Activated,
        name: loop ? `Loopback${255 - (i % 4)}` : `Ethernet${j}/${1 + (i % 8)}`,
        interfaceType: loop ? m.InterfaceType.Loopback : m.InterfaceType.Physical,
        interfaceCyoa: 0,
        interfaceDia: 0,
        loopbackType: loop ? m.LoopbackType.Vpnv4 : 0,
        bandwidth: loop ? 0n : 10_000_000_000n,
        cir: loop ? 0n : 5_000_000_000n,
        mtu: 9000,
        routingMode: 0,
        vlanId: loop ? 0 : 100 + j,
        ipNet: `172.16.${i & 255}.${(j * 4 + 1) & 255}/${loop ? 32 : 31}`,
        nodeSegmentIdx: loop ? 1000 + i : 0,
        userTunnelEndpoint: !loop && j === 1,
        flexAlgoNodeSegments: loop ? [{ topology, nodeSegmentIdx: 2000 + i }] : [],
      });
    }
    const device = {
      accountType: m.AccountType.Device,
      owner: Keypair.fromSeed(new Uint8Array(32).fill((i % 250) + 1)).publicKey,
      index: BigInt(100 + i),
      bumpSeed: 255 - (i % 7),
      locationPk: location,
      exchangePk: exchange,
      deviceType: m.DeviceType.Hybrid,
      publicIp: `203.0.${(i >> 8) & 255}.${i & 255}`,
      status: m.DeviceStatus.Activated,
      code: `ams-dz${String(i).padStart(3, '0')}`,
      dzPrefixes: [`10.${i & 255}.0.0/29`],
      metricsPublisherPk: namedKey(`metrics ${i}`),
      contributorPk: contributor,
      mgmtVrf: 'mgmt',
      referenceCount: i % 20,
      usersCount: i % 90,
      maxUsers: 96,
      deviceHealth: m.DeviceHealth.ReadyForUsers,
      desiredStatus: m.DeviceDesiredStatus.Activated,
      unicastUsersCount: i % 50,
      multicastSubscribersCount: i % 10,
      maxUnicastUsers: 64,
      maxMulticastSubscribers: 32,
      reservedSeats: 2,
      multicastPublishersCount: i % 3,
      maxMulticastPublishers: 8,
      interfaces: ifaces,
    };
    out.push(m.encodeDevice(device));
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

  const bytes = fixture('device.bin');
  const decoded = m.decodeDevice(bytes);
  const info = { data: bytes, owner: undefined }; // web3.js AccountInfo-like
  const gen = generatedDevices(m, 256);
  if (hasUp) {
    // Same bytes, same values: a sanity check that both decoders read these accounts alike.
    for (const b of [bytes, ...gen.slice(0, 8)]) {
      const a = m.decodeDevice(b);
      const u = up.deserializeDevice(b);
      if (!a.owner.equals(u.owner) || a.code !== u.code || a.interfaces.length !== u.interfaces.length) {
        throw new Error('bench: dzprov and the upstream SDK disagree on a Device');
      }
    }
  }

  let sink = 0;
  const fns = {
    dzprov: () => (sink += m.decodeDevice(bytes).interfaces.length),
    // The floor: a copy of the bytes and the keys a decode cannot avoid, built through dzprov's fast path.
    floor: () => {
      const c = bytes.slice();
      for (let k = 0; k < 6; k++) sink += publicKeyAt(c, 1 + k * 32)._bn.length;
    },
  };
  if (hasUp) fns.upstream = () => (sink += up.deserializeDevice(bytes).interfaces.length);
  if (typeof m.viewDevice === 'function') {
    fns.view = () => (sink += m.viewDevice(bytes).status);
    // a view and every one of its fields read once (what a caller reading everything pays)
    fns.viewAll = () => {
      const v = m.viewDevice(bytes);
      for (const k of DEVICE_FIELDS) sink += v[k] === undefined ? 0 : 1;
    };
  }
  const s = sideBySide(fns, { ms: 200, rounds: 7, warmup: 20_000, batch: 200 });
  const vsUp = hasUp ? s.ratio('dzprov', 'upstream') : undefined;
  report('Device decode (device.bin, 478 B)', { ...s.dzprov, ratio: hasUp ? { value: vsUp, to: 'the upstream SDK' } : undefined }, 'accounts/s');
  if (hasUp) report('  upstream SDK deserializeDevice (same bytes)', s.upstream, 'accounts/s');
  const upRatio = (k) => (hasUp ? { value: s.ratio(k, 'upstream'), to: 'the upstream SDK' } : undefined);
  if (fns.view) {
    report('  viewDevice (lazy view: checks + copies the bytes)', { ...s.view, ratio: upRatio('view') }, 'accounts/s');
    report('  viewDevice + every field read once', { ...s.viewAll, ratio: upRatio('viewAll') }, 'accounts/s');
  }
  report('  floor: copy bytes + 6 keys (codec/pubkey.ts)', { ...s.floor, ratio: { value: s.ratio('floor', 'dzprov'), to: 'dzprov decode' } }, 'accounts/s');

  const genFns = { dzprov: (i) => (sink += m.decodeDevice(gen[i & 255]).interfaces.length) };
  if (hasUp) genFns.upstream = (i) => (sink += up.deserializeDevice(gen[i & 255]).interfaces.length);
  const g = sideBySide(genFns, { ms: 200, rounds: 7, warmup: 20_000, batch: 256 });
  const genAvg = Math.round(gen.reduce((a, b) => a + b.length, 0) / gen.length);
  report(
    `Device decode (256 generated, real keys, ~${genAvg} B)`,
    { ...g.dzprov, ratio: hasUp ? { value: g.ratio('dzprov', 'upstream'), to: 'the upstream SDK' } : undefined },
    'accounts/s',
  );
  if (hasUp) report('  upstream SDK deserializeDevice (same bytes)', g.upstream, 'accounts/s');

  report('Device decode from AccountInfo', rounds(() => (sink += m.decodeDevice(info).interfaces.length), { ms: 200, rounds: 5 }), 'accounts/s');
  report('Device encode (device.bin)', rounds(() => (sink += m.encodeDevice(decoded).length), { ms: 200, rounds: 5 }), 'accounts/s');
  report(
    'Device decode + encode round-trip',
    rounds(() => (sink += m.encodeDevice(m.decodeDevice(bytes)).length), { ms: 200, rounds: 5 }),
    'accounts/s',
  );

  // Retained memory per decoded Device (JS heap + ArrayBuffers, after full collections), 3 rounds interleaved.
  const N = 50_000;
  const heap = { dzprov: [], upstream: [], view: [] };
  for (let r = 0; r < 3; r++) {
    heap.dzprov.push(await retainedPerValue(() => m.decodeDevice(bytes), N));
    if (typeof m.viewDevice === 'function') heap.view.push(await retainedPerValue(() => m.viewDevice(bytes), N));
    if (hasUp) heap.upstream.push(await retainedPerValue(() => up.deserializeDevice(bytes), N));
  }
  const heapRatio = (k) => (hasUp ? { value: medianOf(heap[k].map((x, i) => x / heap.upstream[i])), to: 'the upstream SDK' } : undefined);
  report(`Retained memory per decoded Device (device.bin, N=${N / 1000}k)`, { ...figure(heap.dzprov), ratio: heapRatio('dzprov') }, 'bytes');
  if (heap.view.length > 0) {
    report('  viewDevice (lazy view, fields read on access)', { ...figure(heap.view), ratio: heapRatio('view') }, 'bytes');
  }
  if (hasUp) report('  upstream SDK deserializeDevice', figure(heap.upstream), 'bytes');

  report.goal(`Device decode ≥ ${DECODE_GOAL}× the upstream SDK (device.bin)`, hasUp ? vsUp >= DECODE_GOAL : undefined, hasUp ? `${vsUp.toFixed(2)}×` : up.missing);
  const eager = heapRatio('dzprov')?.value;
  const view = heap.view.length > 0 ? heapRatio('view')?.value : undefined;
  report.goal(
    `retained memory per decoded Device ≤ ${HEAP_GOAL}× the upstream SDK`,
    hasUp ? eager <= HEAP_GOAL || (view !== undefined && view <= HEAP_GOAL) : undefined,
    hasUp
      ? `${eager <= HEAP_GOAL ? 'by decodeDevice' : 'by the lazy viewDevice only'}: decodeDevice ${eager.toFixed(3)}×${view !== undefined ? `, viewDevice ${view.toFixed(3)}×` : ''}`
      : up.missing,
  );
  if (sink === 0) throw new Error('benchmark produced no work');
}
