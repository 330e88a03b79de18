import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENUM_SPECS, ValidationError, type EnumSpec } from '../../src/index.js';

/** "<value> <Rust variant> <Display string>" rows → [value, variant, label]. */
const rows = (...rs: string[]): [number, string, string][] =>
  rs.map((r) => {
    const m = /^(\d+) (\S+) (.+)$/.exec(r)!;
    return [Number(m[1]), m[2]!, m[3]!];
  });

// docs/wire-format.md#account-type-byte, #enums, transcribed by hand: the rows and the default value.
const TABLES: Record<string, { rows: [number, string, string][]; def: number }> = {
  AccountType: {
    def: 0,
    rows: rows(
      '0 None none', '1 GlobalState globalstate', '2 GlobalConfig config', '3 Location location', '4 Exchange exchange',
      '5 Device device', '6 Link tunnel', '7 User user', '8 MulticastGroup multicastgroup', '9 ProgramConfig programconfig',
      '10 Contributor contributor', '11 AccessPass accesspass', '12 ResourceExtension resourceextension', '13 Tenant tenant',
      '15 Permission permission', '16 Index index', '17 Topology topology', '18 Feed feed',
    ),
  },
  DeviceType: { def: 0, rows: rows('0 Hybrid hybrid', '1 Transit transit', '2 Edge edge') },
  DeviceStatus: {
    def: 1,
    rows: rows(
      '0 PendingDeprecated pending (deprecated)', '1 Activated activated', '3 Deleting deleting',
      '4 RejectedDeprecated rejected (deprecated)', '5 Drained drained', '6 DeviceProvisioning device-provisioning',
      '7 LinkProvisioning link-provisioning',
    ),
  },
  DeviceHealth: {
    def: 1,
    rows: rows(
      '0 Unknown unknown', '1 Pending pending', '2 ReadyForLinks ready-for-links', '3 ReadyForUsers ready-for-users',
      '4 Impaired impaired',
    ),
  },
  DeviceDesiredStatus: { def: 0, rows: rows('0 Pending pending', '1 Activated activated', '6 Drained drained') },
  LinkLinkType: { def: 1, rows: rows('1 WAN WAN', '127 DZX DZX') },
  LinkStatus: {
    def: 1,
    rows: rows(
      '0 PendingDeprecated pending (deprecated)', '1 Activated activated', '3 Deleting deleting',
      '4 RejectedDeprecated rejected (deprecated)', '5 Requested requested', '6 HardDrained hard-drained',
      '7 SoftDrained soft-drained', '8 Provisioning provisioning',
    ),
  },
  LinkHealth: {
    def: 1,
    rows: rows(
      '0 Unknown unknown', '1 Pending pending', '2 ReadyForService ready-for-service', '3 Impaired impaired',
    ),
  },
  LinkDesiredStatus: {
    def: 0,
    rows: rows(
      '0 Pending pending', '1 Activated activated', '6 HardDrained hard-drained', '7 SoftDrained soft-drained',
    ),
  },
  InterfaceStatus: {
    def: 0,
    rows: rows(
      '0 Invalid invalid', '1 Unmanaged unmanaged', '2 Pending pending', '3 Activated activated', '4 Deleting deleting',
      '5 Rejected rejected', '6 Unlinked unlinked',
    ),
  },
  InterfaceType: { def: 0, rows: rows('0 Invalid invalid', '1 Loopback loopback', '2 Physical physical') },
  LoopbackType: { def: 0, rows: rows('0 None none', '1 Vpnv4 vpnv4', '2 Ipv4 ipv4', '3 PimRpAddr pim_rp_addr') },
  InterfaceCYOA: {
    def: 0,
    rows: rows(
      '0 None none', '1 GREOverDIA GREOverDIA', '2 GREOverFabric GREOverFabric', '3 GREOverPrivatePeering GREOverPrivatePeering',
      '4 GREOverPublicPeering GREOverPublicPeering', '5 GREOverCable GREOverCable',
    ),
  },
  InterfaceDIA: { def: 0, rows: rows('0 None none', '1 DIA dia') },
  RoutingMode: { def: 0, rows: rows('0 Static static', '1 BGP bgp') },
  ContributorStatus: { def: 0, rows: rows('0 None none', '1 Activated activated', '2 Suspended suspended', '3 Deleting deleting') },
  LocationStatus: { def: 1, rows: rows('0 PendingDeprecated pending (deprecated)', '1 Activated activated', '2 Suspended suspended') },
  ExchangeStatus: { def: 1, rows: rows('0 PendingDeprecated pending (deprecated)', '1 Activated activated', '2 Suspended suspended') },
  PermissionStatus: { def: 0, rows: rows('0 None none', '1 Activated activated', '2 Suspended suspended') },
};

