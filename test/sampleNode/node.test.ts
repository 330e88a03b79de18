/**
 * The sample node (dzprov/sample-node) over real HTTP and WebSocket: web3.js's Connection, the
 * web3.js door's DzClient, the kit door's client with @solana/kit's RpcSubscriptions and a
 * KeyPairSigner, and plain JSON-RPC. The truth is the sample ledger as the CLI builds it
 * (buildSampleNetwork) and the codecs' own bytes; the model itself is judged by the program in
 * the conformance suite (test/conformance/sampleNode.test.ts).
 */
import { Connection, Keypair, PublicKey, Transaction } from '@solana/web3.js';
import { createKeyPairSignerFromPrivateKeyBytes, createSolanaRpcSubscriptions, type Address } from '@solana/kit';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DzClient,
  LinkHealth,
  LinkStatus,
  NotAllowedError,
  ValidationError,
  createAcceptLinkInstruction,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  parseProgramError,
  decodeDevice,
  decodeLink,
  deviceFilter,
  encodeDevice,
  encodeLink,
  pubkeyFilter,
  DEVICE_OFFSETS,
} from '../../src/index.js';
import * as kit from '../../src/kit/index.js';
import { TEXT_KEYS } from '../../src/core/keys.js';
import { buildSampleNetwork } from '../../src/cli/sampleNetwork.js';
import { startSampleNode, type SampleNode } from '../../src/cli/node/index.js';
import WebSocket from 'ws';

const network = buildSampleNetwork(TEXT_KEYS);
let node: SampleNode;
let connection: Connection;
let client: DzClient;

const identity = (name: string) => Keypair.fromSecretKey(node.identities.find((i) => i.name === name)!.secretKey);
const address = (name: string) => network.addresses.get(name)!;

