/**
 * Pieces the kinds share: state arbitraries (everything varied, or clean accounts for the raw
 * builders that are given no account), expected-state comparison, and the account reads a kind's
 * expectation needs.
 */
import fc from 'fast-check';
import type { PublicKey } from '@solana/web3.js';
import { encodeDevice, encodeLink, type Device, type Link } from '../../../src/index.js';
import type { ExecResult, OracleAccount } from '../oracle.js';
import { arbCaller, arbDeviceShape, arbLinkShape, CLEAN_DEVICE, CLEAN_LINK, type CallerShape, type DeviceShape, type LinkShape } from './shapes.js';
import type { CaseState, StateShape } from './engine.js';
import { decodeDeviceOf, decodeLinkOf, type World } from './world.js';

/** Everything varied. */
export const arbWildState: fc.Arbitrary<StateShape> = fc.record({ devA: arbDeviceShape, devZ: arbDeviceShape, link: arbLinkShape });

const VALID_EXTRAS = ['physical', 'physicalLowBandwidth', 'cyoaWithIp', 'diaWithIp', 'loopbackVpnv4', 'loopbackIpv4', 'loopbackUte', 'subinterface', 'portChannel', 'vlanIface', 'switch'] as const;

/** The world's accounts with their status fields drawn and a few valid interfaces added. */
const arbMildDevice: fc.Arbitrary<DeviceShape> = fc
  .record({
    status: fc.constantFrom(0, 1, 1, 1, 5, 5, 6, 7, 4),
    health: fc.constantFrom(1, 2, 3, 3, 3, 4),
    desired: fc.constantFrom(0, 1, 1, 6),
    type: fc.constantFrom(0, 0, 0, 1, 2),
    extra: fc.array(fc.record({ template: fc.constantFrom(...VALID_EXTRAS), status: fc.constant<'template'>('template'), undeclared: fc.constant(null) }), { maxLength: 2 }),
    layout: fc.constantFrom<DeviceShape['layout']>('current', 'current', 'current', 'current', 'noTrailingVector', 'cutAfterMaxUsers', 'v1CutAfterMaxUsers'),
  })
  .map((s) => ({ ...CLEAN_DEVICE, ...s }));
const arbMildLink: fc.Arbitrary<LinkShape> = fc
  .record({
    which: fc.constantFrom<'wan' | 'dzx'>('wan', 'dzx'),
    status: fc.constantFrom(0, 1, 1, 1, 5, 6, 7, 8, 4),
    health: fc.constantFrom(1, 2, 2, 2, 3),
    desired: fc.constantFrom(0, 1, 1, 6, 7),
    layout: fc.constantFrom<LinkShape['layout']>('current', 'current', 'current', 'current', 'cutAfterDesiredStatus', 'cutAfterSideZIfaceName'),
  })
  .map((s) => ({ ...CLEAN_LINK, ...s }));
export const arbMildState: fc.Arbitrary<StateShape> = fc.record({ devA: arbMildDevice, devZ: arbMildDevice, link: arbMildLink });

/** Half the cases mildly varied (where most requests can succeed), half wildly. */
export const arbState: fc.Arbitrary<StateShape> = fc.oneof({ weight: 1, arbitrary: arbMildState }, { weight: 1, arbitrary: arbWildState });

/** Mostly mild states, some wild: for requests with many arguments that can fail on their own. */
export const arbMostlyMild: fc.Arbitrary<StateShape> = fc.oneof({ weight: 2, arbitrary: arbMildState }, { weight: 1, arbitrary: arbWildState });

/**
 * States where a request is often legal (`patch` puts a mild state where the request's step
 * applies), mixed with mild and wild ones.
 */
