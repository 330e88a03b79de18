import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountType, DeviceHealth, DeviceStatus, DeviceType, ENUM_SPECS, LinkHealth, LinkLinkType, LinkStatus, LoopbackType } from '../src/index.js';
import {
  createAcceptLinkInstruction,
  createCreateDeviceInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteDeviceInstruction,
  createDeleteDeviceInterfaceInstruction,
  createDeleteLinkInstruction,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  createUpdateDeviceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  decodeAcceptLinkArgs,
  decodeCreateDeviceArgs,
  decodeCreateDeviceInterfaceArgs,
  decodeCreateLinkArgs,
  decodeDeleteDeviceArgs,
  decodeDeleteDeviceInterfaceArgs,
  decodeDeleteLinkArgs,
  decodeInstruction,
  decodeSetDeviceHealthArgs,
  decodeSetLinkHealthArgs,
  decodeUpdateDeviceArgs,
  decodeUpdateDeviceInterfaceArgs,
  decodeUpdateLinkArgs,
  DoubleZeroInstructionTag,
  encodeAcceptLinkArgs,
  encodeCreateDeviceArgs,
  encodeCreateDeviceInterfaceArgs,
  encodeCreateLinkArgs,
  encodeDeleteDeviceArgs,
  encodeDeleteDeviceInterfaceArgs,
  encodeDeleteLinkArgs,
  encodeSetDeviceHealthArgs,
  encodeSetLinkHealthArgs,
  encodeUpdateDeviceArgs,
  encodeUpdateDeviceInterfaceArgs,
  encodeUpdateLinkArgs,
  INSTRUCTION_DECODERS,
} from '../src/index.js';
import {
  getContributorPda,
  getDevicePda,
  getDzPrefixBlockPda,
  getExchangePda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getLinkPda,
  getLocationPda,
  getPermissionPda,
  getProgramConfigPda,
  getResourceExtensionPda,
  getTopologyPda,
  getTunnelIdsPda,
  type Pda,
  type ResourceType,
} from '../src/index.js';
import { PROGRAM_ERRORS } from '../src/index.js';
import { PROGRAM_IDS } from '../src/index.js';
import { decodeContributor, encodeContributor } from '../src/index.js';
import { decodeDevice, decodeDeviceLegacyInterfaces, DEVICE_OFFSETS } from '../src/index.js';
import { decodeExchange, encodeExchange } from '../src/index.js';
import { decodeGlobalConfig, encodeGlobalConfig } from '../src/index.js';
import { decodeGlobalState, encodeGlobalState } from '../src/index.js';
import { decodeLink, encodeLink, LINK_OFFSETS } from '../src/index.js';
import { decodeLocation, encodeLocation } from '../src/index.js';
import { decodePermission, encodePermission } from '../src/index.js';
import { fixtureBytes, fixtureJson } from './helpers/fixtures.js';
import {
  IdlError,
  IdlInterpreter,
  isReservedVariant,
  loadIdl,
  remainingAccountsPosition,
  SDK_ADAPTERS,
  type Node,
  type ResolveContext,
  type Resolver,
} from './helpers/idl.js';

const idl = loadIdl();
const program = idl.program;
const interp = new IdlInterpreter(idl, SDK_ADAPTERS);

const upperFirst = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
const lowerFirst = (s: string): string => s[0]!.toLowerCase() + s.slice(1);

/** Plain comparable form: PublicKey → base58, bytes → number arrays, recursively. */
function norm(v: unknown): unknown {
  if (v instanceof PublicKey) return v.toBase58();
  if (v instanceof Uint8Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(norm);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
  return v;
}

/** Every node of the tree (anything with a `kind`). */
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) node.forEach((x) => walk(x, visit));
  else if (node !== null && typeof node === 'object') {
    if (typeof (node as Node).kind === 'string') visit(node as Node);
    Object.values(node).forEach((x) => walk(x, visit));
  }
}

// Codama node kinds this IDL may use (a typo in a kind would make Codama tooling reject the file).
const CODAMA_KINDS = new Set([
  'rootNode', 'programNode', 'accountNode', 'definedTypeNode', 'pdaNode', 'errorNode',
  'structTypeNode', 'structFieldTypeNode', 'numberTypeNode', 'publicKeyTypeNode', 'booleanTypeNode', 'stringTypeNode',
  'bytesTypeNode', 'sizePrefixTypeNode', 'fixedSizeTypeNode', 'arrayTypeNode', 'prefixedCountNode', 'optionTypeNode',
  'tupleTypeNode', 'enumTypeNode', 'enumEmptyVariantTypeNode', 'enumTupleVariantTypeNode', 'definedTypeLinkNode',
  'pdaLinkNode', 'constantPdaSeedNode', 'variablePdaSeedNode', 'constantDiscriminatorNode', 'constantValueNode',
  'numberValueNode', 'stringValueNode', 'enumValueNode', 'arrayValueNode',
  'instructionNode', 'instructionAccountNode', 'instructionArgumentNode', 'instructionRemainingAccountsNode',
  'fieldDiscriminatorNode', 'booleanValueNode', 'publicKeyValueNode', 'pdaValueNode', 'pdaSeedValueNode',
  'accountValueNode', 'argumentValueNode', 'resolverValueNode', 'conditionalValueNode',
]);

const SDK = {
  globalState: { decode: decodeGlobalState, encode: encodeGlobalState, fixture: 'global_state', type: AccountType.GlobalState },
  globalConfig: { decode: decodeGlobalConfig, encode: encodeGlobalConfig, fixture: 'global_config', type: AccountType.GlobalConfig },
  location: { decode: decodeLocation, encode: encodeLocation, fixture: 'location', type: AccountType.Location },
  exchange: { decode: decodeExchange, encode: encodeExchange, fixture: 'exchange', type: AccountType.Exchange },
  contributor: { decode: decodeContributor, encode: encodeContributor, fixture: 'contributor', type: AccountType.Contributor },
  link: { decode: decodeLink, encode: encodeLink, fixture: 'link', type: AccountType.Link },
  permission: { decode: decodePermission, encode: encodePermission, fixture: undefined, type: AccountType.Permission },
} as const satisfies Record<
  string,
  { decode: (b: Uint8Array) => object; encode: (v: never) => Uint8Array; fixture: string | undefined; type: AccountType }
>;
type SdkName = keyof typeof SDK;
const WITH_FIXTURE = (Object.keys(SDK) as SdkName[]).filter((n) => SDK[n].fixture !== undefined);