async function rpc(method: string, params: unknown[] = []): Promise<{ result?: any; error?: { code: number; message: string; data?: any } }> {
  const res = await fetch(node.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as never;
}

beforeAll(async () => {
  node = await startSampleNode({ port: 0, slotMs: 50 });
  connection = new Connection(node.url, { commitment: 'confirmed', wsEndpoint: node.wsUrl });
  // Node 20 has no global WebSocket: the client's subscriptions take the ws package's.
  client = new DzClient({ connection, programId: new PublicKey(node.programId), WebSocket, confirm: { pollIntervalMs: 50 } });
});

afterAll(async () => {
  await node?.close();
});

describe('the sample node serves the embedded sample ledger', () => {
  it('on 127.0.0.1, with the program deployed at localnet\'s id and every account of the sample ledger, byte for byte', async () => {
    // Given the node, When its program accounts are listed through web3.js
    expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(node.programId).toBe('7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX');
    const listed = await connection.getProgramAccounts(new PublicKey(node.programId));
    // Then they are the sample ledger's records exactly
    const want = new Map(network.records.map((r) => [r.pubkey, Buffer.from(r.data).toString('hex')]));
    expect(new Map(listed.map((a) => [a.pubkey.toBase58(), a.account.data.toString('hex')]))).toEqual(want);
    // And the program account is executable (the client's program check passes)
    const program = await connection.getAccountInfo(new PublicKey(node.programId));
    expect(program?.executable).toBe(true);
  });

  it('answers filtered listings as a node does: memcmp and dataSize, with the four-filter limit', async () => {
    // Given the devices whose status is drained, by a memcmp on the status byte
    const drained = await connection.getProgramAccounts(new PublicKey(node.programId), {
      filters: [deviceFilter(), { memcmp: { offset: DEVICE_OFFSETS.status, bytes: '6' } }],
    });
    // Then exactly the sample ledger's drained devices come back
    const want = network.values.devices.filter((d) => d.status === DeviceStatus.Drained).map((d) => d.code).sort();
    expect(drained.map((a) => decodeDevice(a.account.data).code).sort()).toEqual(want);
    // And a location filter through the SDK equals filtering the sample values
    const ams = address('location:ams');
    const atAms = await connection.getProgramAccounts(new PublicKey(node.programId), { filters: [deviceFilter(), pubkeyFilter(DEVICE_OFFSETS.locationPk, new PublicKey(ams))] });
    expect(atAms.map((a) => decodeDevice(a.account.data).code).sort()).toEqual(network.values.devices.filter((d) => d.locationPk === ams).map((d) => d.code).sort());
    // And five filters are refused
    const five = await rpc('getProgramAccounts', [node.programId, { encoding: 'base64', filters: Array(5).fill({ dataSize: 1 }) }]);
    expect(five.error?.code).toBe(-32602);
  });

  it('has a clock: slots and block heights advance, blockhashes are valid for 150 blocks', async () => {
    const a = await connection.getEpochInfo();
    await new Promise((r) => setTimeout(r, 200));
    const b = await connection.getEpochInfo();
    expect(b.absoluteSlot).toBeGreaterThan(a.absoluteSlot);
    expect(b.blockHeight).toBe(b.absoluteSlot);
    expect(await connection.getSlot()).toBeGreaterThanOrEqual(b.absoluteSlot);
    const h0 = await connection.getBlockHeight();
    const bh = await connection.getLatestBlockhash();
    const h1 = await connection.getBlockHeight();
    expect(bh.lastValidBlockHeight - 150).toBeGreaterThanOrEqual(h0);
    expect(bh.lastValidBlockHeight - 150).toBeLessThanOrEqual(h1);
    expect((await connection.isBlockhashValid(bh.blockhash)).value).toBe(true);
    expect((await connection.isBlockhashValid('11111111111111111111111111111111')).value).toBe(false);
  });

  it('answers a browser page across origins (CORS)', async () => {
    const pre = await fetch(node.url, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    const res = await fetch(node.url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' }, body: '{"jsonrpc":"2.0","id":7,"method":"getHealth"}' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 7, result: 'ok' });
  });
});

describe('transactions are executed by the model and subscribers are notified', () => {
  it('a contributor drains its device through DzClient: landed, the account is the old one with status and desired status changed, and the subscription sees it', async () => {
    // Given a subscription to the program's devices and fra-dz1 as it is
    const events: { pubkey: string; status: number }[] = [];
    const stop = client.subscribeDevices((e) => events.push({ pubkey: e.pubkey.toBase58(), status: e.account.status }));
    const key = address('device:fra-dz1');
    const before = node.account(key)!.data;
    await new Promise((r) => setTimeout(r, 300));
    // When acme (its contributor) drains it
    const r = await client.drainDevice('fra-dz1', identity('acme'));
    // Then it landed, and the bytes are exactly the old device with the two fields written
    expect(r.outcome).toBe('landed');
    expect(r.after?.status).toBe(DeviceStatus.Drained);
    const want = encodeDevice({ ...decodeDevice(before), status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained });
    expect(Buffer.from(node.account(key)!.data).equals(Buffer.from(want))).toBe(true);
    // And the signature's status is final, without error
    const st = await connection.getSignatureStatus(r.signature!);
    expect(st.value).toMatchObject({ err: null, confirmationStatus: 'finalized' });
    // And the subscription heard of it
    await expect.poll(() => events.find((e) => e.pubkey === key), { timeout: 5000 }).toEqual({ pubkey: key, status: DeviceStatus.Drained });
    await stop();
    // And a second drain is already done: nothing sent
    expect((await client.drainDevice('fra-dz1', identity('acme'))).outcome).toBe('already-done');
  });

  it('refuses what the program refuses, with its error: a stranger setting device health fails NotAllowed (8), nothing changes', async () => {
    // Given the visitor (no role) and a SetDeviceHealth built without checks
    const key = address('device:sin-dz2');
    const before = node.account(key)!.data;
    const ix = createSetDeviceHealthInstruction({ programId: new PublicKey(node.programId), payer: identity('visitor').publicKey, device: new PublicKey(key), args: { health: DeviceHealth.ReadyForLinks } });
    const tx = new Transaction({ feePayer: identity('visitor').publicKey, ...(await connection.getLatestBlockhash()) }).add(ix);
    tx.sign(identity('visitor'));
    // When it is simulated, Then the program's NotAllowed comes back with the logs
    const sim = await connection.simulateTransaction(tx);
    expect(sim.value.err).toEqual({ InstructionError: [0, { Custom: 8 }] });
    // When it is sent with preflight, Then the node refuses it as a node does
    await expect(connection.sendRawTransaction(tx.serialize())).rejects.toThrow(/custom program error: 0x8|Custom":8|0x8/);
    // When it is sent without preflight, Then it lands failed, and the account is unchanged
    const sig = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    expect((await connection.getSignatureStatus(sig)).value?.err).toEqual({ InstructionError: [0, { Custom: 8 }] });
    expect(Buffer.from(node.account(key)!.data).equals(Buffer.from(before))).toBe(true);
    const landed = node.transactions().find((t) => t.signature === sig)!;
    expect(landed.logs.at(-1)).toMatch(/failed: custom program error: 0x8$/);
    // And dzprov's parser types the error as the program's NotAllowed
    expect(parseProgramError({ err: landed.err, logs: landed.logs })).toBeInstanceOf(NotAllowedError);
  });

  it('refuses what it does not model, saying so in the logs, and changes nothing (AcceptLink)', async () => {
    const link = address('link:fra-lax-1');
    const before = node.account(link)!.data;
    const l = decodeLink(before);
    const z = decodeDevice(node.account(l.sideZPk.toBase58())!.data);
    const ix = createAcceptLinkInstruction({ programId: new PublicKey(node.programId), payer: identity('globex').publicKey, link: new PublicKey(link), contributor: new PublicKey(z.contributorPk), sideZ: new PublicKey(l.sideZPk), sideA: new PublicKey(l.sideAPk), args: { sideZIfaceName: 'Ethernet1' } });
    const tx = new Transaction({ feePayer: identity('globex').publicKey, ...(await connection.getLatestBlockhash()) }).add(ix);
    tx.sign(identity('globex'));
    const sim = await connection.simulateTransaction(tx);
    expect(sim.value.err).toEqual({ InstructionError: [0, 'InvalidInstructionData'] });
    expect(sim.value.logs).toContain("Program log: dzprov sample node: AcceptLink is not modelled by the sample node (it needs the program's resource accounts); run it against the oracle node or a ledger");
    expect(Buffer.from(node.account(link)!.data).equals(Buffer.from(before))).toBe(true);
  });

  it('checks signatures and blockhashes: a forged signature or an unknown blockhash never lands', async () => {
    const oracle = identity('health-oracle');
    const link = address('link:ams-chi-1');
    const before = node.account(link)!.data;
    const build = (blockhash: string) => {
      const tx = new Transaction({ feePayer: oracle.publicKey, blockhash, lastValidBlockHeight: 0 }).add(
        createSetLinkHealthInstruction({ programId: new PublicKey(node.programId), payer: oracle.publicKey, link: new PublicKey(link), args: { health: LinkHealth.Impaired } }),
      );
      tx.sign(oracle);
      return tx;
    };
    // Given a transaction whose signature was tampered with
    const good = build((await connection.getLatestBlockhash()).blockhash);
    const forged = good.serialize();
    forged[5] = forged[5]! ^ 0xff;
    // Then preflight refuses it and without preflight it is dropped
    await expect(connection.sendRawTransaction(forged)).rejects.toThrow(/signature verification/i);
    const sig = await connection.sendRawTransaction(forged, { skipPreflight: true });
    expect((await connection.getSignatureStatus(sig)).value).toBeNull();
    // Given a blockhash the node never gave out, Then it is refused or dropped
    const stale = build('11111111111111111111111111111111');
    await expect(connection.sendRawTransaction(stale.serialize())).rejects.toThrow(/Blockhash not found/);
    const sig2 = await connection.sendRawTransaction(stale.serialize(), { skipPreflight: true });
    expect((await connection.getSignatureStatus(sig2)).value).toBeNull();
    expect(Buffer.from(node.account(link)!.data).equals(Buffer.from(before))).toBe(true);
    // And the same signed bytes sent twice are one transaction
    const once = await connection.sendRawTransaction(good.serialize());
    const twice = await connection.sendRawTransaction(good.serialize());
    expect(twice).toBe(once);
    expect(node.transactions().filter((t) => t.signature === once)).toHaveLength(1);
    expect(decodeLink(node.account(link)!.data).linkHealth).toBe(LinkHealth.Impaired);
  });

  it('serves the kit door: a health oracle signs with a kit KeyPairSigner, and kit RpcSubscriptions see the change', async () => {
    // Given the kit client over the node (dzprov's fetch transport) and kit's subscriptions
    const kc = new kit.DzClient({ rpcUrl: node.url, rpcSubscriptions: createSolanaRpcSubscriptions(node.wsUrl), programAddress: node.programId as Address, confirm: { pollIntervalMs: 50 } });
    const seen: { pubkey: string; health: number }[] = [];
    const stop = kc.subscribeLinks((e) => seen.push({ pubkey: e.pubkey, health: e.account.linkHealth }));
    await new Promise((r) => setTimeout(r, 300));
    const signer = await createKeyPairSignerFromPrivateKeyBytes(node.identities.find((i) => i.name === 'health-oracle')!.secretKey.slice(0, 32));
    // When the oracle marks lon-tyo-1 ready for service
    const r = await kc.setLinkHealth('lon-tyo-1', LinkHealth.ReadyForService, signer);
    // Then it landed, the bytes are the old link with the health written, and the subscription saw it
    expect(r.outcome).toBe('landed');
    const key = address('link:lon-tyo-1');
    const want = encodeLink({ ...network.values.links.find((x) => x.code === 'lon-tyo-1')!, linkHealth: LinkHealth.ReadyForService } as never);
    expect(Buffer.from(node.account(key)!.data).equals(Buffer.from(want))).toBe(true);
    await expect.poll(() => seen.find((e) => e.pubkey === key), { timeout: 5000 }).toEqual({ pubkey: key, health: LinkHealth.ReadyForService });
    await stop();
    expect(decodeLink(node.account(key)!.data).status).toBe(LinkStatus.SoftDrained);
  });

  it('sends slot notifications and account notifications (web3.js onSlotChange, onAccountChange)', async () => {
    const slots: number[] = [];
    const id = connection.onSlotChange((s) => slots.push(s.slot));
    await expect.poll(() => slots.length, { timeout: 5000 }).toBeGreaterThan(1);
    await connection.removeSlotChangeListener(id);
    expect(slots[1]).toBeGreaterThan(slots[0]!);
    const key = address('device:chi-dz1');
    const changes: number[] = [];
    const sub = connection.onAccountChange(new PublicKey(key), (a) => changes.push(decodeDevice(a.data).status), 'confirmed');
    await new Promise((r) => setTimeout(r, 300));
    expect((await client.undrainDevice('chi-dz1', identity('acme'))).outcome).toBe('landed');
    await expect.poll(() => changes, { timeout: 5000 }).toEqual([DeviceStatus.Activated]);
    await connection.removeAccountChangeListener(sub);
  });
});

describe('dzprov/sample-node as a package entry', () => {
  it('loads no web3.js and no kit at run time: Node built-ins and ws only', async () => {
    // Given the entry bundled for Node with every package left as an import
    const out = await build({ entryPoints: ['src/cli/node/index.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent' });
    // Then what it imports from outside the repository is Node's and ws
    const external = new Set(Object.values(out.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path)));
    // (relative paths esbuild lists are the repository's own files, named in type positions)
    expect([...external].filter((p) => !p.startsWith('node:') && !p.startsWith('.')).sort()).toEqual(['ws']);
    // And the package exports it as dzprov/sample-node, with ws a dependency (web3.js stays an optional peer)
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, Record<string, string>>; dependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional: boolean }> };
    expect(pkg.exports['./sample-node']).toEqual({ types: './dist/cli/node/index.d.ts', import: './dist/cli/node/index.js', default: './dist/cli/node/index.js' });
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['buffer', 'ws']);
    expect(pkg.peerDependenciesMeta['@solana/web3.js']).toEqual({ optional: true });
  });
});

describe('startSampleNode inputs', () => {
  it('refuses bad options with a typed error before listening', async () => {
    await expect(startSampleNode({ port: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(startSampleNode({ port: 70000 })).rejects.toBeInstanceOf(ValidationError);
    await expect(startSampleNode({ slotMs: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(startSampleNode({ keysDir: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(startSampleNode(null as never)).rejects.toBeInstanceOf(ValidationError);
  });
});

