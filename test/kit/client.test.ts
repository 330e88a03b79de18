/**
 * The kit door's client (dzprov/kit DzClient) over kit's own transport — `createSolanaRpc` and
 * `createSolanaRpcSubscriptions` — against the local JSON-RPC test server, signing with a kit
 * KeyPairSigner: the same reads, intents, batch health and subscriptions as the web3.js door,
 * with Addresses in and out. And over dzprov's own fetch transport (`rpcUrl`, no kit at all).
 */
import { createKeyPairSignerFromBytes, createSolanaRpc, createSolanaRpcSubscriptions, type Address, type KeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import * as kit from '../../src/kit/index.js';
import * as web3Door from '../../src/index.js';
import { AccountType, DeviceDesiredStatus, DeviceStatus, LinkHealth, LinkStatus, MalformedRpcResponseError, ValidationError } from '../../src/index.js';
import { ACME, ORACLE, PROGRAM_ID, applyLikeProgram, loadNetwork, noSleep, serverPerTest, waitFor, type TestNetwork } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let net: TestNetwork;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 4 });
  server.defaultSend = { effect: applyLikeProgram };
});

const PROGRAM = PROGRAM_ID.toBase58() as Address;

function kitClient(): kit.DzClient {
  return new kit.DzClient({
    rpc: createSolanaRpc(server.url),
    rpcSubscriptions: createSolanaRpcSubscriptions(server.wsUrl),
    programAddress: PROGRAM,
    retry: { sleep: noSleep, timeoutMs: 2000 },
    confirm: { pollIntervalMs: 0 },
  });
}

/** A kit KeyPairSigner with the same key as a web3.js Keypair of the fixtures. */
function signerOf(k: { secretKey: Uint8Array }): Promise<KeyPairSigner> {
  return createKeyPairSignerFromBytes(k.secretKey);
}