describe('the IDL is a Codama root node', () => {
  it('has the root, program and list shapes Codama expects', () => {
    expect(idl.kind).toBe('rootNode');
    expect(idl.standard).toBe('codama');
    expect(idl.version).toMatch(/^1\.\d+\.\d+$/);
    expect(idl.additionalPrograms).toEqual([]);
    expect(program.kind).toBe('programNode');
    expect(program.publicKey).toBe(PROGRAM_IDS['mainnet-beta'].toBase58());
    for (const list of [program.accounts, program.instructions, program.definedTypes, program.pdas, program.errors]) expect(list.length).toBeGreaterThan(0);
  });

  it('uses only known node kinds, and every link resolves', () => {
    // Given every node of the tree
    const kinds = new Set<string>();
    const typeLinks: string[] = [];
    const pdaLinks: string[] = [];
    walk(idl, (n) => {
      kinds.add(n.kind);
      if (n.kind === 'definedTypeLinkNode') typeLinks.push(n.name as string);
      if (n.kind === 'pdaLinkNode') pdaLinks.push(n.name as string);
      if (n.kind === 'numberTypeNode') expect(n.endian).toBe('le');
    });
    // Then each kind is a Codama kind, and each link names an existing node
    expect([...kinds].filter((k) => !CODAMA_KINDS.has(k))).toEqual([]);
    expect(typeLinks.filter((l) => !interp.types.has(l))).toEqual([]);
    expect(pdaLinks.filter((l) => !interp.pdas.has(l))).toEqual([]);
  });

  it('names are unique per list and field names unique per struct', () => {
    for (const list of [program.accounts, program.instructions, program.definedTypes, program.pdas, program.errors]) {
      const names = list.map((n) => n.name);
      expect(new Set(names).size).toBe(names.length);
    }
    walk(idl, (n) => {
      if (n.kind === 'structTypeNode') {
        const names = (n.fields as Node[]).map((f) => f.name);
        expect(new Set(names).size).toBe(names.length);
      }
    });
  });

  it('describes the eight accounts, each with its account-type byte as a constant discriminator at offset 0', () => {
    expect(program.accounts.map((a) => a.name).sort()).toEqual(
      ['contributor', 'device', 'exchange', 'globalConfig', 'globalState', 'link', 'location', 'permission'],
    );
    for (const a of program.accounts) {
      // Given the account's AccountType
      const type = AccountType[upperFirst(a.name as string) as keyof typeof AccountType];
      expect(typeof type).toBe('number');
      // Then the discriminator is that byte at offset 0 ...
      const [d, ...more] = a.discriminators as Node[];
      expect(more).toEqual([]);
      expect(d!.kind).toBe('constantDiscriminatorNode');
      expect(d!.offset).toBe(0);
      const c = d!.constant as Node;
      expect((c.type as Node).format).toBe('u8');
      expect((c.value as Node).number).toBe(type);
      // ... the first field is accountType, omitted, defaulting to the same variant ...
      const first = interp.accountFields(a.name as string)[0]!;
      expect(first.name).toBe('accountType');
      expect(first.defaultValueStrategy).toBe('omitted');
      expect(interp.defaultValue(first)).toBe(type);
      // ... and the account links its PDA
      expect((a.pda as Node).name).toBe(a.name);
    }
  });

  it('marks the fixed-size accounts with their size, and it matches the encoding', () => {
    const sizes = Object.fromEntries(program.accounts.filter((a) => a.size !== undefined).map((a) => [a.name, a.size]));
    expect(sizes).toEqual({ globalConfig: 64, permission: 83 });
    for (const name of ['globalConfig', 'permission'] as const) {
      const value = fc.sample(interp.arbitraryAccount(name), 1)[0]!;
      expect(interp.encodeAccount(name, value).length).toBe(sizes[name]);
    }
  });

  it('documents what Codama cannot express', () => {
    const docs = (n: Node | undefined): string => ((n?.docs as string[] | undefined) ?? []).join(' ');
    expect(program.docs.join(' ')).toMatch(/cannot express/);
    expect(docs(program.definedTypes.find((t) => t.name === 'interface'))).toMatch(/NOT EXPRESSIBLE.*size/);
    expect(docs(program.definedTypes.find((t) => t.name === 'legacyInterface'))).toMatch(/NOT EXPRESSIBLE.*tag of 4/);
    expect(docs(program.pdas.find((p) => p.name === 'topology'))).toMatch(/NOT EXPRESSIBLE.*upper-cased/);
    const deviceInterfaces = interp.accountFields('device').find((f) => f.name === 'interfaces');
    expect(docs(deviceInterfaces)).toMatch(/NOT EXPRESSIBLE.*rebuilds/);
    // every trailing (legacy) field of the SDK accounts says so
    expect(docs(interp.accountFields('globalConfig').find((f) => f.name === 'nextBgpCommunity'))).toMatch(/trailing \(legacy\).*10000/);
    expect(docs(interp.accountFields('link').find((f) => f.name === 'linkFlags'))).toMatch(/trailing \(legacy\)/);
  });
});

describe('(a) enums agree with src/enums.ts', () => {
  const idlEnums = program.definedTypes.filter(
    (t) => (t.type as Node).kind === 'enumTypeNode' && ((t.type as Node).variants as Node[]).every((v) => v.kind === 'enumEmptyVariantTypeNode'),
  );
  const variantsOf = (name: string): Node[] => interp.definedType(name).variants as Node[];
  const programVariants = (name: string): Node[] => variantsOf(name).filter((v) => !isReservedVariant(v));

  it('has exactly one enum per ENUM_SPECS entry', () => {
    expect(idlEnums.map((t) => upperFirst(t.name as string)).sort()).toEqual(Object.keys(ENUM_SPECS).sort());
  });

  it.each(Object.entries(ENUM_SPECS))('%s: the program variants have its discriminants and names, one byte', (name, spec) => {
    // Given the IDL enum without its reserved variants
    const t = interp.definedType(lowerFirst(name));
    const variants = programVariants(lowerFirst(name));
    // Then every variant carries its explicit discriminant, equal to the SDK's values and names
    expect((t.size as Node).format).toBe('u8');
    expect((t.variants as Node[]).every((v) => typeof v.discriminator === 'number')).toBe(true);
    expect(variants.map((v) => v.discriminator)).toEqual([...spec.values]);
    expect(variants.map((v) => v.name)).toEqual(spec.values.map((v) => spec.variants[v]));
    // and no program variant could be taken for a reserved one
    expect(Object.values(spec.variants).filter((n) => /^Reserved\d+$/.test(n))).toEqual([]);
  });

  it.each(Object.entries(ENUM_SPECS))('%s: position equals value; each gap below the highest value is a reserved variant, documented', (name, spec) => {
    // Given the IDL enum, reserved variants included
    const t = program.definedTypes.find((x) => x.name === lowerFirst(name))!;
    const variants = variantsOf(lowerFirst(name));
    // Then the variant at position i has value i, up to the program's highest value ...
    expect(variants.map((v) => v.discriminator)).toEqual(Array.from({ length: spec.values.at(-1)! + 1 }, (_, i) => i));
    // ... each value the program does not declare holds the reserved variant Reserved<value> ...
    const gaps = variants.map((v) => v.discriminator as number).filter((v) => !spec.isKnown(v));
    expect(variants.filter(isReservedVariant).map((v) => v.name)).toEqual(gaps.map((v) => `Reserved${v}`));
    // ... and the enum's docs say how many there are, that the program never writes them and what a client reads
    const docs = docsOf(t);
    if (gaps.length === 0) expect(docs).not.toMatch(/RESERVED|Reserved\d/);
    else {
      expect(docs).toMatch(new RegExp(`RESERVED \\(${gaps.length} reserved variants?\\): Reserved${gaps[0]}\\b.* never writes`));
      expect(docs).toMatch(/position in this list equals its value/);
      expect(docs).toMatch(new RegExp(`account reader takes it as ${spec.variants[spec.defaultValue]}\\b.*instruction decoding refuses it.*generated client decodes it as Reserved<n>`));
      // the names it lists ("Reserved0 and Reserved2 to Reserved126") are exactly the gaps
      const listed = /\): (.*?) (?:is not a value|are not values) of the program/.exec(docs)![1]!.split(/, | and /).flatMap((part) => {
        const [from, to = from] = part.split(' to ').map((x) => Number(/^Reserved(\d+)$/.exec(x)![1]));
        return Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
      });
      expect(listed).toEqual(gaps);
    }
  });

  it('every enum of the IDL, data enums included: each variant sits at the position of its discriminator', () => {
    const enums: Array<[string, Node[]]> = [];
    walk(idl, (n) => {
      if (n.kind === 'enumTypeNode') enums.push([JSON.stringify((n.variants as Node[]).map((v) => v.name)).slice(0, 40), n.variants as Node[]]);
    });
    expect(enums.length).toBe(idlEnums.length + 1); // and legacyInterface
    for (const [what, variants] of enums) expect([what, variants.map((v) => v.discriminator)]).toEqual([what, variants.map((_, i) => i)]);
  });

  it('keeps the gaps and high discriminants: the reserved variants fill them', () => {
    const discs = (n: string): unknown[] => programVariants(n).map((v) => v.discriminator);
    expect(discs('linkLinkType')).toEqual([1, 127]);
    expect(variantsOf('linkLinkType').map((v) => v.name).indexOf('DZX')).toBe(127);
    expect(discs('deviceDesiredStatus')).toEqual([0, 1, 6]);
    expect(discs('linkStatus')).not.toContain(2);
    expect(discs('deviceStatus')).not.toContain(2);
    expect(discs('accountType')).not.toContain(14);
    const reserved = Object.fromEntries(idlEnums.map((t) => [t.name, variantsOf(t.name as string).filter(isReservedVariant).length]).filter(([, n]) => n !== 0));
    expect(reserved).toEqual({ accountType: 1, deviceStatus: 1, deviceDesiredStatus: 4, linkLinkType: 126, linkStatus: 1, linkDesiredStatus: 4 });
  });

  it('the interpreter treats a reserved variant as undeclared: refused when read or written', () => {
    const linkType: Node = { kind: 'definedTypeLinkNode', name: 'linkLinkType' };
    expect(interp.decodeType(linkType, Uint8Array.of(127)).value).toBe(LinkLinkType.DZX);
    expect(() => interp.decodeType(linkType, Uint8Array.of(2))).toThrow(/reserved enum discriminant 2 \(Reserved2\)/);
    expect(() => interp.decodeType(linkType, Uint8Array.of(128))).toThrow(/undeclared enum discriminant 128/);
    expect(() => interp.encodeType(linkType, 0)).toThrow(/not a declared empty variant/);
    const samples = fc.sample(interp.arbitrary(linkType), { numRuns: 200, seed: 1 });
    expect([...new Set(samples)].sort()).toEqual([LinkLinkType.WAN, LinkLinkType.DZX]);
  });
});