// The program's FromStr implementations (state/device.rs, link.rs, interface.rs), transcribed
// by hand: accepted strings after the program's normalisation, and whether it lower-cases first.
const FROM_STR: Record<string, { lowercases: boolean; accepts: Record<string, number> }> = {
  DeviceType: { lowercases: true, accepts: { hybrid: 0, transit: 1, edge: 2 } },
  DeviceStatus: {
    lowercases: true,
    accepts: {
      pending: 0, 'pending (deprecated)': 0, activated: 1, deleting: 3, rejected: 4, 'rejected (deprecated)': 4,
      drained: 5, 'device-provisioning': 6, 'link-provisioning': 7,
    },
  },
  DeviceHealth: {
    lowercases: true,
    accepts: { unknown: 0, pending: 1, 'ready-for-links': 2, 'ready-for-users': 3, impaired: 4 },
  },
  DeviceDesiredStatus: { lowercases: true, accepts: { pending: 0, activated: 1, drained: 6 } },
  LinkLinkType: { lowercases: false, accepts: { WAN: 1, DZX: 127 } },
  LinkStatus: {
    lowercases: true,
    accepts: {
      pending: 0, 'pending (deprecated)': 0, activated: 1, deleting: 3, rejected: 4, 'rejected (deprecated)': 4,
      requested: 5, 'hard-drained': 6, 'soft-drained': 7, provisioning: 8,
    },
  },
  LinkHealth: { lowercases: true, accepts: { unknown: 0, pending: 1, 'ready-for-service': 2, impaired: 3 } },
  LinkDesiredStatus: { lowercases: true, accepts: { pending: 0, activated: 1, 'hard-drained': 6, 'soft-drained': 7 } },
  // note: no "invalid"
  InterfaceStatus: {
    lowercases: true,
    accepts: { unmanaged: 1, pending: 2, activated: 3, deleting: 4, rejected: 5, unlinked: 6 },
  },
};

const specs = ENUM_SPECS as unknown as Record<string, EnumSpec>;
const NAMES = Object.keys(TABLES);

// Strings no enum accepts (or that only differ from a label by whitespace / punctuation).
const JUNK = ['', ' ', 'activated ', ' activated', 'activ', 'pending(deprecated)', 'ready_for_links', 'ready_for_service', 'rejecting', 'gre_over_dia', '1', '0', 'null', 'unknown (2)', '__proto__', 'constructor', 'toString'];

