import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicKey } from '@solana/web3.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountType, DeviceDesiredStatus, DeviceHealth, DeviceStatus, LinkDesiredStatus, LinkHealth, LinkStatus } from '../../src/index.js';
import { getDevicePda, getPermissionPda } from '../../src/index.js';
import { encodeDevice } from '../../src/index.js';
import { encodeLink } from '../../src/index.js';
import { decodeInstruction } from '../../src/index.js';
import { PERMISSION_GOLDEN, PERMISSION_OWNER, PERMISSION_PAYER, fixtureBytes, fixtureJson } from '../helpers/fixtures.js';
import {
  ACME,
  FOUNDATION,
  GLOBEX,
  OPS,
  ORACLE,
  PROGRAM_ID,
  VISITOR,
  applyLikeProgram,
  loadNetwork,
  type TestNetwork,
} from '../helpers/rpcFixtures.js';
import { startRpcServer, type RpcTestServer } from '../helpers/rpcServer.js';
import * as checks from './checks.js';
import { bundlePage, chromiumPath, launchChromium, openPage, servePage } from './page.js';

// dzprov in a real browser: Debian's Chromium, headless, driven with playwright-core (never a
// downloaded browser). The page loads an esbuild bundle of entry.ts built for platform 'browser'
// with no Node polyfills, fetches the golden fixtures from a local HTTP server, and talks to the
// JSON-RPC test server (another 127.0.0.1 port, so through CORS) and its WebSocket. A missing
// Chromium fails the suite: it is never skipped (.ci/run installs it).

const HERE = dirname(fileURLToPath(import.meta.url));

let rpc: RpcTestServer;
let net: TestNetwork;
let web: Server;
let pageUrl: string;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
let bundleInputs: string[] = [];
/** Imports a package's own "browser" field maps to nothing: [importer, import]. */
let bundleDisabled: [string, string][] = [];

/** Node's own run of an offline check, JSON-normalised like the page's. */
const inNode = async (p: checks.Json | Promise<checks.Json>): Promise<unknown> => JSON.parse(JSON.stringify(await p));

const nodeLoader: checks.FixtureLoader = {
  bytes: async (name) => (name === 'permission' ? PERMISSION_GOLDEN : fixtureBytes(name)),
  json: async <T>(name: string) => fixtureJson<T>(name),
};

/** Runs one check in the page and returns its JSON result. */
async function inPage<T = any>(name: string, arg?: unknown): Promise<T> {
  const text = await page.evaluate(`globalThis.dzBrowser.run(${JSON.stringify(name)}, ${JSON.stringify(arg ?? null)})`);
  return JSON.parse(text as string) as T;
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Waits (bounded: 15 s, generous for a loaded machine running the whole suite) until `cond` holds. */
async function waitFor(what: string, cond: () => boolean): Promise<void> {
  for (const end = Date.now() + 15_000; Date.now() < end; ) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Why the page could not be set up: every test then fails with it (none is skipped). */
let setupError: unknown;

async function setUp(): Promise<void> {
  // Given Debian's Chromium (a missing one fails every test, never skips one)
  chromiumPath();
  // And the page bundle, the RPC server with the test network, and the page server
  const b = await bundlePage(join(HERE, 'entry.ts'));
  bundleInputs = b.inputs;
  bundleDisabled = b.disabled;
  const js = b.js;
  rpc = await startRpcServer({ maxLifetimeMs: 600_000 });
  net = loadNetwork(rpc, { devices: 4 });
  rpc.defaultSend = { effect: applyLikeProgram };
  web = await servePage(js, 'dzprov browser suite');
  pageUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;

  // When Chromium opens the page (headless, a fresh profile)
  browser = await launchChromium();
  page = await openPage(browser, pageUrl, pageErrors, consoleErrors);
  await page.waitForFunction('globalThis.dzBrowser && globalThis.dzBrowser.ready === true');
  await inPage('connect', {
    rpcUrl: rpc.url,
    wsUrl: rpc.wsUrl,
    programId: PROGRAM_ID.toBase58(),
    keys: {
      acme: ACME.publicKey.toBase58(),
      globex: GLOBEX.publicKey.toBase58(),
      foundation: FOUNDATION.publicKey.toBase58(),
      oracle: ORACLE.publicKey.toBase58(),
      ops: OPS.publicKey.toBase58(),
      visitor: VISITOR.publicKey.toBase58(),
    },
    acmeSeed: hexOf(ACME.secretKey.slice(0, 32)),
    acmePk: net.acmePk.toBase58(),
    globexPk: net.globexPk.toBase58(),
    devices: net.devices.map((d) => d.pk.toBase58()),
    links: net.links.map((l) => l.pk.toBase58()),
    missingDevice: getDevicePda(PROGRAM_ID, 999)[0].toBase58(),
  } satisfies checks.NetworkConfig);
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (e) {
    setupError = e;
  }
}, 120_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await rpc?.close();
  await new Promise<void>((r) => (web ? web.close(() => r()) : r()));
});