describe('(b) errors agree with PROGRAM_ERRORS', () => {
  it('has every code with its name and message', () => {
    const fromIdl = program.errors.map((e) => [e.code, upperFirst(e.name as string), e.message]);
    expect(fromIdl).toEqual(PROGRAM_ERRORS.map((e) => [e.code, e.name, upperFirst(e.message)]));
    expect(program.errors.every((e) => e.kind === 'errorNode' && Array.isArray(e.docs))).toBe(true);
  });
});

describe('(c) every IDL PDA derives what src/pda.ts derives', () => {
  const upperAscii = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());
  const key = (b: number): PublicKey => {
    const bytes = new Uint8Array(32);
    bytes[0] = b;
    bytes[31] = b ^ 0x5a;
    return new PublicKey(bytes);
  };
  const INDEXES = [0n, 1n, 2n, 1000n, (1n << 64n) + 5n];
  const singleton = (kind: ResourceType['kind']) => (p: PublicKey) => [{ idl: {}, sdk: getResourceExtensionPda(p, { kind } as ResourceType) }];
  const indexed = (h: (p: PublicKey, i: bigint) => Pda) => (p: PublicKey) => INDEXES.map((i) => ({ idl: { index: i }, sdk: h(p, i) }));

  const CASES: Record<string, (p: PublicKey) => Array<{ idl: Record<string, unknown>; sdk: Pda }>> = {
    globalState: (p) => [{ idl: {}, sdk: getGlobalStatePda(p) }],
    globalConfig: (p) => [{ idl: {}, sdk: getGlobalConfigPda(p) }],
    programConfig: (p) => [{ idl: {}, sdk: getProgramConfigPda(p) }],
    location: indexed(getLocationPda),
    exchange: indexed(getExchangePda),
    device: indexed(getDevicePda),
    link: indexed(getLinkPda),
    contributor: indexed(getContributorPda),
    permission: (p) => [1, 2, 3].map((b) => ({ idl: { userPayer: key(b) }, sdk: getPermissionPda(p, key(b)) })),
    // The IDL cannot upper-case: the caller passes the upper-cased name (documented on the node).
    topology: (p) =>
      ['unicast-default', 'Topo_1', 'x', 'café'].map((n) => ({ idl: { name: upperAscii(n) }, sdk: getTopologyPda(p, n) })),
    tunnelIds: (p) => INDEXES.slice(0, 4).map((i) => ({ idl: { device: key(7), index: i }, sdk: getTunnelIdsPda(p, key(7), i) })),
    dzPrefixBlock: (p) => INDEXES.slice(0, 4).map((i) => ({ idl: { device: key(8), index: i }, sdk: getDzPrefixBlockPda(p, key(8), i) })),
    deviceTunnelBlock: singleton('DeviceTunnelBlock'),
    userTunnelBlock: singleton('UserTunnelBlock'),
    multicastGroupBlock: singleton('MulticastGroupBlock'),
    multicastPublisherBlock: singleton('MulticastPublisherBlock'),
    linkIds: singleton('LinkIds'),
    segmentRoutingIds: singleton('SegmentRoutingIds'),
    vrfIds: singleton('VrfIds'),
    adminGroupBits: singleton('AdminGroupBits'),
  };

  it('covers every IDL PDA (and nothing else)', () => {
    expect(program.pdas.map((p) => p.name).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.keys(CASES))('%s', (name) => {
    for (const programId of [new PublicKey('JAQxrJ2WuDF4APfSifurJJ4HzV5Z3FyBuBeSMj7mo9aw'), PROGRAM_IDS.testnet, PROGRAM_IDS['mainnet-beta']]) {
      for (const { idl: inputs, sdk } of CASES[name]!(programId)) {
        // Given the seeds read from the JSON
        const [addr, bump] = interp.derivePda(name, programId, inputs);
        // Then the address and bump are the helper's
        expect([addr.toBase58(), bump]).toEqual([sdk[0].toBase58(), sdk[1]]);
      }
    }
  });

  it('every seed list starts with the constant "doublezero"', () => {
    for (const p of program.pdas) {
      const first = (p.seeds as Node[])[0]!;
      expect(first.kind).toBe('constantPdaSeedNode');
      expect((first.value as Node).string).toBe('doublezero');
    }
  });
});

describe('(d) the IDL reads the upstream fixtures like the SDK decoders', () => {
  // Field start offsets in the fixtures, from docs/wire-format.md#account-layouts (beyond the fixed ones).
  const SPEC_OFFSETS: Record<SdkName, Record<string, number>> = {
    globalState: { bumpSeed: 1, accountIndex: 2, foundationAllowlist: 18, activatorAuthorityPk: 62, healthOraclePk: 142, qaAllowlist: 174, featureFlags: 210, feedAuthorityPk: 226 },
    globalConfig: { owner: 1, bumpSeed: 33, localAsn: 34, remoteAsn: 38, deviceTunnelBlock: 42, userTunnelBlock: 47, multicastgroupBlock: 52, nextBgpCommunity: 57, multicastPublisherBlock: 59 },
    location: { index: 33, bumpSeed: 49, lat: 50, lng: 58, locId: 66, status: 70, code: 71, name: 78, country: 91, referenceCount: 97 },
    exchange: { lat: 50, bgpCommunity: 66, unused: 68, status: 70, code: 71, name: 79, referenceCount: 95, device1Pk: 99, device2Pk: 131 },
    contributor: { status: 50, code: 51, referenceCount: 59, opsManagerPk: 63 },
    link: { ...LINK_OFFSETS, contributorPk: 162, sideAIfaceName: 194, sideZIfaceName: 207, delayOverrideNs: 220, linkHealth: 228, desiredStatus: 229, linkTopologies: 230, linkFlags: 234 },
    permission: {},
  };

  it.each(WITH_FIXTURE)('%s: same field order, same values, whole file consumed', (name) => {
    // Given the fixture bytes
    const bytes = fixtureBytes(SDK[name].fixture!);
    // When decoded by the IDL interpreter and by the SDK
    const viaIdl = interp.decodeAccount(name, bytes);
    const viaSdk = SDK[name].decode(bytes) as unknown as Record<string, unknown>;
    // Then the IDL consumed exactly the account ...
    expect(viaIdl.end).toBe(bytes.length);
    // ... in the SDK's field order ...
    expect(Object.keys(viaSdk)).toEqual(Object.keys(viaIdl.value));
    // ... with the same values ...
    expect(norm(viaSdk)).toEqual(norm(viaIdl.value));
    // ... and each field starts where docs/wire-format.md says
    for (const [field, at] of Object.entries(SPEC_OFFSETS[name])) expect([field, viaIdl.offsets[field]]).toEqual([field, at]);
  });

  it.each(WITH_FIXTURE)('%s: the IDL values equal the fixture JSON', (name) => {
    // Given the generator's JSON (PascalCase names; vectors as <Name>Len and <Name><i>)
    const json = fixtureJson(SDK[name].fixture!);
    const { value } = interp.decodeAccount(name, fixtureBytes(SDK[name].fixture!));
    const byLower = new Map(Object.keys(value).map((k) => [k.toLowerCase(), k]));
    const text = (v: unknown): string => (v instanceof PublicKey ? v.toBase58() : String(v));
    let compared = 0;
    for (const f of json.fields) {
      const n = f.name.toLowerCase();
      const direct = byLower.get(n);
      const len = /^(.*)len$/.exec(n);
      const elem = /^(.*?)(\d+)$/.exec(n);
      let actual: string;
      if (direct !== undefined) actual = text(value[direct]);
      else if (len && byLower.has(len[1]!)) actual = String((value[byLower.get(len[1]!)!] as unknown[]).length);
      else if (elem && byLower.has(elem[1]!)) actual = text((value[byLower.get(elem[1]!)!] as unknown[])[Number(elem[2])]);
      else throw new Error(`${name}: JSON field ${f.name} has no IDL field`);
      expect([f.name, actual]).toEqual([f.name, f.value]);
      compared++;
    }
    expect(compared).toBe(json.fields.length);
  });

  it('device: the whole account, legacy and size-prefixed records included', () => {
    // Given device.bin (478 bytes: two legacy V2 records, two version-4 sized records)
    const bytes = fixtureBytes('device');
    // When decoded by the IDL interpreter and by the SDK
    const viaIdl = interp.decodeAccount('device', bytes);
    const viaSdk = decodeDevice(bytes) as unknown as Record<string, unknown>;
    // Then the IDL consumed the whole account and every field starts where docs/wire-format.md says
    expect(viaIdl.end).toBe(478);
    expect(viaIdl.offsets).toMatchObject({
      ...DEVICE_OFFSETS,
      dzPrefixes: 127, metricsPublisherPk: 136, contributorPk: 168, mgmtVrf: 200, deprecatedInterfaces: 208,
      referenceCount: 308, usersCount: 312, maxUsers: 314, deviceHealth: 316, desiredStatus: 317, unicastUsersCount: 318,
      multicastSubscribersCount: 320, maxUnicastUsers: 322, maxMulticastSubscribers: 324, reservedSeats: 326,
      multicastPublishersCount: 328, maxMulticastPublishers: 330, interfaces: 332,
    });
    // and the SDK's fields are the IDL's, in order, with the same values (interfaces too)
    const { deprecatedInterfaces, ...rest } = viaIdl.value;
    expect(Object.keys(viaSdk)).toEqual(Object.keys(rest));
    expect(norm(viaSdk)).toEqual(norm(rest));
    // and the legacy records match the SDK's view of them
    const legacy = decodeDeviceLegacyInterfaces(bytes);
    const idlLegacy = deprecatedInterfaces as Array<{ __kind: string; fields: [Record<string, unknown>] }>;
    expect(idlLegacy.map((r) => r.__kind)).toEqual(['V2', 'V2']);
    expect(legacy.map((r) => r.tag)).toEqual([1, 1]);
    idlLegacy.forEach((r, i) => {
      const { tag, flexAlgoNodeSegments, ...body } = legacy[i]!;
      expect(flexAlgoNodeSegments).toEqual([]);
      expect(norm(body)).toEqual(norm(r.fields[0]));
    });
  });
});

describe('(e) random accounts: SDK encoder and IDL interpreter agree byte for byte', () => {
  it.each(Object.keys(SDK) as SdkName[])('%s', (name) => {
    const { encode, decode } = SDK[name] as unknown as {
      encode: (v: unknown) => Uint8Array;
      decode: (b: Uint8Array) => Record<string, unknown>;
    };
    fc.assert(
      fc.property(interp.arbitraryAccount(name), (value) => {
        // Given a random value of the account, generated from the IDL's types
        // When the SDK and the IDL encode it
        const sdkBytes = encode(value);
        const idlBytes = interp.encodeAccount(name, value);
        // Then the bytes are identical, and each side reads the other's bytes back to the value
        expect(Array.from(sdkBytes)).toEqual(Array.from(idlBytes));
        const back = interp.decodeAccount(name, sdkBytes);
        expect(back.end).toBe(sdkBytes.length);
        expect(norm(back.value)).toEqual(norm(value));
        expect(norm(decode(idlBytes))).toEqual(norm(value));
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Instructions

/** The SDK's Args codecs, by IDL instruction name. */
const SDK_IX = {
  createDevice: { tag: DoubleZeroInstructionTag.CreateDevice, encode: encodeCreateDeviceArgs, decode: decodeCreateDeviceArgs },
  updateDevice: { tag: DoubleZeroInstructionTag.UpdateDevice, encode: encodeUpdateDeviceArgs, decode: decodeUpdateDeviceArgs },
  deleteDevice: { tag: DoubleZeroInstructionTag.DeleteDevice, encode: encodeDeleteDeviceArgs, decode: decodeDeleteDeviceArgs },
  createLink: { tag: DoubleZeroInstructionTag.CreateLink, encode: encodeCreateLinkArgs, decode: decodeCreateLinkArgs },
  updateLink: { tag: DoubleZeroInstructionTag.UpdateLink, encode: encodeUpdateLinkArgs, decode: decodeUpdateLinkArgs },
  deleteLink: { tag: DoubleZeroInstructionTag.DeleteLink, encode: encodeDeleteLinkArgs, decode: decodeDeleteLinkArgs },
  acceptLink: { tag: DoubleZeroInstructionTag.AcceptLink, encode: encodeAcceptLinkArgs, decode: decodeAcceptLinkArgs },
  createDeviceInterface: {
    tag: DoubleZeroInstructionTag.CreateDeviceInterface,
    encode: encodeCreateDeviceInterfaceArgs,
    decode: decodeCreateDeviceInterfaceArgs,
  },
  deleteDeviceInterface: {
    tag: DoubleZeroInstructionTag.DeleteDeviceInterface,
    encode: encodeDeleteDeviceInterfaceArgs,
    decode: decodeDeleteDeviceInterfaceArgs,
  },
  updateDeviceInterface: {
    tag: DoubleZeroInstructionTag.UpdateDeviceInterface,
    encode: encodeUpdateDeviceInterfaceArgs,
    decode: decodeUpdateDeviceInterfaceArgs,
  },
  setDeviceHealth: { tag: DoubleZeroInstructionTag.SetDeviceHealth, encode: encodeSetDeviceHealthArgs, decode: decodeSetDeviceHealthArgs },
  setLinkHealth: { tag: DoubleZeroInstructionTag.SetLinkHealth, encode: encodeSetLinkHealthArgs, decode: decodeSetLinkHealthArgs },
} as const;
type IxName = keyof typeof SDK_IX;
const IX_NAMES = Object.keys(SDK_IX) as IxName[];
const sdkEncode = (name: IxName, v: unknown): Uint8Array => (SDK_IX[name].encode as (a: unknown) => Uint8Array)(v);
const sdkDecode = (name: IxName, b: Uint8Array): Record<string, unknown> => (SDK_IX[name].decode as unknown as (d: Uint8Array) => Record<string, unknown>)(b);

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ixNode = (name: string): Node => interp.instruction(name);
const ixAccounts = (name: string): Node[] => ixNode(name).accounts as Node[];
const ixRemaining = (name: string): Node[] => (ixNode(name).remainingAccounts as Node[] | undefined) ?? [];
const docsOf = (n: Node | undefined): string => ((n?.docs as string[] | undefined) ?? []).join(' ');

/** The key whose first byte is `b` (the fixtures' pk(b)). */
const pk = (b: number): PublicKey => {
  const bytes = new Uint8Array(32);
  bytes[0] = b;
  return new PublicKey(bytes);
};
const FIXTURE_PROGRAM = pk(255);
const upperAscii = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());

/**
 * The IDL's resolverValueNodes, implemented from their docs with the IDL's own PDA nodes
 * (never the SDK's helpers), so that an IDL-built instruction can be compared with the SDK's.
 */
const RESOLVERS: Record<string, Resolver> = {
  deviceResourceCount: (c) => 1 + (c.arg('dzPrefixes') as unknown[]).length,
  updateDeviceResourceCount: (c) => {
    const p = c.arg('dzPrefixes') as unknown[] | null;
    return p === null ? 0n : BigInt(Math.max(oldDzPrefixCount(c), p.length) + 1);
  },
  resourceOwnerCount: (c) => (c.arg('resourceOwners') as unknown[]).length,
  tunnelFieldsGiven: (c) => c.arg('tunnelId') !== null || c.arg('tunnelNet') !== null,
  vpnv4TopologyCount: (c) => (c.arg('loopbackType') === LoopbackType.Vpnv4 ? (c.arg('topologyNames') as unknown[]).length : 0),
  topologyNameCount: (c) => (c.arg('topologyNames') as unknown[] | null)?.length ?? 0,
  topologyNamesGiven: (c) => c.arg('topologyNames') !== null,
  deviceResourcePdas: (c) => resourcePdas(c, 1 + (c.arg('dzPrefixes') as unknown[]).length),
  updateDeviceResourcePdas: (c) => {
    const p = c.arg('dzPrefixes') as unknown[] | null;
    return p === null ? [] : resourcePdas(c, Math.max(oldDzPrefixCount(c), p.length) + 1);
  },
  deleteDeviceResourcePdas: (c) => resourcePdas(c, (c.arg('resourceOwners') as unknown[]).length),
  vpnv4TopologyPdas: (c) => (c.arg('loopbackType') === LoopbackType.Vpnv4 ? topologyPdas(c, c.arg('topologyNames') as string[]) : []),
  topologyPdas: (c) => topologyPdas(c, (c.arg('topologyNames') as string[] | null) ?? []),
};
function oldDzPrefixCount(c: ResolveContext): number {
  const old = c.arg('oldDzPrefixCount');
  if (old === null) throw new Error('oldDzPrefixCount is required when dzPrefixes is given');
  return Number(old);
}
/** TunnelIds(device, 0) then DzPrefixBlock(device, i): `count` accounts. */
function resourcePdas(c: ResolveContext, count: number): PublicKey[] {
  const device = c.account('device')!;
  return Array.from({ length: count }, (_, i) =>
    i === 0
      ? c.interp.derivePda('tunnelIds', c.programId, { device, index: 0n })[0]
      : c.interp.derivePda('dzPrefixBlock', c.programId, { device, index: BigInt(i - 1) })[0],
  );
}
function topologyPdas(c: ResolveContext, names: readonly string[]): PublicKey[] {
  return names.map((n) => c.interp.derivePda('topology', c.programId, { name: upperAscii(n) })[0]);
}

/** A JSON value (ix_inputs.json conventions) in the interpreter's shape, driven by the IDL type. */
function fromJson(type: Node, v: unknown): unknown {
  switch (type.kind) {
    case 'numberTypeNode':
      return ['u64', 'u128'].includes(type.format as string) ? BigInt(v as string) : Number(v);
    case 'publicKeyTypeNode':
      return new PublicKey(v as string);
    case 'optionTypeNode':
      return v === null ? null : fromJson(type.item as Node, v);
    case 'arrayTypeNode':
      return (v as unknown[]).map((x) => fromJson(type.item as Node, x));
    case 'definedTypeLinkNode': {
      const name = type.name as string;
      if (SDK_ADAPTERS[name]) return v;
      const t = interp.definedType(name);
      const variant = (t.variants as Node[]).find((x) => x.name === v);
      if (!variant) throw new Error(`${String(v)} is not a ${name} variant`);
      return variant.discriminator;
    }
    default:
      return v;
  }
}
const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('instructions: shape of the nodes', () => {
  it('describes exactly the twelve live Device/Link instructions the SDK decodes', () => {
    expect(program.instructions.map((i) => i.name).sort()).toEqual([...IX_NAMES].sort());
    const decoded = Object.keys(INSTRUCTION_DECODERS).map(Number).sort((a, b) => a - b);
    expect(IX_NAMES.map((n) => SDK_IX[n].tag).sort((a, b) => a - b)).toEqual(decoded);
  });

  it.each(IX_NAMES)('%s: argument and account names are unique; optional accounts omitted when absent', (name) => {
    const ix = ixNode(name);
    expect(ix.optionalAccountStrategy).toBe('omitted');
    const args = [...interp.instructionArguments(name), ...((ix.extraArguments as Node[] | undefined) ?? [])].map((a) => a.name);
    expect(new Set(args).size).toBe(args.length);
    const accounts = ixAccounts(name).map((a) => a.name);
    expect(new Set(accounts).size).toBe(accounts.length);
    expect(ixAccounts(name).every((a) => typeof a.isOptional === 'boolean' && Array.isArray(a.docs))).toBe(true);
  });

  it.each(IX_NAMES)('%s: ends with payer (signer, writable), system program (WRITABLE), optional read-only Permission PDA', (name) => {
    // Given the last three account nodes
    const [payer, system, permission] = ixAccounts(name).slice(-3);
    // Then they are the shared tail of docs/wire-format.md#account-lists
    expect([payer!.name, payer!.isSigner, payer!.isWritable, payer!.isOptional]).toEqual(['payer', true, true, false]);
    expect([system!.name, system!.isSigner, system!.isWritable, system!.isOptional]).toEqual(['systemProgram', false, true, false]);
    expect((system!.defaultValue as Node).publicKey).toBe('11111111111111111111111111111111');
    expect([permission!.name, permission!.isSigner, permission!.isWritable, permission!.isOptional]).toEqual(['permission', false, false, true]);
    expect(docsOf(permission)).toMatch(/never append/);
    // and every other account is a writable non-signer (the builders' convention)
    for (const a of ixAccounts(name).slice(0, -3)) expect([a.name, a.isSigner, a.isWritable]).toEqual([a.name, false, true]);
  });

  it.each(IX_NAMES)('%s: each remaining-account group documents its position; topology accounts of interface instructions are read-only', (name) => {
    for (const r of ixRemaining(name)) {
      const before = remainingAccountsPosition(r);
      expect(ixAccounts(name).map((a) => a.name)).toContain(before);
      expect(r.isSigner).toBe(false);
      const readOnly = name === 'createDeviceInterface' || name === 'updateDeviceInterface';
      expect([docsOf(r).includes('READ-ONLY'), r.isWritable]).toEqual([readOnly, !readOnly]);
    }
  });

  it('documents the forms Codama cannot express', () => {
    expect(program.docs.join(' ')).toMatch(/Instructions:.*NOT EXPRESSIBLE.*remainingAccounts/);
    expect(docsOf(ixNode('deleteDevice'))).toMatch(/legacy \(resourceCount = 0\).*atomic \(resourceCount = R > 0\).*NOT EXPRESSIBLE/);
    expect(docsOf(ixNode('updateLink'))).toMatch(/NOT EXPRESSIBLE.*side-Z form/);
    expect(docsOf(ixAccounts('deleteDevice').find((a) => a.name === 'deviceOwner'))).toMatch(/NOT EXPRESSIBLE \(position\)/);
    const arg = (ix: string, a: string): Node => interp.instructionArguments(ix).find((x) => x.name === a)!;
    expect(docsOf(arg('updateDevice', 'resourceCount'))).toMatch(/usize, encoded as u64/);
    expect(docsOf(arg('createDevice', 'resourceCount'))).toMatch(/Derived: .*1 \+ len\(dzPrefixes\)/);
    expect(docsOf(arg('acceptLink', 'useOnchainAllocation'))).toMatch(/forces true/);
  });

  it.each(IX_NAMES)('%s: what a rendered client can type: derived arguments are optional inputs, remaining-account groups are lists', (name) => {
    // A resolver default on an `omitted` argument leaves the generated input type without the property the
    // generated code assigns (tsc errors); an option-typed group renders as an Option object, not an array.
    for (const a of [...interp.instructionArguments(name), ...((ixNode(name).extraArguments as Node[] | undefined) ?? [])]) {
      const dv = a.defaultValue as Node | undefined;
      if (dv?.kind === 'resolverValueNode') expect([a.name, a.defaultValueStrategy, docsOf(a)]).toEqual([a.name, 'optional', expect.stringMatching(/leave it unset/)]);
    }
    for (const r of ixRemaining(name)) {
      const v = r.value as Node;
      if (v.kind !== 'argumentValueNode') continue;
      const arg = [...interp.instructionArguments(name), ...(ixNode(name).extraArguments as Node[])].find((a) => a.name === v.name)!;
      expect([v.name, (arg.type as Node).kind]).toEqual([v.name, 'arrayTypeNode']);
    }
  });

  it('every resolverValueNode is implemented by this test, and nothing more', () => {
    const names = new Set<string>();
    walk(idl, (n) => {
      if (n.kind === 'resolverValueNode') {
        names.add(n.name as string);
        expect((n.docs as string[]).length).toBeGreaterThan(0);
      }
    });
    expect([...names].sort()).toEqual(Object.keys(RESOLVERS).sort());
  });
});

describe('instructions (a): discriminators are the tags of src/instructions/tags.ts', () => {
  it.each(IX_NAMES)('%s', (name) => {
    // Given the instruction's first argument and its discriminator node
    const [first] = interp.instructionArguments(name);
    const tag = DoubleZeroInstructionTag[upperFirst(name) as keyof typeof DoubleZeroInstructionTag];
    // Then it is a constant u8 equal to the SDK's tag, omitted from the inputs ...
    expect(tag).toBe(SDK_IX[name].tag);
    expect(first!.name).toBe('discriminator');
    expect((first!.type as Node).format).toBe('u8');
    expect((first!.defaultValue as Node).kind).toBe('numberValueNode');
    expect((first!.defaultValue as Node).number).toBe(tag);
    expect(first!.defaultValueStrategy).toBe('omitted');
    // ... the instruction is discriminated by that field at offset 0 ...
    expect(ixNode(name).discriminators).toEqual([{ kind: 'fieldDiscriminatorNode', name: 'discriminator', offset: 0 }]);
    // ... and the tag byte alone identifies the instruction among the IDL's
    expect(interp.identifyInstruction(Uint8Array.of(tag))).toEqual([name]);
  });
});

describe('instructions (b): random Args: the IDL encodes and decodes exactly like the SDK', () => {
  it.each(IX_NAMES)('%s', (name) => {
    fc.assert(
      fc.property(interp.arbitraryInstructionArgs(name), (value) => {
        // Given random Args generated from the IDL's types
        // When the SDK and the IDL encode [tag + Args]
        const sdkBytes = sdkEncode(name, value);
        const idlBytes = interp.encodeInstruction(name, value);
        // Then the bytes are identical
        expect(hex(idlBytes)).toBe(hex(sdkBytes));
        // and the IDL decodes the SDK's bytes back to the same values, consuming all of them
        const back = interp.decodeInstruction(name, sdkBytes);
        expect(back.end).toBe(sdkBytes.length);
        expect(norm(back.value)).toEqual(norm(value));
        // and the SDK decodes the IDL's bytes to the same fields, in the IDL's order
        const { defaultedFields, trailingBytes, ...sdkArgs } = sdkDecode(name, idlBytes);
        const { discriminator, ...idlArgs } = back.value;
        expect([discriminator, defaultedFields, trailingBytes]).toEqual([SDK_IX[name].tag, [], 0]);
        expect(Object.keys(sdkArgs)).toEqual(Object.keys(idlArgs));
        expect(norm(sdkArgs)).toEqual(norm(idlArgs));
      }),
      { numRuns: 150 },
    );
  });

  it('the IDL reads the spec examples (docs/wire-format.md#updatedevice, #deletedevice, #setdevicehealth, #updatelink, #acceptlink, #deletelink, #setlinkhealth)', () => {
    const examples: Array<[IxName, string, Record<string, unknown>]> = [
      ['updateDevice', '17000000000000000000010500000000000000000000000000000000', { status: 5, resourceCount: 0n, code: null, maxUsers: null }],
      ['deleteDevice', '1a00', { resourceCount: 0 }],
      ['deleteDevice', '1a02', { resourceCount: 2 }],
      ['setDeviceHealth', '5303', { health: 3 }],
      ['updateLink', '1f00000000000000010700000000000000', { status: 7, useOnchainAllocation: false, linkTopologies: null }],
      ['acceptLink', '420900000045746865726e65743101', { sideZIfaceName: 'Ethernet1', useOnchainAllocation: true }],
      ['deleteLink', '2201', { useOnchainDeallocation: true }],
      ['setLinkHealth', '5402', { health: 2 }],
    ];
    for (const [name, data, expected] of examples) {
      const bytes = Uint8Array.from(Buffer.from(data, 'hex'));
      expect(interp.identifyInstruction(bytes)).toEqual([name]);
      const { value, end } = interp.decodeInstruction(name, bytes);
      expect([name, end]).toEqual([name, bytes.length]);
      expect(value).toMatchObject(expected);
      expect(hex(interp.encodeInstruction(name, value))).toBe(data);
    }
  });

  it('a wrong tag byte is refused by the IDL decoder', () => {
    const bytes = encodeSetLinkHealthArgs({ health: 2 });
    expect(() => interp.decodeInstruction('setDeviceHealth', bytes)).toThrow(IdlError);
  });
});

interface IxInput {
  fixture: string;
  variant: number;
  program_id: string;
  payer: string;
  'accounts-inputs': Record<string, string>;
  args: Record<string, unknown>;
}
interface IxFixture {
  program_id: string;
  variant: number;
  data_hex: string;
  accounts: Array<{ pubkey: string; is_signer: boolean; is_writable: boolean }>;
}

describe('instructions (c): the golden instruction fixtures read through the IDL', () => {
  const inputs = fixtureJson<IxInput[]>('ix_inputs');

  it('covers both shared fixtures', () => {
    expect(inputs.map((i) => i.fixture)).toEqual(['ix_create_device', 'ix_create_link']);
  });

  it.each(inputs.map((i) => [i.fixture, i] as const))('%s: decodes to ix_inputs.json and re-encodes identically', (_, input) => {
    // Given the fixture's bytes
    const bytes = fixtureBytes(input.fixture);
    // When the IDL identifies and decodes them
    const [name, ...more] = interp.identifyInstruction(bytes);
    expect(more).toEqual([]);
    expect(SDK_IX[name as IxName].tag).toBe(input.variant);
    const { value, end } = interp.decodeInstruction(name!, bytes);
    expect(end).toBe(bytes.length);
    // Then every argument is the generator's input, converted by its IDL type ...
    const args = interp.instructionArguments(name!);
    const jsonName = new Map(Object.keys(input.args).map((k) => [camel(k), k]));
    expect(args.slice(1).map((a) => a.name)).toEqual([...jsonName.keys()]);
    for (const a of args.slice(1)) {
      const n = a.name as string;
      const expected = fromJson(a.type as Node, input.args[jsonName.get(n)!]);
      if (n === 'resourceCount') {
        // ... except the derived resource_count: the generator passed 0, the builder wrote 1 + len(dz_prefixes)
        expect([expected, value[n]]).toEqual([0, 1 + (input.args.dz_prefixes as unknown[]).length]);
      } else {
        expect([n, norm(value[n])]).toEqual([n, norm(expected)]);
      }
    }
    // and re-encoding the decoded values gives the fixture back
    expect(hex(interp.encodeInstruction(name!, value))).toBe(hex(bytes));
  });

  it.each(inputs.map((i) => [i.fixture, i] as const))('%s: the IDL alone builds the fixture instruction from its inputs', (_, input) => {
    // Given the builder inputs of ix_inputs.json, mapped to the IDL's accounts and (extra) arguments
    const name = interp.identifyInstruction(fixtureBytes(input.fixture))[0]!;
    const ix = ixNode(name);
    const argNodes = [...interp.instructionArguments(name), ...(ix.extraArguments as Node[])];
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input.args)) args[camel(k)] = fromJson(argNodes.find((a) => a.name === camel(k))!.type as Node, v);
    const accounts: Record<string, PublicKey> = { payer: new PublicKey(input.payer) };
    for (const [k, v] of Object.entries(input['accounts-inputs'])) {
      const arg = argNodes.find((a) => a.name === camel(k));
      if (arg) args[camel(k)] = fromJson(arg.type as Node, v);
      else accounts[camel(k)] = new PublicKey(v);
    }
    // When the interpreter resolves the instruction (PDAs, derived values, remaining accounts)
    const built = interp.resolveInstruction(name, { programId: new PublicKey(input.program_id), accounts, args, resolvers: RESOLVERS });
    // Then data and accounts are the fixture's, flags included
    const fixture = fixtureJson<IxFixture>(input.fixture);
    expect(hex(built.data)).toBe(fixture.data_hex);
    expect(built.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), is_signer: k.isSigner, is_writable: k.isWritable }))).toEqual(fixture.accounts);
  });
});

interface Form {
  title: string;
  name: IxName;
  sdk: (o: { appendPermission?: boolean }) => TransactionInstruction;
  accounts: Record<string, PublicKey>;
  args: Record<string, unknown>;
}

describe('instructions (d): IDL account lists agree with the SDK builders', () => {
  const programId = FIXTURE_PROGRAM;
  const payer = pk(1);
  const base = { programId, payer, validate: false };
  const [a, b, c, d, e, f, g, h] = [2, 3, 4, 5, 6, 7, 8, 9].map(pk) as [PublicKey, PublicKey, PublicKey, PublicKey, PublicKey, PublicKey, PublicKey, PublicKey];
  const deviceArgs = (dzPrefixes: string[]) => ({
    code: 'dev1', deviceType: DeviceType.Hybrid, publicIp: '1.1.1.1', dzPrefixes, metricsPublisherPk: d, mgmtVrf: 'mgmt', desiredStatus: null,
  });
  const linkArgs = {
    code: 'l1', linkType: LinkLinkType.WAN, bandwidth: 10_000_000_000n, mtu: 9000, delayNs: 1_000_000n, jitterNs: 100_000n,
    sideAIfaceName: 'Ethernet0', sideZIfaceName: 'Ethernet1', desiredStatus: null, useOnchainAllocation: true,
  };
  const ifaceArgs = {
    name: 'Loopback0', loopbackType: LoopbackType.Vpnv4, vlanId: 0, ipNet: null, userTunnelEndpoint: false, interfaceCyoa: 0, interfaceDia: 0,
    bandwidth: 0n, cir: 0n, mtu: 9000, routingMode: 0,
  };

  const FORMS: Form[] = [
    ...[['1.2.3.0/24'], ['1.2.3.0/24', '5.6.7.0/24']].map((p) => ({
      title: `${p.length} dz_prefix(es)`, name: 'createDevice' as const,
      sdk: (o: { appendPermission?: boolean }) => createCreateDeviceInstruction({ ...base, ...o, contributor: a, location: b, exchange: c, deviceIndex: 7n, args: deviceArgs(p) }),
      accounts: { payer, contributor: a, location: b, exchange: c }, args: { ...deviceArgs(p), deviceIndex: 7n },
    })),
    {
      title: 'no dz_prefixes, no move', name: 'updateDevice',
      sdk: (o: { appendPermission?: boolean }) => createUpdateDeviceInstruction({ ...base, ...o, device: a, currentContributor: b, currentLocation: c, args: { status: DeviceStatus.Drained } }),
      accounts: { payer, device: a, contributor: b, currentLocation: c }, args: { status: DeviceStatus.Drained },
    },
    {
      title: 'dz_prefixes (3 old, 1 new) and a move', name: 'updateDevice',
      sdk: (o: { appendPermission?: boolean }) => createUpdateDeviceInstruction({ ...base, ...o, device: a, currentContributor: b, currentLocation: c, newLocation: d, oldDzPrefixCount: 3, args: { dzPrefixes: ['1.2.3.0/24'] } }),
      accounts: { payer, device: a, contributor: b, currentLocation: c, newLocation: d }, args: { dzPrefixes: ['1.2.3.0/24'], oldDzPrefixCount: 3 },
    },
    {
      title: 'legacy', name: 'deleteDevice',
      sdk: (o: { appendPermission?: boolean }) => createDeleteDeviceInstruction({ ...base, ...o, device: a, contributor: b, resources: { kind: 'legacy' } }),
      accounts: { payer, device: a, contributor: b }, args: { resourceOwners: [] },
    },
    {
      title: 'atomic, two resources', name: 'deleteDevice',
      sdk: (o: { appendPermission?: boolean }) => createDeleteDeviceInstruction({ ...base, ...o, device: a, contributor: b, resources: { kind: 'atomic', location: c, exchange: d, owners: [e, f], deviceOwner: g } }),
      accounts: { payer, device: a, contributor: b, location: c, exchange: d, deviceOwner: g }, args: { resourceOwners: [e, f] },
    },
    {
      title: 'WAN', name: 'createLink',
      sdk: (o: { appendPermission?: boolean }) => createCreateLinkInstruction({ ...base, ...o, contributor: a, sideA: b, sideZ: c, linkIndex: 9n, args: linkArgs }),
      accounts: { payer, contributor: a, sideA: b, sideZ: c }, args: { ...linkArgs, linkIndex: 9n },
    },
    {
      title: 'link-contributor form, status only', name: 'updateLink',
      sdk: (o: { appendPermission?: boolean }) => createUpdateLinkInstruction({ ...base, ...o, link: a, authority: { kind: 'contributor', contributor: b }, args: { status: LinkStatus.SoftDrained } }),
      accounts: { payer, link: a, contributor: b }, args: { status: LinkStatus.SoftDrained },
    },
    {
      title: 'side-Z form, desired status', name: 'updateLink',
      sdk: (o: { appendPermission?: boolean }) => createUpdateLinkInstruction({ ...base, ...o, link: a, authority: { kind: 'sideZContributor', contributor: b }, sideZ: c, args: { desiredStatus: 6 } }),
      accounts: { payer, link: a, contributor: b, preambleSideZ: c }, args: { desiredStatus: 6 },
    },
    {
      title: 'tunnel_net (device pair + pools), side-Z form', name: 'updateLink',
      sdk: (o: { appendPermission?: boolean }) => createUpdateLinkInstruction({ ...base, ...o, link: a, authority: { kind: 'sideZContributor', contributor: b }, sideA: d, sideZ: c, args: { tunnelNet: '10.0.0.0/31' } }),
      accounts: { payer, link: a, contributor: b, preambleSideZ: c, sideA: d, sideZ: c }, args: { tunnelNet: '10.0.0.0/31' },
    },
    {
      title: 'tunnel_id only (pools)', name: 'updateLink',
      sdk: (o: { appendPermission?: boolean }) => createUpdateLinkInstruction({ ...base, ...o, link: a, authority: { kind: 'contributor', contributor: b }, args: { tunnelId: 5 } }),
      accounts: { payer, link: a, contributor: b }, args: { tunnelId: 5 },
    },
    {
      title: 'link_topologies (union of three)', name: 'updateLink',
      sdk: (o: { appendPermission?: boolean }) => createUpdateLinkInstruction({ ...base, ...o, link: a, authority: { kind: 'contributor', contributor: b }, topologyUnion: [e, f, g], args: { linkTopologies: [f, g] } }),
      accounts: { payer, link: a, contributor: b }, args: { linkTopologies: [f, g], topologyUnion: [e, f, g] },
    },
    ...[[], [e, f]].map((t) => ({
      title: `${t.length} stored topologies`, name: 'deleteLink' as const,
      sdk: (o: { appendPermission?: boolean }) => createDeleteLinkInstruction({ ...base, ...o, link: a, contributor: b, sideA: c, sideZ: d, owner: h, linkTopologies: t }),
      accounts: { payer, link: a, contributor: b, sideA: c, sideZ: d, owner: h }, args: { linkTopologies: t },
    })),
    {
      title: 'DZX accept', name: 'acceptLink',
      sdk: (o: { appendPermission?: boolean }) => createAcceptLinkInstruction({ ...base, ...o, link: a, contributor: b, sideZ: c, sideA: d, args: { sideZIfaceName: 'Ethernet1' } }),
      accounts: { payer, link: a, contributor: b, sideZ: c, sideA: d }, args: { sideZIfaceName: 'Ethernet1' },
    },
    ...[
      { names: ['unicast-default', 'topo-b'], loopbackType: LoopbackType.Vpnv4 },
      { names: ['ignored'], loopbackType: LoopbackType.Ipv4 },
    ].map(({ names, loopbackType }) => ({
      title: `${LoopbackType[loopbackType]} loopback, ${names.length} topology name(s)`, name: 'createDeviceInterface' as const,
      sdk: (o: { appendPermission?: boolean }) => createCreateDeviceInterfaceInstruction({ ...base, ...o, device: a, contributor: b, topologyNames: names, args: { ...ifaceArgs, loopbackType } }),
      accounts: { payer, device: a, contributor: b }, args: { ...ifaceArgs, loopbackType, topologyNames: names },
    })),
    {
      title: 'by name', name: 'deleteDeviceInterface',
      sdk: (o: { appendPermission?: boolean }) => createDeleteDeviceInterfaceInstruction({ ...base, ...o, device: a, contributor: b, args: { name: 'Ethernet3' } }),
      accounts: { payer, device: a, contributor: b }, args: { name: 'Ethernet3' },
    },
    ...[
      { title: 'plain', topologyNames: null, nodeSegmentIdx: null },
      { title: 'node segment (SegmentRoutingIds)', topologyNames: null, nodeSegmentIdx: 12 },
      { title: 'clear topologies ([])', topologyNames: [], nodeSegmentIdx: null },
      { title: 'two topologies', topologyNames: ['t1', 'T2'], nodeSegmentIdx: null },
    ].map(({ title, topologyNames, nodeSegmentIdx }) => ({
      title, name: 'updateDeviceInterface' as const,
      sdk: (o: { appendPermission?: boolean }) => createUpdateDeviceInterfaceInstruction({ ...base, ...o, device: a, contributor: b, topologyNames, args: { name: 'Loopback0', mtu: 9000, nodeSegmentIdx } }),
      accounts: { payer, device: a, contributor: b }, args: { name: 'Loopback0', mtu: 9000, nodeSegmentIdx, topologyNames },
    })),
    {
      title: 'ReadyForUsers', name: 'setDeviceHealth',
      sdk: (o: { appendPermission?: boolean }) => createSetDeviceHealthInstruction({ ...base, ...o, device: a, args: { health: DeviceHealth.ReadyForUsers } }),
      accounts: { payer, device: a }, args: { health: DeviceHealth.ReadyForUsers },
    },
    {
      title: 'ReadyForService', name: 'setLinkHealth',
      sdk: (o: { appendPermission?: boolean }) => createSetLinkHealthInstruction({ ...base, ...o, link: a, args: { health: LinkHealth.ReadyForService } }),
      accounts: { payer, link: a }, args: { health: LinkHealth.ReadyForService },
    },
  ];

  it('has at least one form per instruction', () => {
    expect([...new Set(FORMS.map((x) => x.name))].sort()).toEqual([...IX_NAMES].sort());
  });

  const cases = FORMS.map((x) => [`${x.name}: ${x.title}`, x] as const);
  const view = (k: { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }) => [k.pubkey.toBase58(), k.isSigner, k.isWritable];

  it.each(cases)('%s: fixed accounts and tail (names, order, flags)', (_, form) => {
    // Given the SDK builder's instruction and the IDL-resolved one from the same inputs
    const sdk = form.sdk({});
    const built = interp.resolveInstruction(form.name, { programId, accounts: form.accounts, args: form.args, resolvers: RESOLVERS });
    const sdkKeys = sdk.keys;
    // Then the named accounts before the first variable group are the SDK's first N, flags included ...
    const firstGroup = built.keys.findIndex((k) => k.name.startsWith('remaining:'));
    const fixed = built.keys.slice(0, firstGroup < 0 ? built.keys.length - 2 : firstGroup);
    expect(fixed.length).toBeGreaterThanOrEqual(2);
    expect(fixed.map(view)).toEqual(sdkKeys.slice(0, fixed.length).map(view));
    // ... ending in the shared payer / system-program tail ...
    expect(built.keys.slice(-2).map((k) => k.name)).toEqual(['payer', 'systemProgram']);
    expect(built.keys.slice(-2).map(view)).toEqual(sdkKeys.slice(-2).map(view));
    // ... and the SDK's decoder names each account as the IDL does
    const decoded = decodeInstruction(sdk).accounts as unknown as Record<string, unknown>;
    for (const k of built.keys.filter((x) => !x.name.startsWith('remaining:'))) {
      expect([k.name, norm(decoded[k.name])]).toEqual([k.name, k.pubkey.toBase58()]);
    }
  });

  it.each(cases)('%s: the whole instruction (accounts with groups, and data)', (_, form) => {
    const sdk = form.sdk({});
    const built = interp.resolveInstruction(form.name, { programId, accounts: form.accounts, args: form.args, resolvers: RESOLVERS });
    expect(built.keys.map(view)).toEqual(sdk.keys.map(view));
    expect(hex(built.data)).toBe(hex(sdk.data));
  });

  it.each(cases)('%s: with appendPermission, the Permission PDA is last and read-only', (_, form) => {
    // Given both sides built with the option
    const sdk = form.sdk({ appendPermission: true });
    const built = interp.resolveInstruction(form.name, {
      programId, accounts: form.accounts, args: { ...form.args, appendPermission: true }, resolvers: RESOLVERS,
    });
    // Then the last account is the payer's Permission PDA from the IDL's pda node, read-only, and everything agrees
    const last = built.keys.at(-1)!;
    expect([last.name, ...view(last)]).toEqual(['permission', getPermissionPda(programId, payer)[0].toBase58(), false, false]);
    expect(built.keys.map(view)).toEqual(sdk.keys.map(view));
    expect(hex(built.data)).toBe(hex(sdk.data));
  });
});

describe('instructions: trailing-field fallbacks documented in the IDL agree with the SDK decoders', () => {
  // docs/wire-format.md#trailing-defaults-in-args: the fields annotated with an explicit incremental default.
  const ANNOTATED: Record<string, string[]> = {
    createDevice: ['publicIp', 'resourceCount'],
    updateDevice: ['maxUnicastUsers', 'maxMulticastSubscribers', 'maxMulticastPublishers', 'multicastSubscribersCount', 'multicastPublishersCount'],
    deleteDevice: ['resourceCount'],
    createLink: ['useOnchainAllocation'],
    updateLink: ['useOnchainAllocation', 'unicastDrained'],
    acceptLink: ['useOnchainAllocation'],
    deleteLink: ['useOnchainDeallocation'],
    createDeviceInterface: ['useOnchainAllocation', 'topologyCount'],
    deleteDeviceInterface: ['useOnchainDeallocation'],
    updateDeviceInterface: ['topologyCount', 'updateTopologies'],
  };
  const FALLBACK = /decodes it as ([^\s(]+?)\.?(\s|$)/;
  const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

  /** The documented fallback in the interpreter's value shape. */
  function fallbackValue(type: Node, token: string): unknown {
    if (token === 'None') return null;
    if (token === 'false') return false;
    if (type.kind === 'numberTypeNode') return ['u64', 'u128'].includes(type.format as string) ? BigInt(token) : Number(token);
    if (type.kind === 'definedTypeLinkNode' && !SDK_ADAPTERS[type.name as string]) return fromJson(type, token);
    return token;
  }

  it('every annotated field documents its fallback', () => {
    for (const [name, fields] of Object.entries(ANNOTATED)) {
      for (const f of fields) {
        const a = interp.instructionArguments(name).find((x) => x.name === f);
        expect([name, f, FALLBACK.test(docsOf(a))]).toEqual([name, f, true]);
      }
    }
  });

  it.each(IX_NAMES)('%s: data cut before a documented field decodes (in the SDK) to the documented fallback', (name) => {
    const documented = interp.instructionArguments(name).filter((a) => FALLBACK.test(docsOf(a)));
    for (const value of fc.sample(interp.arbitraryInstructionArgs(name), { numRuns: 5, seed: 7 })) {
      // Given complete data and the offset of each field
      const bytes = interp.encodeInstruction(name, value);
      const { offsets } = interp.decodeInstruction(name, bytes);
      for (const a of documented) {
        const field = a.name as string;
        // When the data ends right before the field
        const decoded = sdkDecode(name, bytes.slice(0, offsets[field]));
        // Then the SDK decoder reports the field as defaulted, with the documented value
        const expected = fallbackValue(a.type as Node, FALLBACK.exec(docsOf(a))![1]!);
        expect(decoded.defaultedFields).toContain(snake(field));
        expect([field, norm(decoded[field])]).toEqual([field, norm(expected)]);
      }
    }
  });
});

describe('the instruction resolver refuses what the IDL does not allow', () => {
  const programId = FIXTURE_PROGRAM;
  const resolve = (name: string, accounts: Record<string, PublicKey>, args: Record<string, unknown>) => () =>
    interp.resolveInstruction(name, { programId, accounts, args, resolvers: RESOLVERS });

  it('a required account or argument that is missing', () => {
    expect(resolve('setLinkHealth', { payer: pk(1) }, { health: 2 })).toThrow(/account link is required/);
    expect(resolve('setLinkHealth', { payer: pk(1), link: pk(2) }, {})).toThrow(/argument health is required/);
  });

  it('a resolver the caller does not implement', () => {
    expect(() =>
      interp.resolveInstruction('deleteDevice', { programId, accounts: { payer: pk(1), device: pk(2), contributor: pk(3) }, args: { resourceOwners: [] }, resolvers: {} }),
    ).toThrow(/no resolver resourceOwnerCount/);
  });

  it('a remaining-accounts group whose anchor account is absent', () => {
    // Owners given (atomic) but no deviceOwner: the groups have nowhere to go
    expect(resolve('deleteDevice', { payer: pk(1), device: pk(2), contributor: pk(3) }, { resourceOwners: [pk(4)] })).toThrow(/before deviceOwner, which is absent/);
  });

  it('an omitted constant argument ignores the caller value', () => {
    const built = interp.resolveInstruction('acceptLink', {
      programId, accounts: { payer: pk(1), link: pk(2), contributor: pk(3), sideZ: pk(4), sideA: pk(5) },
      args: { sideZIfaceName: 'Ethernet1', useOnchainAllocation: false, discriminator: 1 }, resolvers: RESOLVERS,
    });
    expect(hex(built.data)).toBe('420900000045746865726e65743101');
  });
});