describe('dzprov/kit DzClient over kit Rpc and RpcSubscriptions', () => {
  it('lists, fetches and resolves with Address strings equal to the web3.js door', async () => {
    // Given the network of the fixtures
    const client = kitClient();
    // When devices and links are listed through both doors
    const [kd, kl] = [await client.listDevices(), await client.listLinks()];
    const web3 = new web3Door.DzClient({ rpcUrl: server.url, programId: PROGRAM_ID, retry: { sleep: noSleep } });
    const [wd, wl] = [await web3.listDevices(), await web3.listLinks()];
    // Then the same accounts come back, addresses as strings
    expect(kd.map((e) => e.pubkey)).toEqual(wd.map((e) => e.pubkey.toBase58()));
    expect(kl.map((e) => e.pubkey)).toEqual(wl.map((e) => e.pubkey.toBase58()));
    for (const e of kd) {
      expect(typeof e.pubkey).toBe('string');
      expect(typeof e.account.contributorPk).toBe('string');
      expect(web3Door.encodeDevice(e.account)).toEqual(web3Door.encodeDevice(wd.find((w) => w.pubkey.toBase58() === e.pubkey)!.account));
    }
    expect(kd.slot).toBe(wd.slot);
    const one = await client.fetchDevice(net.devices[2]!.pk.toBase58() as Address);
    expect(one.code).toBe('dev-2');
    expect((await client.resolveDevice('dev-2')).pubkey).toBe(net.devices[2]!.pk.toBase58());
    // and the node was asked through kit's transport (no web3.js Connection involved)
    expect(server.calls('getProgramAccounts').length).toBeGreaterThanOrEqual(4);
  });

  it('drains a device: kit Instructions out, signed by a KeyPairSigner, landed and re-read', async () => {
    const client = kitClient();
    const signer = await signerOf(ACME);
    // When acme drains dev-0
    const prepared = await client.prepareDrainDevice('dev-0', signer.address);
    // Then the prepared instructions are kit Instructions (addresses, roles, data)
    const ix = prepared.instructions[2]!;
    expect(ix.programAddress).toBe(PROGRAM);
    expect(ix.accounts.at(-2)).toEqual({ address: signer.address, role: 3 });
    expect(kit.decodeInstruction(ix).name).toBe('UpdateDevice');
    const res = await client.send(prepared, signer);
    expect(res.outcome).toBe('landed');
    expect(res.after?.status).toBe(DeviceStatus.Drained);
    expect(res.after?.desiredStatus).toBe(DeviceDesiredStatus.Drained);
    // and the node received one transaction, signed by acme, valid
    const [tx] = server.sent;
    expect(tx!.signaturesValid).toBe(true);
    expect(tx!.legacy!.feePayer!.toBase58()).toBe(signer.address);
    expect(res.signature).toBe(tx!.signature);
    // and re-running it is "already done", nothing sent
    const again = await client.drainDevice('dev-0', signer);
    expect(again.outcome).toBe('already-done');
    expect(server.sent).toHaveLength(1);
  });

  it('the kit and web3.js doors send byte-identical messages for the same intent', async () => {
    const kc = kitClient();
    const wc = new web3Door.DzClient({ rpcUrl: server.url, programId: PROGRAM_ID, retry: { sleep: noSleep } });
    const kp = await kc.prepareSoftDrainLink('link-0', ACME.publicKey.toBase58() as Address);
    const wp = await wc.prepareSoftDrainLink('link-0', ACME.publicKey);
    const coreOf = (ixs: { data: Uint8Array }[]) => ixs.map((i) => [...i.data]);
    expect(coreOf(kp.instructions)).toEqual(coreOf(wp.instructions));
    expect(kp.instructions.map((i) => i.accounts.map((a) => [a.address, a.role]))).toEqual(
      wp.instructions.map((i) => i.keys.map((k) => [k.pubkey.toBase58(), (k.isSigner ? 2 : 0) | (k.isWritable ? 1 : 0)])),
    );
  });

  it('batch health through the kit door: one outcome per target, Addresses in the outcomes', async () => {
    const client = kitClient();
    const signer = await signerOf(ORACLE);
    const outcomes = await client.setHealthMany(
      net.links.map((l) => ({ kind: 'link' as const, target: l.pk.toBase58(), health: LinkHealth.Impaired })),
      signer,
    );
    expect(outcomes.map((o) => o.status)).toEqual(net.links.map(() => 'updated'));
    expect(outcomes.map((o) => o.pubkey)).toEqual(net.links.map((l) => l.pk.toBase58()));
    for (const l of net.links) expect(web3Door.decodeLink(server.getAccount(l.pk)!.data).linkHealth).toBe(LinkHealth.Impaired);
  });

  it('delivers subscription changes through kit RpcSubscriptions, decoded with Addresses', async () => {
    const client = kitClient();
    const events: kit.DeviceEvent[] = [];
    const states: string[] = [];
    const stop = client.subscribeDevices((e) => events.push(e), { onStateChange: (s) => states.push(s) });
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);
    const { pk, device } = net.devices[1]!;
    server.setAccount(pk, { owner: PROGRAM_ID, data: web3Door.encodeDevice({ ...device, status: DeviceStatus.Drained }) });
    await waitFor('the device event', () => events.length >= 1);
    expect(events[0]!.pubkey).toBe(pk.toBase58());
    expect(events[0]!.account.status).toBe(DeviceStatus.Drained);
    expect(states).toEqual(['subscribed']);
    expect(server.calls('programSubscribe')[0]!.params).toEqual([
      PROGRAM,
      expect.objectContaining({ encoding: 'base64', filters: [{ memcmp: { offset: 0, bytes: '6', encoding: 'base58' } }] }),
    ]);
    await stop();
  });
});

describe('dzprov/kit DzClient over dzprov\'s own fetch transport (rpcUrl: no kit, no web3.js)', () => {
  it('reads and sends with a plain URL', async () => {
    const client = new kit.DzClient({ rpcUrl: server.url, programAddress: PROGRAM, retry: { sleep: noSleep }, confirm: { pollIntervalMs: 0 } });
    expect((await client.listDevices({ status: DeviceStatus.Activated })).length).toBe(4);
    const res = await client.softDrainLink('link-1', await signerOf(ACME));
    expect(res.outcome).toBe('landed');
    expect(res.after?.status).toBe(LinkStatus.SoftDrained);
  });
});