describe('dzprov in headless Chromium (Debian chromium, playwright-core)', () => {
  it('runs in a real headless Chromium page, bundled for the browser without Node globals or modules', async () => {
    // When the page reports its environment
    const env = await inPage('environment');
    // Then it is Chromium, headless, with fetch and WebSocket and no Node global at all
    expect(env.userAgent).toMatch(/HeadlessChrome\/\d+/);
    expect(env).toMatchObject({ typeofBuffer: 'undefined', typeofProcess: 'undefined', typeofRequire: 'undefined', typeofGlobal: 'undefined' });
    expect(env).toMatchObject({ typeofWebSocket: 'function', typeofFetch: 'function' });
    // And the bundle holds dzprov's sources and web3.js, and no Node built-in
    expect(bundleInputs.some((p) => p.startsWith('src/core/client/'))).toBe(true);
    expect(bundleInputs.some((p) => p.includes('node_modules/@solana/web3.js/lib/index.browser.esm.js'))).toBe(true);
    expect(bundleInputs.filter((p) => p.startsWith('node:'))).toEqual([]);
    // (bn.js's optional `require('buffer')`, which its own package.json maps to nothing in browsers, is the only stub)
    expect(bundleDisabled).toEqual([['node_modules/bn.js/lib/bn.js', 'buffer']]);
  });

  it('decodes every golden fixture: every JSON field, decodeAccount, the owner check, a cut account', async () => {
    // When the page fetches and decodes each fixture
    const got = await inPage<any[]>('decodeFixtures');
    // Then all eight account types came back (the seven fixture files and the Permission vector)
    expect(got.map((f) => f.name)).toEqual(checks.CODECS.map((c) => c.name));
    const counts: Record<string, number> = { contributor: 8, device: 95, exchange: 14, global_config: 10, global_state: 16, link: 21, location: 12, permission: 0 };
    for (const f of got) {
      const c = checks.CODECS.find((x) => x.name === f.name)!;
      // every field the program's fixture JSON lists has the program's value
      expect([f.name, f.jsonFields]).toEqual([f.name, c.json ? fixtureJson<{ fields: unknown[] }>(f.name).fields.length : 0]);
      expect(f.fields.filter((x: { expected: string; actual: string }) => x.expected !== x.actual)).toEqual([]);
      expect([f.name, f.accountType, f.decodeAccount]).toEqual([f.name, c.accountType, { accountType: c.accountType, same: true }]);
      expect([f.name, f.ownerChecked, f.wrongOwner.name, f.wrongOwner.wrongOwnerError]).toEqual([f.name, true, 'WrongOwnerError', true]);
      // two bytes are a cut inside the first multi-byte field (offset 1, or 2 after GlobalState's bump seed)
      expect([f.name, f.cut.name, f.cut.decodeError, [1, 2].includes(f.cut.offset)]).toEqual([f.name, 'DecodeError', true, true]);
      if (counts[f.name]) expect([f.name, f.fields.length]).toEqual([f.name, counts[f.name]]);
    }
    // And the Permission vector (no JSON) reads as it was assembled
    const perm = got.find((f) => f.name === 'permission')!.decoded;
    expect(perm).toEqual({
      accountType: AccountType.Permission,
      owner: new PublicKey(PERMISSION_OWNER).toBase58(),
      bumpSeed: 253,
      status: 1,
      userPayer: new PublicKey(PERMISSION_PAYER).toBase58(),
      permissions: `${0x808n | (1n << 127n)}n`,
    });
    // And every decoded value is the one Node decodes from the same bytes
    expect(got).toEqual(await inNode(checks.decodeFixtures(nodeLoader)));
  });

  it('encodes round trips byte for byte: fixtures, plain copies, unknown tails, encodeAccount, built values', async () => {
    // When
    const got = await inPage('roundTrips');
    // Then each fixture re-encodes to its own file bytes, also from a copy and through encodeAccount
    expect(got.fixtures).toHaveLength(checks.CODECS.length);
    for (const f of got.fixtures) {
      const file = hexOf(f.name === 'permission' ? PERMISSION_GOLDEN : fixtureBytes(f.name));
      expect([f.name, f.input, f.encoded, f.encodedCopy, f.encodeAccount]).toEqual([f.name, file, file, file, file]);
      // bytes after the last field are kept by the value, dropped by a plain copy
      expect([f.name, f.encodedWithTail, f.encodedCopyOfTail]).toEqual([f.name, `${file}070809`, file]);
    }
    // And hand-built values decode back to themselves and re-encode to the same bytes
    for (const b of [got.built.device, got.built.link]) {
      expect(b.back).toEqual(b.value);
      expect(b.again).toBe(b.bytes);
    }
    expect(got.built.device.back.status).toBe(DeviceStatus.Drained);
    expect(got.built.link.back.linkTopologies).toHaveLength(1);
    expect(got.built.link.back.bandwidth).toBe(`${2n ** 63n}n`);
    // And the bytes are the ones Node encodes
    expect(got).toEqual(await inNode(checks.roundTrips(nodeLoader)));
  });

  it('builds with every checked builder (and both planners), and refuses illegal requests with typed errors', async () => {
    // When
    const got = await inPage('checkedBuilders');
    const ix = got.instructions;
    // Then every checked builder ran
    expect(Object.keys(ix).sort()).toEqual([...checks.CHECKED_BUILDERS].sort());
    // And each instruction says what was asked (read back with decodeInstruction in the page)
    expect(ix.drainDevice.ix.data).toBe('17' + '00'.repeat(9) + '0105' + '0106' + '00'.repeat(8) + '00'.repeat(7));
    const args = (name: string) => ix[name].decoded.args;
    const names = Object.fromEntries(Object.entries(ix).filter(([k]) => !k.startsWith('plan')).map(([k, v]: [string, any]) => [k, v.decoded.name]));
    expect(names).toEqual({
      drainDevice: 'UpdateDevice',
      undrainDevice: 'UpdateDevice',
      promoteDevice: 'UpdateDevice',
      changeDeviceStatus: 'UpdateDevice',
      changeLinkStatus: 'UpdateLink',
      setDeviceDesiredStatus: 'UpdateDevice',
      setDeviceHealth: 'SetDeviceHealth',
      deleteDevice: 'DeleteDevice',
      softDrainLink: 'UpdateLink',
      hardDrainLink: 'UpdateLink',
      activateLink: 'UpdateLink',
      acceptLink: 'AcceptLink',
      setLinkDesiredStatus: 'UpdateLink',
      setLinkHealth: 'SetLinkHealth',
      deleteLink: 'DeleteLink',
    });
    expect([args('drainDevice').status, args('drainDevice').desiredStatus]).toEqual([DeviceStatus.Drained, DeviceDesiredStatus.Drained]);
    expect([args('undrainDevice').status, args('undrainDevice').desiredStatus]).toEqual([DeviceStatus.Activated, DeviceDesiredStatus.Activated]);
    expect([args('promoteDevice').status, args('promoteDevice').desiredStatus]).toEqual([DeviceStatus.LinkProvisioning, null]);
    expect([args('changeDeviceStatus').status, args('changeDeviceStatus').desiredStatus]).toEqual([DeviceStatus.DeviceProvisioning, null]);
    expect([args('setDeviceDesiredStatus').status, args('setDeviceDesiredStatus').desiredStatus]).toEqual([null, DeviceDesiredStatus.Drained]);
    expect(args('setDeviceHealth').health).toBe(DeviceHealth.ReadyForLinks);
    expect(args('deleteDevice').resourceCount).toBe(2);
    expect([args('softDrainLink').status, args('softDrainLink').desiredStatus]).toEqual([LinkStatus.SoftDrained, LinkDesiredStatus.SoftDrained]);
    expect([args('hardDrainLink').status, args('hardDrainLink').desiredStatus]).toEqual([LinkStatus.HardDrained, LinkDesiredStatus.HardDrained]);
    expect(ix.hardDrainLink.ix.accounts.slice(0, 3).map((a: { pubkey: string }) => a.pubkey)).toEqual([31, 32, 22].map((b) => checksPk(b)));
    expect([args('activateLink').status, args('activateLink').desiredStatus]).toEqual([LinkStatus.Activated, LinkDesiredStatus.Activated]);
    expect([args('changeLinkStatus').status, args('changeLinkStatus').desiredStatus]).toEqual([LinkStatus.Provisioning, null]);
    expect(args('acceptLink').sideZIfaceName).toBe('Ethernet1');
    expect(args('setLinkDesiredStatus').desiredStatus).toBe(LinkDesiredStatus.HardDrained);
    expect(args('setLinkHealth').health).toBe(LinkHealth.Impaired);
    expect(ix.deleteLink.decoded.accounts.topologies).toEqual([checksPk(50)]);
    expect(ix.planDeviceMaintenance.ready).toBe(true);
    expect(ix.planDeviceMaintenance.steps.map((s: any) => [s.kind, s.decoded.name])).toEqual([
      ['soft-drain-link', 'UpdateLink'],
      ['soft-drain-link', 'UpdateLink'],
      ['drain-device', 'UpdateDevice'],
    ]);
    expect(ix.planDeviceReturn.steps.map((s: any) => [s.kind, s.blocked])).toEqual([
      ['undrain-device', false],
      ['activate-link', false],
      ['activate-link', true],
    ]);
    // And the refusals are the typed errors (instanceof in the page), nothing built
    const r = got.refusals;
    expect(r.drainProvisioningDevice).toMatchObject({ name: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', illegalTransition: true, from: 'device-provisioning', to: 'drained', roles: ['networkAdmin'] });
    expect(r.drainAsHealthOracle).toMatchObject({ illegalTransition: true, roles: ['healthOracle'] });
    expect(r.promoteIdle).toMatchObject({ illegalTransition: true });
    expect(r.promoteIdle.message).toMatch(/nothing is due/);
    expect(r.deleteLiveLink).toMatchObject({ illegalTransition: true });
    expect(r.setDeviceHealthAsContributor).toMatchObject({ illegalTransition: true, to: 'impaired' });
    expect(r.hardDrainSideZWithoutContributor).toMatchObject({ name: 'ValidationError', validationError: true, field: 'side_z_contributor_pk', dzprovError: true });
    expect(r.acceptOnActivatedInterface).toMatchObject({ instructionArgumentError: true, programError: { name: 'InvalidStatus', code: 7 } });
    expect(r.acceptOnMissingInterface).toMatchObject({ instructionArgumentError: true, validationError: true, programError: { name: 'InvalidInterfaceName' } });
    // And everything equals what Node builds from the same inputs
    expect(got).toEqual(await inNode(checks.checkedBuilders()));
  });

  it('decodeInstruction reads the golden instruction fixtures, and the builders rebuild them byte for byte', async () => {
    // When
    const got = await inPage('decodeInstructions');
    const inputs = fixtureJson<{ fixture: string; args: Record<string, unknown> }[]>('ix_inputs');
    // Then the golden CreateDevice and CreateLink decode to the generator's inputs
    const [dev, link] = got.fixtures;
    expect([dev.name, dev.decoded.name, dev.decoded.tag]).toEqual(['ix_create_device', 'CreateDevice', 20]);
    const devIn = inputs.find((i) => i.fixture === 'ix_create_device')!.args;
    expect(dev.decoded.args).toMatchObject({ code: devIn.code, publicIp: devIn.public_ip, dzPrefixes: devIn.dz_prefixes, mgmtVrf: devIn.mgmt_vrf, metricsPublisherPk: devIn.metrics_publisher_pk, resourceCount: 2 });
    expect([link.name, link.decoded.name, link.decoded.tag]).toEqual(['ix_create_link', 'CreateLink', 28]);
    const linkIn = inputs.find((i) => i.fixture === 'ix_create_link')!.args;
    expect(link.decoded.args).toMatchObject({
      code: linkIn.code,
      bandwidth: `${linkIn.bandwidth}n`,
      mtu: linkIn.mtu,
      delayNs: `${linkIn.delay_ns}n`,
      jitterNs: `${linkIn.jitter_ns}n`,
      sideAIfaceName: linkIn.side_a_iface_name,
      sideZIfaceName: linkIn.side_z_iface_name,
      useOnchainAllocation: true,
    });
    // And the accounts are named in the fixture's order
    const fxDev = fixtureJson<{ accounts: { pubkey: string }[] }>('ix_create_device');
    expect(dev.decoded.accounts.device).toBe(fxDev.accounts[0]!.pubkey);
    expect(dev.decoded.accounts.payer).toBe(fxDev.accounts.at(-2)!.pubkey);
    // And the builders, run in the page on ix_inputs.json, give the fixture bytes and accounts
    for (const name of ['ix_create_device', 'ix_create_link']) {
      const fx = fixtureJson<{ program_id: string; data_hex: string; accounts: unknown[] }>(name);
      expect(got.rebuilt[name].ix).toEqual({ programId: fx.program_id, data: fx.data_hex, accounts: fx.accounts });
      expect(got.rebuilt[name].ix.data).toBe(hexOf(fixtureBytes(name)));
      expect(got.rebuilt[name].decoded).toEqual(got.fixtures.find((f: { name: string }) => f.name === name).decoded);
    }
    // And its refusals are InstructionDecodeErrors with the right reason
    const reasons = Object.fromEntries(Object.entries(got.refusals).map(([k, v]: [string, any]) => [k, [v.instructionDecodeError, v.reason]]));
    expect(reasons).toEqual({
      deprecated: [true, 'deprecated'],
      unsupported: [true, 'unsupported'],
      unknownTag: [true, 'unknown-tag'],
      empty: [true, 'empty-data'],
      wrongProgram: [true, 'wrong-program'],
      missingAccounts: [true, 'accounts'],
    });
    expect(got.refusals.deprecated.instruction).toBe('SuspendDevice');
    expect(got.refusals.unsupported.instruction).toBe('CreateUser');
    // And Node agrees
    expect(got).toEqual(await inNode(checks.decodeInstructions(nodeLoader)));
  });

  it('DzClient lists devices, links, contributors and permissions over HTTP with the memcmp filters (CORS, from the page origin)', async () => {
    // Given
    rpc.resetRecords();
    // When
    const got = await inPage('listing');
    // Then the listed accounts are exactly the network's, decoded
    expect(got.devices).toEqual(net.devices.map((d) => checks.toJson({ pubkey: d.pk, account: d.device })));
    expect(got.links).toEqual(net.links.map((l) => checks.toJson({ pubkey: l.pk, account: l.link })));
    expect(got.acmeDevices).toEqual(['dev-0', 'dev-2']);
    expect(got.drainedDevices).toEqual([]);
    expect(got.activatedDevices).toEqual(['dev-0', 'dev-1', 'dev-2', 'dev-3']);
    expect(got.linksFromMid).toEqual(['link-2']);
    expect(got.linksToMid).toEqual(['link-1']);
    expect(got.globexLinks).toEqual(['link-1']);
    expect(got.contributors).toEqual(['acme', 'globex']);
    expect(got.permissions).toEqual([{ userPayer: OPS.publicKey.toBase58(), permissions: '2056n' }]);
    // And each listing was one filtered getProgramAccounts sent by the page (its Origin, after a CORS preflight)
    const calls = rpc.calls('getProgramAccounts');
    expect(calls).toHaveLength(10);
    expect(calls.every((c) => c.transport === 'http' && c.origin === pageUrl)).toBe(true);
    expect((calls[0]!.params as [string, { filters: unknown[] }])[1].filters).toEqual([{ memcmp: { offset: 0, bytes: '6', encoding: 'base58' } }]);
    expect((calls[2]!.params as [string, { filters: unknown[] }])[1].filters).toEqual([
      { memcmp: { offset: 0, bytes: '6', encoding: 'base58' } },
      { memcmp: { offset: 119, bytes: Buffer.from([DeviceStatus.Drained]).toString('base64'), encoding: 'base64' } },
    ]);
    expect((calls[5]!.params as [string, { filters: unknown[] }])[1].filters).toEqual([
      { memcmp: { offset: 0, bytes: '7', encoding: 'base58' } },
      { memcmp: { offset: 50, bytes: net.devices[2]!.pk.toBase58(), encoding: 'base58' } },
    ]);
    // (the browser preflighted its JSON POSTs: the RPC server is another origin)
    expect(rpc.preflights).toBeGreaterThan(0);
  });

  it('DzClient fetches single and batched accounts, finds by code, and throws the typed not-found error', async () => {
    // Given
    rpc.resetRecords();
    // When
    const got = await inPage('fetching');
    // Then
    expect(got.device).toEqual(checks.toJson(net.devices[0]!.device));
    expect(got.link).toEqual(checks.toJson(net.links[0]!.link));
    expect(got.globalState).toEqual(checks.toJson(net.globalState));
    expect(got.acme.code).toBe('acme');
    expect(got.acme.owner).toBe(ACME.publicKey.toBase58());
    expect(got.opsPermission.permissions).toBe('2056n');
    expect(got.visitorPermission).toBeNull();
    expect(got.maybeMissing).toBeNull();
    expect(got.missing).toMatchObject({ name: 'AccountNotFoundError', accountNotFound: true, address: getDevicePda(PROGRAM_ID, 999)[0].toBase58() });
    expect(got.wrongType).toMatchObject({ name: 'DecodeError', decodeError: true });
    expect(got.multiple).toEqual(['dev-0', 'dev-1', 'dev-2', 'dev-3', null]);
    expect(got.byCode).toBe(net.devices[2]!.pk.toBase58());
    expect(got.resolvedLink).toEqual({ pubkey: net.links[1]!.pk.toBase58(), code: 'link-1' });
    // And the batch was one getMultipleAccounts from the page
    expect(rpc.calls('getMultipleAccounts').some((c) => (c.params as [string[]])[0].length === 5 && c.origin === pageUrl)).toBe(true);
  });

  it('DzClient resolves roles from chain data (contributor, side Z, allowlist, oracle key, Permission account)', async () => {
    // When
    const got = await inPage('roles');
    // Then towards acme's dev-0
    const roles = Object.fromEntries(Object.entries(got.deviceRoles).map(([k, v]: [string, any]) => [k, v.roles]));
    expect(roles).toEqual({
      acme: ['contributor'],
      globex: [],
      foundation: ['networkAdmin'],
      oracle: ['healthOracle'],
      ops: ['networkAdmin', 'healthOracle'],
      visitor: [],
    });
    expect(got.deviceRoles.ops).toMatchObject({ strict: false, hasPermissionAccount: true, permissionPda: getPermissionPda(PROGRAM_ID, OPS.publicKey)[0].toBase58(), contributor: 'acme' });
    expect(got.deviceRoles.foundation.hasPermissionAccount).toBe(false);
    // And towards link-0 (acme's, side Z on globex's dev-1)
    expect(got.linkRoles.acme).toEqual({ roles: ['contributor'], sideZDevice: 'dev-1', sideZContributor: 'globex' });
    expect(got.linkRoles.globex).toEqual({ roles: ['sideZContributor'], sideZDevice: 'dev-1', sideZContributor: 'globex' });
    expect(got.linkRoles.visitor.roles).toEqual([]);
  });

  it('DzClient simulates a prepared drain; a simulated program error comes back as its typed error', async () => {
    // Given
    rpc.resetRecords();
    // When
    const ok = await inPage('simulateDrain');
    // Then the prepared drain is [SetComputeUnitLimit, RequestHeapFrame, UpdateDevice(Drained, Drained)] and simulated once, unsigned
    expect(ok.intent).toBe('drainDevice');
    expect(ok.roles).toEqual(['contributor']);
    expect(ok.description).toBe(`drain device dev-0 (${net.devices[0]!.pk.toBase58()}): activated → drained`);
    expect(ok.instructions.map((i: any) => i.name ?? i.data)).toEqual(['02c05c1500', '0100000400', 'UpdateDevice']);
    expect(ok.instructions[2].args).toMatchObject({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained });
    expect(ok.simulation).toEqual({ logs: [`Program ${PROGRAM_ID.toBase58()} invoke [1]`, `Program ${PROGRAM_ID.toBase58()} success`], unitsConsumed: 1234 });
    const [sim] = rpc.calls('simulateTransaction');
    expect(sim!.origin).toBe(pageUrl);
    expect((sim!.params as [string, object])[1]).toMatchObject({ sigVerify: false, replaceRecentBlockhash: true });
    expect(rpc.calls('sendTransaction')).toHaveLength(0);

    // Given the node's simulation fails in instruction 2 with NotAllowed (Custom 8)
    const logs = [`Program ${PROGRAM_ID.toBase58()} invoke [1]`, 'Program log: Error: NotAllowed', `Program ${PROGRAM_ID.toBase58()} failed: custom program error: 0x8`];
    const saved = rpc.simulate;
    rpc.simulate = () => ({ err: { InstructionError: [2, { Custom: 8 }] }, logs });
    try {
      // When
      const refused = await inPage('simulateDrain');
      // Then the page got NotAllowedError with the code, the instruction and the logs
      expect(refused.error).toMatchObject({ name: 'NotAllowedError', code: 'DZ_NOT_ALLOWED', notAllowed: true, dzprovError: true, customCode: 8, instructionIndex: 2, logs });
    } finally {
      rpc.simulate = saved;
    }
  });

  it('DzClient subscribes over WebSocket: a pushed device change arrives decoded, a broken account goes to onError, unsubscribe releases it', async () => {
    // Given the page subscribed to acme's devices
    rpc.resetRecords();
    await inPage('subscribeStart');
    await waitFor('programSubscribe', () => rpc.subscriptionIds.length === 1);
    const [sub] = rpc.calls('programSubscribe');
    expect(sub!.transport).toBe('ws');
    expect(sub!.origin).toBe(pageUrl);
    expect(sub!.params).toEqual([PROGRAM_ID.toBase58(), expect.objectContaining({ encoding: 'base64', filters: [{ memcmp: { offset: 0, bytes: '6', encoding: 'base58' } }] })]);

    // When a globex device changes, a broken device account appears, then acme's dev-2 is drained
    const { pk, device } = net.devices[2]!;
    rpc.setAccount(net.devices[1]!.pk, { owner: PROGRAM_ID, data: encodeDevice({ ...net.devices[1]!.device, maxUsers: 1 }) });
    const broken = new PublicKey(new Uint8Array(32).fill(9));
    rpc.setAccount(broken, { owner: PROGRAM_ID, data: Uint8Array.of(AccountType.Device, 0, 1) });
    rpc.setAccount(net.links[0]!.pk, { owner: PROGRAM_ID, data: encodeLink({ ...net.links[0]!.link, mtu: 1500 }) });
    rpc.setAccount(pk, { owner: PROGRAM_ID, data: encodeDevice({ ...device, status: DeviceStatus.Drained }) });
    const got = await inPage('subscribeWait', { events: 1, errors: 1, ms: 15_000 });

    // Then exactly acme's change arrived, decoded, and the broken account went to onError as a DecodeError
    expect(got.events).toEqual([{ pubkey: pk.toBase58(), slot: rpc.slot, account: checks.toJson({ ...device, status: DeviceStatus.Drained }) }]);
    expect(got.errors).toHaveLength(1);
    expect(got.errors[0]).toMatchObject({ pubkey: broken.toBase58(), error: { name: 'DecodeError', decodeError: true } });

    // When unsubscribing
    await inPage('subscribeStop');
    await waitFor('programUnsubscribe', () => rpc.calls('programUnsubscribe').length === 1);
    // Then the server released the subscription
    expect(rpc.subscriptionIds).toEqual([]);
    rpc.setAccount(pk, { owner: PROGRAM_ID, data: encodeDevice(device) });
    rpc.deleteAccount(broken);
  });

  it('DzClient signs in the page, sends, confirms and re-reads a drain (beyond simulate)', async () => {
    // Given
    rpc.resetRecords();
    // When acme drains dev-2 from the page
    const got = await inPage('sendDrain', 'dev-2');
    // Then one transaction, signed by acme with a valid ed25519 signature, landed and was re-read
    expect(rpc.sent).toHaveLength(1);
    const [tx] = rpc.sent;
    expect(tx!.signaturesValid).toBe(true);
    expect(got).toMatchObject({ signer: ACME.publicKey.toBase58(), signature: tx!.signature, before: DeviceStatus.Activated, after: DeviceStatus.Drained, afterDesired: DeviceDesiredStatus.Drained });
    expect(tx!.legacy!.instructions.map((i) => (i.programId.equals(PROGRAM_ID) ? decodeInstruction(i).name : 'ComputeBudget'))).toEqual(['ComputeBudget', 'ComputeBudget', 'UpdateDevice']);
    expect(rpc.calls('sendTransaction')[0]!.origin).toBe(pageUrl);
  });

  it('the page logged no error', () => {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

/** pk(b) of test/helpers/accounts.ts, in base58. */
function checksPk(b: number): string {
  const a = new Uint8Array(32);
  a[0] = b;
  return new PublicKey(a).toBase58();
}