function parseErr(spec: EnumSpec, text: unknown): ValidationError {
  try {
    spec.parse(text as string);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error(`${spec.name}.parse(${JSON.stringify(text)}) did not throw`);
}

describe('enum tables (docs/wire-format.md#account-type-byte, #enums)', () => {
  it('ENUM_SPECS covers exactly the tabled enums', () => {
    expect(Object.keys(ENUM_SPECS).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s: values, variants, Display labels and default', (name) => {
    // Given the hand-written table and the spec
    const spec = specs[name]!;
    const { rows, def } = TABLES[name]!;
    // Then they agree entry for entry
    expect(spec.name).toBe(name);
    expect([...spec.values]).toEqual(rows.map((r) => r[0]));
    for (const [v, variant, label] of rows) {
      expect([v, spec.variants[v], spec.labels[v], spec.label(v), spec.isKnown(v)]).toEqual([v, variant, label, label, true]);
    }
    expect(spec.defaultValue).toBe(def);
    // And every other byte is unknown, labelled "unknown (<n>)"
    const known = new Set(rows.map((r) => r[0]));
    for (let v = 0; v < 256; v++) {
      if (known.has(v)) continue;
      expect([v, spec.isKnown(v), spec.label(v)]).toEqual([v, false, `unknown (${v})`]);
    }
  });
});

describe('parse (the program FromStr)', () => {
  it.each(Object.keys(FROM_STR))('%s accepts exactly the program spellings', (name) => {
    const spec = specs[name]!;
    const { lowercases, accepts } = FROM_STR[name]!;
    for (const [text, v] of Object.entries(accepts)) {
      // Given an accepted spelling; Then it parses, in any case when the program lower-cases
      expect([text, spec.parse(text)]).toEqual([text, v]);
      const upper = text.toUpperCase();
      const mixed = text.charAt(0).toUpperCase() + text.slice(1);
      for (const variant of [upper, mixed]) {
        if (variant === text) continue;
        if (lowercases) expect(spec.parse(variant)).toBe(v);
        else parseErr(spec, variant);
      }
    }
    // And nothing else parses: every Display label the program's FromStr does not list is refused
    for (const [, , label] of TABLES[name]!.rows) {
      if (!(label in accepts) && !(lowercases && label.toLowerCase() in accepts)) parseErr(spec, label);
    }
    for (const j of JUNK) if (!(j in accepts)) parseErr(spec, j);
  });

  it('InterfaceStatus does not parse "invalid"; LinkLinkType is case-sensitive', () => {
    expect(parseErr(specs.InterfaceStatus!, 'invalid').field).toBe('InterfaceStatus');
    parseErr(specs.LinkLinkType!, 'wan');
    parseErr(specs.LinkLinkType!, 'Dzx');
  });

  it.each(NAMES.filter((n) => !(n in FROM_STR)))('%s (no program FromStr) parses its Display labels', (name) => {
    const spec = specs[name]!;
    for (const [v, , label] of TABLES[name]!.rows) {
      expect(spec.parse(label)).toBe(v);
      // a change of case either parses to the same value or is refused — never another value
      for (const variant of [label.toUpperCase(), label.toLowerCase()]) {
        try {
          expect(spec.parse(variant)).toBe(v);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
        }
      }
    }
    for (const j of JUNK) parseErr(spec, j);
  });

  it.each(NAMES)('%s refuses unknown labels and non-strings with ValidationError', (name) => {
    const spec = specs[name]!;
    for (const v of [2, 9, 14, 128, 200, 255]) {
      if (!spec.isKnown(v)) parseErr(spec, spec.label(v));
    }
    for (const bad of [undefined, null, 1, {}, ['activated']]) parseErr(spec, bad);
  });

  // Random strings, and every known spelling with random case flips / a char dropped.
  const ALL_SPELLINGS = [
    ...new Set([...Object.values(TABLES).flatMap((t) => t.rows.map((r) => r[2])), ...Object.values(FROM_STR).flatMap((f) => Object.keys(f.accepts))]),
  ];
  const spelling = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.tuple(fc.constantFrom(...ALL_SPELLINGS), fc.array(fc.boolean(), { maxLength: 30 }), fc.nat({ max: 40 })).map(([w, flips, drop]) => {
      const flipped = [...w].map((c, i) => (flips[i] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
      return drop < flipped.length && drop % 3 === 0 ? flipped.slice(0, drop) + flipped.slice(drop + 1) : flipped;
    }),
  );
  it('parse gives exactly the FromStr result, and never accepts a string outside the tables (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), spelling, (name, s) => {
        const spec = specs[name]!;
        const fromStr = FROM_STR[name];
        if (fromStr) {
          const v = fromStr.accepts[fromStr.lowercases ? s.toLowerCase() : s];
          if (Object.hasOwn(fromStr.accepts, fromStr.lowercases ? s.toLowerCase() : s)) expect(spec.parse(s)).toBe(v);
          else parseErr(spec, s);
          return;
        }
        const labels = TABLES[name]!.rows.map(([, , l]) => l.toLowerCase());
        if (labels.includes(s.toLowerCase())) return; // case policy checked above
        parseErr(spec, s);
      }),
      { numRuns: 2000 },
    );
  });
});