describe('dzprov/kit bad input: typed errors naming the argument', () => {
  it('a string that is not an address', async () => {
    const client = kitClient();
    await expect(client.fetchDevice('not-an-address' as Address)).rejects.toThrow(/invalid pk: must be an address/);
    await expect(client.fetchDevice('not-an-address' as Address)).rejects.toThrow(ValidationError);
    expect(() => kit.getDevicePda('nope' as Address, 1)).toThrow(ValidationError);
    expect(() => new kit.DzClient({ rpcUrl: server.url, programAddress: 'xyz' as Address })).toThrow(/programAddress/);
  });

  it('a signer whose address differs from the payer', async () => {
    const client = kitClient();
    const prepared = await client.prepareDrainDevice('dev-0', ACME.publicKey.toBase58() as Address);
    const other = await signerOf(ORACLE);
    const err = await client.send(prepared, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('signer');
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('a sending signer is refused (dzprov broadcasts and confirms itself), nothing sent', async () => {
    const client = kitClient();
    const sending = { address: ACME.publicKey.toBase58() as Address, signAndSendTransactions: async () => [] };
    await expect(client.drainDevice('dev-0', sending as never)).rejects.toThrow(/sending signer/);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('an Rpc that answers in another encoding is a MalformedRpcResponseError naming the method', async () => {
    // Given a node that answers getMultipleAccounts with base58 data
    server.rewriteAnswer = (method, answer) => {
      if (method !== 'getMultipleAccounts') return undefined;
      const a = JSON.parse(JSON.stringify(answer)) as { result: { value: ({ data: [string, string] } | null)[] } };
      for (const v of a.result.value) if (v) v.data = [v.data[0], 'base58'];
      return a;
    };
    const err = await kitClient().fetchDevice(net.devices[0]!.pk.toBase58() as Address).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedRpcResponseError);
    expect((err as MalformedRpcResponseError).method).toBe('getMultipleAccounts');
  });
});

describe('dzprov/kit filters are kit-shaped', () => {
  it('offsets as bigints, the encoding stated; the core accepts them back', () => {
    expect(kit.deviceFilter()).toEqual({ memcmp: { offset: 0n, bytes: '6', encoding: 'base58' } });
    const f = kit.pubkeyFilter(50, PROGRAM);
    expect(f).toEqual({ memcmp: { offset: 50n, bytes: PROGRAM, encoding: 'base58' } });
    const bytes = new Uint8Array(82);
    bytes[0] = AccountType.Device;
    bytes.set(PROGRAM_ID.toBytes(), 50);
    expect(kit.matchesFilters(bytes, [kit.deviceFilter(), f])).toBe(true);
  });
});

describe('dzprov/kit environments and DzClient.forEnv', () => {
  it('gives the environment table with Address program ids equal to the web3.js door\'s', () => {
    // Given both doors' tables
    // Then each row has the same program id, as a string in kit and a PublicKey in web3.js
    expect(kit.ENVIRONMENTS.map((e) => e.programId)).toEqual(web3Door.ENVIRONMENTS.map((e) => e.programId.toBase58()));
    expect(kit.environmentFor('d').programId).toBe(kit.PROGRAM_IDS.devnet);
    expect(kit.resolveEnvironment('t').programId).toBe(kit.PROGRAM_IDS.testnet);
    expect(kit.environmentOfProgramId(kit.PROGRAM_IDS['mainnet-beta'])?.name).toBe('mainnet-beta');
  });

  it('forEnv reads the DZ_LEDGER_RPC_URL of env with the environment\'s program address, and names the node when the program is missing', async () => {
    // Given devnet with its ledger overridden to the test node (which holds no devnet program)
    expect(PROGRAM).not.toBe(kit.PROGRAM_IDS.devnet);
    const client = kit.DzClient.forEnv('d', { env: { DZ_LEDGER_RPC_URL: server.url }, retry: { sleep: noSleep, maxAttempts: 1 } });
    expect(client.programId).toBe(kit.PROGRAM_IDS.devnet);
    expect(client.network).toBe('devnet');
    // When devices are listed
    // Then the empty answer is checked: the program is not on this node
    const err = await client.listDevices().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(kit.ProgramNotDeployedError);
    expect((err as Error).message).toContain(new URL(server.url).host);
    // And with the test program's address it reads the node
    const ok = kit.DzClient.forEnv('d', { env: { DZ_LEDGER_RPC_URL: server.url }, programAddress: PROGRAM, retry: { sleep: noSleep } });
    expect(await ok.listDevices()).toHaveLength(4);
    // And a kit Rpc is refused (forEnv builds its own transport)
    expect(() => kit.DzClient.forEnv('l', { rpc: createSolanaRpc(server.url) } as never)).toThrow(ValidationError);
  });
});