export function arbFocused(patch: (s: StateShape, pick: number) => StateShape): fc.Arbitrary<StateShape> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.tuple(arbMildState, fc.nat({ max: 5 })).map(([s, n]) => patch(s, n)) },
    // the request's step, with one device the program can no longer write back (or just can)
    {
      weight: 1,
      arbitrary: fc.tuple(arbMildState, fc.nat({ max: 5 }), fc.nat({ max: 31 }), fc.boolean()).map(([s, n, u, z]) =>
        z ? withDevZ(patch(s, n), unwritable(u)) : withDevA(patch(s, n), unwritable(u)),
      ),
    },
    { weight: 1, arbitrary: arbMildState },
    { weight: 1, arbitrary: arbWildState },
  );
}
export const withDevA = (s: StateShape, d: Partial<DeviceShape>): StateShape => ({ ...s, devA: { ...s.devA, ...d } });
export const withDevZ = (s: StateShape, d: Partial<DeviceShape>): StateShape => ({ ...s, devZ: { ...s.devZ, ...d } });

/** One way a device the program must write back can no longer be written (its validation fails), or one of the exemptions. */
export function unwritable(n: number): Partial<DeviceShape> {
  const ways: Partial<DeviceShape>[] = [
    { publicIp: 'private' },
    { publicIp: 'documentation' },
    { mgmtVrf: 'invalid' },
    { mgmtVrf: 'long' },
    { prefixes: 'nonGlobal' },
    { prefixes: 'none' },
    { code: 'long' },
    { extra: [{ template: 'vlanTooHigh', status: 'template', undeclared: null }] },
    { extra: [{ template: 'loopbackPublicNoUte', status: 'template', undeclared: null }] },
    { extra: [{ template: 'physicalUtePublic', status: 'template', undeclared: null }] },
    { extra: [{ template: 'legacyManagement', status: 'template', undeclared: null }] },
    { extra: [{ template: 'cyoaOnLoopback', status: 'template', undeclared: null }] },
    // ones that stay writable: the exemptions
    { type: 1, publicIp: 'private' },
    { extra: [{ template: 'loopbackUte', status: 'template', undeclared: null }] },
    { extra: [{ template: 'deletingBadName', status: 'template', undeclared: null }] },
    { extra: [{ template: 'linkLocal', status: 'template', undeclared: null }] },
  ];
  return ways[n % ways.length]!;
}
export const withLink = (s: StateShape, l: Partial<LinkShape>): StateShape => ({ ...s, link: { ...s.link, ...l } });

const cleanDevice = (statuses: readonly number[]) =>
  fc.record({
    status: fc.constantFrom(...statuses),
    health: fc.constantFrom(1, 2, 3, 4),
    desired: fc.constantFrom(0, 1, 6),
  }).map((s): DeviceShape => ({ ...CLEAN_DEVICE, ...s }));

/** Accounts the program can write, in a declared state: where only a request's arguments decide. */
export function arbCleanState(opts: { deviceStatuses?: readonly number[]; link?: 'wan' | 'dzx' | 'any'; linkStatuses?: readonly number[] } = {}): fc.Arbitrary<StateShape> {
  const statuses = opts.deviceStatuses ?? [1, 5, 6, 7];
  const which = opts.link ?? 'any';
  return fc.record({
    devA: cleanDevice(statuses),
    devZ: cleanDevice(statuses),
    link: fc
      .record({
        which: which === 'any' ? fc.constantFrom<'wan' | 'dzx'>('wan', 'dzx') : fc.constant(which),
        status: fc.constantFrom(...(opts.linkStatuses ?? [1, 6, 7, 8])),
        health: fc.constantFrom(1, 2, 3),
        desired: fc.constantFrom(0, 1, 6, 7),
      })
      .map((s): LinkShape => ({ ...CLEAN_LINK, ...s, status: s.which === 'dzx' && !opts.linkStatuses ? 5 : s.status })),
  });
}

/** Callers of the roles requests are usually made with (legacy mode, no Permission account), or anyone. */
export const anyCaller: fc.Arbitrary<CallerShape> = fc.oneof(
  { weight: 1, arbitrary: arbCaller },
  {
    weight: 1,
    arbitrary: fc.record({
      who: fc.constantFrom<CallerShape['who']>('foundation', 'contributorA', 'contributorB', 'healthOracle'),
      permission: fc.constant<CallerShape['permission']>('none'),
      otherFlags: fc.constant(0n),
      featureFlags: fc.constant(0n),
    }),
  },
);

/** A state whose device A has no interfaces half the time (DeleteDevice needs none), sometimes without a location or exchange. */
export const arbStateForDelete: fc.Arbitrary<StateShape> = fc
  .tuple(arbState, fc.boolean(), fc.constantFrom(0, 0, 1), fc.constantFrom('kept', 'kept', 'kept', 'location', 'exchange'))
  .map(([s, drop, refs, none]) =>
    drop
      ? {
          ...s,
          devA: {
            ...s.devA,
            dropBaseIfaces: true,
            extra: [],
            refs,
            status: [0, 4, 5, 6, 7][refs + (s.devA.health % 4)] ?? 5,
            ...(none === 'location' ? { location: 'zero' as const } : none === 'exchange' ? { exchange: 'zero' as const } : {}),
          },
        }
      : s,
  );

/** What the program wrote to `pk` (null: closed / absent). */
export function after(res: ExecResult, pk: PublicKey): OracleAccount | null {
  const a = res.accounts.get(pk.toBase58());
  return a && a.exists && a.data.length > 0 ? a : null;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The first byte at which two byte strings differ, for messages. */
export function firstDiff(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `byte ${i} is ${a[i]}, expected ${b[i]}`;
  return a.length === b.length ? 'equal' : `length ${a.length}, expected ${b.length}`;
}

/** The device the program wrote at `pk` is exactly `want` (dzprov's encoding), or why not. */
export function deviceIs(w: World, res: ExecResult, pk: PublicKey, want: Device, label = 'device'): string | undefined {
  const a = after(res, pk);
  if (!a) return `${label} is gone`;
  const bytes = encodeDevice(want);
  if (hex(a.data) === hex(bytes)) return undefined;
  let got = '';
  try {
    const d = decodeDeviceOf(w, a.data);
    got = JSON.stringify(diffFields(d as unknown as Record<string, unknown>, want as unknown as Record<string, unknown>));
  } catch (e) {
    got = `(undecodable: ${(e as Error).message})`;
  }
  return `${label} bytes differ (${firstDiff(a.data, bytes)}) ${got}`;
}

export function linkIs(w: World, res: ExecResult, pk: PublicKey, want: Link, label = 'link'): string | undefined {
  const a = after(res, pk);
  if (!a) return `${label} is gone`;
  const bytes = encodeLink(want);
  if (hex(a.data) === hex(bytes)) return undefined;
  let got = '';
  try {
    got = JSON.stringify(diffFields(decodeLinkOf(w, a.data) as unknown as Record<string, unknown>, want as unknown as Record<string, unknown>));
  } catch (e) {
    got = `(undecodable: ${(e as Error).message})`;
  }
  return `${label} bytes differ (${firstDiff(a.data, bytes)}) ${got}`;
}

const show = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x && typeof x === 'object' && 'toBase58' in x ? (x as PublicKey).toBase58() : x)));

/** The fields where `got` and `want` differ: { field: [got, want] }. */
export function diffFields(got: Record<string, unknown>, want: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of new Set([...Object.keys(got), ...Object.keys(want)])) {
    const g = JSON.stringify(show(got[k]));
    const w = JSON.stringify(show(want[k]));
    if (g !== w) out[k] = [show(got[k]), show(want[k])];
  }
  return out;
}

/** The first problem of several checks. */
export const firstProblem = (...ps: (string | undefined)[]): string | undefined => ps.find((p) => p !== undefined);

/** A device, decoded (throws the DecodeError a client would meet). */
export function deviceOrThrow(st: CaseState, which: 'devA' | 'devZ'): Device {
  const d = st[which];
  if (d) return d;
  return decodeDeviceOf(st.w, st.bytes[which]);
}

export function linkOrThrow(st: CaseState): Link {
  return st.link ?? decodeLinkOf(st.w, st.bytes.link);
}

export { Buffer };
import { Buffer } from 'buffer';
