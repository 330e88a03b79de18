/**
 * The oracle node (test/oracle-node/): a JSON-RPC node whose ledger is the program itself. The
 * SDK's DzClient and the built CLI run against it over real HTTP and WebSocket, unchanged, and
 * everything they report is checked against independent truth: the oracle's own account bytes,
 * read through the Oracle driver (never the node's mirror).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, Keypair, PublicKey, SendTransactionError, SystemProgram, Transaction, type GetProgramAccountsFilter } from '@solana/web3.js';
import bs58 from 'bs58';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountType,
  DEVICE_OFFSETS,
  DeviceStatus,
  DzClient,
  DzProgramError,
  LINK_OFFSETS,
  LinkHealth,
  LinkStatus,
  decodeDevice,
  decodeLink,
  encodeDevice,
  encodeLink,
  parseProgramError,
  type Device,
  type Link,
} from '../../src/index.js';
import { deviceFieldsJson } from '../../src/cli/views.js';
import { formatJson } from '../../src/cli/format.js';
import { dzprov, ensureBuilt } from '../cli/harness.js';
import { startOracleNode, type OracleNode } from '../oracle-node/node.js';
import { outcome } from './oracle.js';
import { useOracle } from './useOracle.js';

const oracle = useOracle();
let node: OracleNode;
let client: DzClient;
let conn: Connection;

const coa = () => node.chain.contributors[0]!;
const cob = () => node.chain.contributors[1]!;
const seededDevice = (code: string) => node.seeded!.devices.find((d) => d.code === code)!.pk;
const seededLink = (code: string) => node.seeded!.links.find((l) => l.code === code)!.pk;

beforeAll(async () => {
  ensureBuilt();
  node = await startOracleNode({ oracle, port: 0, seed: true, keysDir: mkdtempSync(join(tmpdir(), 'dzprov-node-test-')) });
  // The WebSocket URL is the one derived from the RPC URL (port + 1), the class the ws package's
  // (Node 20 has no global WebSocket); statuses are polled every 100 ms.
  client = new DzClient({ rpcUrl: node.url, network: 'localnet', WebSocket, confirm: { pollIntervalMs: 100 } });
  conn = new Connection(node.url, { commitment: 'confirmed', wsEndpoint: node.wsUrl });
});

afterAll(async () => {
  await node?.close();
});

/** The program's bytes of an account, as the oracle's bank holds them now. */
async function truth(pk: PublicKey): Promise<Uint8Array> {
  const a = await oracle.getAccount(pk);
  expect(a.exists, `${pk.toBase58()} exists in the bank`).toBe(true);
  return a.data;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Device bytes of `device`, after checking dzprov decodes and re-encodes the bank's bytes exactly. */
async function expectDeviceIsBank(pk: PublicKey, device: Device | null): Promise<void> {
  const bytes = await truth(pk);
  expect(hex(encodeDevice(decodeDevice(bytes, { programId: node.programId })))).toBe(hex(bytes));
  expect(device).not.toBeNull();
  expect(hex(encodeDevice(device!))).toBe(hex(bytes));
}

async function expectLinkIsBank(pk: PublicKey, link: Link | null): Promise<void> {
  const bytes = await truth(pk);
  expect(hex(encodeLink(decodeLink(bytes, { programId: node.programId })))).toBe(hex(bytes));
  expect(link).not.toBeNull();
  expect(hex(encodeLink(link!))).toBe(hex(bytes));
}

/**
 * Waits until what the program did so far is confirmed: a change sent through the oracle driver
 * (not confirmed by anyone) is seen by the client's confirmed reads only once its slot is.
 */
async function confirmed(): Promise<void> {
  const slot = await conn.getSlot('processed');
  await until('confirmation', async () => (await conn.getSlot('confirmed')) >= slot);
}

/** Waits (bounded) until `cond` holds. */
async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('DzClient against the node', () => {
  it('lists and fetches exactly the accounts the program holds', async () => {
    // Given the seeded chain (three devices, two links, written by the program)
    // When the client lists and fetches them over HTTP
    const devices = await client.listDevices();
    const links = await client.listLinks();
    // Then the listings hold exactly the seeded accounts, at a context slot
    expect(devices.map((d) => d.pubkey.toBase58()).sort()).toEqual(node.seeded!.devices.map((d) => d.pk.toBase58()).sort());
    expect(links.map((l) => l.pubkey.toBase58()).sort()).toEqual(node.seeded!.links.map((l) => l.pk.toBase58()).sort());
    expect(devices.slot).toBeGreaterThan(0);
    // And every device and link is the bank's bytes, listed and fetched alike
    for (const d of devices) {
      await expectDeviceIsBank(d.pubkey, d.account);
      await expectDeviceIsBank(d.pubkey, await client.fetchDevice(d.pubkey));
    }
    for (const l of links) {
      await expectLinkIsBank(l.pubkey, l.account);
      await expectLinkIsBank(l.pubkey, await client.fetchLink(l.pubkey));
    }
    const [byCode] = await client.fetchMultipleDevices([seededDevice('fra-dz1')]);
    await expectDeviceIsBank(seededDevice('fra-dz1'), byCode!);
    expect((await client.findLinkByCode('ams-dz1:fra-dz1')).account.status).toBe(LinkStatus.Requested);
  });

  it('drains and undrains a device: simulated, sent, confirmed, and the after state is the program’s', async () => {
    const pk = seededDevice('ams-dz2');
    const landedBefore = node.ledger.landed.size;
    const payer = coa().owner.publicKey;
    const lamportsBefore = (await oracle.getAccount(payer)).lamports;
    // When coa's owner drains its device
    const drained = await client.drainDevice('ams-dz2', coa().owner);
    // Then one transaction landed, and what the client read back is the bank's post-state
    expect(drained.outcome).toBe('landed');
    expect(drained.signatures).toEqual([drained.signature]);
    expect(node.ledger.landed.size).toBe(landedBefore + 1);
    expect(drained.before.status).toBe(DeviceStatus.Activated);
    expect(drained.after!.status).toBe(DeviceStatus.Drained);
    await expectDeviceIsBank(pk, drained.after);
    // And the node reports the landed transaction as the program ran it: no error, the
    // program's logs, the fee the bank charged the payer
    const st = (await conn.getSignatureStatuses([drained.signature!])).value[0]!;
    expect(st.err).toBeNull();
    expect(st.slot).toBe(drained.slot);
    const tx = await conn.getTransaction(drained.signature!, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    expect(tx!.meta!.err).toBeNull();
    expect(tx!.meta!.logMessages).toContain(`Program ${node.programId.toBase58()} success`);
    expect(BigInt(tx!.meta!.fee)).toBe(lamportsBefore - (await oracle.getAccount(payer)).lamports);
    expect(tx!.meta!.fee).toBeGreaterThan(0);

    // When it is asked again
    const again = await client.drainDevice('ams-dz2', coa().owner);
    // Then nothing is sent: it is already done
    expect(again.outcome).toBe('already-done');
    expect(again.signatures).toEqual([]);
    expect(node.ledger.landed.size).toBe(landedBefore + 1);

    // When it is undrained
    const back = await client.undrainDevice('ams-dz2', coa().owner);
    expect(back.outcome).toBe('landed');
    expect(back.after!.status).toBe(DeviceStatus.Activated);
    await expectDeviceIsBank(pk, back.after);
    expect((await client.undrainDevice('ams-dz2', coa().owner)).outcome).toBe('already-done');
  });

  it('sets a link’s health as the health oracle, then finds it already done', async () => {
    const pk = seededLink('ams-dz1:ams-dz2');
    // When the health oracle marks the WAN link impaired
    const r = await client.setLinkHealth('ams-dz1:ams-dz2', LinkHealth.Impaired, node.chain.healthOracle);
    // Then it landed and the program wrote what the client reads back
    expect(r.outcome).toBe('landed');
    expect(r.after!.linkHealth).toBe(LinkHealth.Impaired);
    await expectLinkIsBank(pk, r.after);
    expect((await client.setLinkHealth('ams-dz1:ams-dz2', LinkHealth.Impaired, node.chain.healthOracle)).outcome).toBe('already-done');
  });

  it('a write the program refuses: the typed program error at simulation, and a landed failure when sent anyway', async () => {
    const pk = seededLink('ams-dz1:ams-dz2');
    const healthOracle = node.chain.healthOracle;
    // Given a health write prepared for the health oracle, checked by dzprov against the chain
    const prepared = await client.prepareSetLinkHealth('ams-dz1:ams-dz2', LinkHealth.ReadyForService, healthOracle.publicKey);
    expect(prepared.alreadyDone).toBeUndefined();
    // And then the foundation hands the health-oracle role to another key (sent to the program
    // through the oracle driver: a block of the node's chain too)
    const successor = Keypair.generate();
    const rotate = async (to: PublicKey) => {
      await oracle.sendOk([await oracle.build('set_authority', node.chain.admin.publicKey, { healthOraclePk: to.toBase58() })], [node.chain.admin]);
      await confirmed();
    };
    await rotate(successor.publicKey);
    try {
      // The program's own verdict on these instructions, asked of the oracle directly
      const verdict = await oracle.send(prepared.instructions, [healthOracle], { simulate: true, prelude: false });
      const code = outcome(verdict);
      expect(typeof code).toBe('number');

      // When the client simulates the prepared write on the node
      // Then it fails with the program's typed error for that code
      const simulated = await client.simulate(prepared).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(simulated).toBeInstanceOf(DzProgramError);
      expect((simulated as DzProgramError).customCode).toBe(code);
      expect((simulated as DzProgramError).instructionIndex).toBe(verdict.error!.index);
      expect(parseProgramError({ err: { InstructionError: [verdict.error!.index, { Custom: code }] } })?.constructor).toBe(simulated!.constructor);

      // When a plain web3.js send with preflight tries it: the node's preflight refuses it, nothing lands
      const landedBefore = node.ledger.landed.size;
      const { blockhash } = await conn.getLatestBlockhash();
      const tx = new Transaction({ feePayer: healthOracle.publicKey, recentBlockhash: blockhash }).add(...prepared.instructions);
      tx.sign(healthOracle);
      const preflight = await conn.sendRawTransaction(tx.serialize()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(preflight).toBeInstanceOf(SendTransactionError);
      expect((preflight as SendTransactionError).transactionError.message).toContain(`custom program error: 0x${(code as number).toString(16)}`);
      expect(node.ledger.landed.size).toBe(landedBefore);

      // When the client sends it without simulating first
      const before = await truth(pk);
      const payerBefore = (await oracle.getAccount(healthOracle.publicKey)).lamports;
      const sent = await client.send(prepared, healthOracle, { simulate: false }).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Then it landed with the program's error, as on a real chain: the typed error carries the
      // landed signature, the status its err, the link is unchanged and the fee was charged
      expect(sent).toBeInstanceOf(DzProgramError);
      const e = sent as DzProgramError;
      expect(e.customCode).toBe(code);
      expect(e.landed?.signature).toBeDefined();
      const st = (await conn.getSignatureStatuses([e.landed!.signature])).value[0]!;
      expect(st.err).toEqual({ InstructionError: [verdict.error!.index, { Custom: code }] });
      expect(hex(await truth(pk))).toBe(hex(before));
      expect((await oracle.getAccount(healthOracle.publicKey)).lamports).toBeLessThan(payerBefore);
      expect(e.logs?.some((l) => l.includes(`Program ${node.programId.toBase58()} failed`))).toBe(true);
    } finally {
      await rotate(healthOracle.publicKey);
    }
    // And with the role back, the same write lands
    const r = await client.setLinkHealth('ams-dz1:ams-dz2', LinkHealth.ReadyForService, healthOracle);
    expect(r.outcome).toBe('landed');
    await expectLinkIsBank(pk, r.after);
  });

  it('a device subscription hears the change the program wrote, at its slot', async () => {
    const pk = seededDevice('fra-dz1');
    const events: { pubkey: PublicKey; account: Device; slot: number }[] = [];
    let live = false;
    const unsubscribe = client.subscribeDevices((e) => events.push(e), { onStateChange: (s) => (live = s === 'subscribed') });
    try {
      await until('the subscription', () => live);
      // When cob's owner drains its device
      const r = await client.drainDevice('fra-dz1', cob().owner);
      expect(r.outcome).toBe('landed');
      // Then the subscription hears the drained device, at the slot the transaction landed in,
      // with the bytes the program wrote
      await until('the notification', () => events.some((e) => e.pubkey.equals(pk) && e.account.status === DeviceStatus.Drained));
      const heard = events.find((e) => e.pubkey.equals(pk) && e.account.status === DeviceStatus.Drained)!;
      expect(heard.slot).toBe(r.slot);
      await expectDeviceIsBank(pk, heard.account);
      // And only the device that changed was told
      expect(events.every((e) => e.pubkey.equals(pk))).toBe(true);
    } finally {
      await unsubscribe();
    }
    expect((await client.undrainDevice('fra-dz1', cob().owner)).outcome).toBe('landed');
  });
});

describe('the node’s slots and statuses', () => {
  it('a landed signature goes processed → confirmed → finalized as slots pass; old ones need searchTransactionHistory', async () => {
    const health = (await client.fetchLink(seededLink('ams-dz1:ams-dz2'))).linkHealth;
    const other = health === LinkHealth.Impaired ? LinkHealth.ReadyForService : LinkHealth.Impaired;
    const r = await client.setLinkHealth('ams-dz1:ams-dz2', other, node.chain.healthOracle);
    expect(r.outcome).toBe('landed');
    const sig = r.signature!;
    const seen: string[] = [];
    // When the status is polled while slots pass
    await until(
      'finalization',
      async () => {
        const res = await conn.getSignatureStatuses([sig]);
        const st = res.value[0]!;
        // Then each answer's level is what the slots say: confirmed 1 slot after, finalized 32 after
        const age = res.context.slot - st.slot;
        const want = age >= node.ledger.finalizationDepth ? 'finalized' : age >= node.ledger.confirmationDepth ? 'confirmed' : 'processed';
        expect(st.confirmationStatus).toBe(want);
        expect(st.confirmations).toBe(want === 'finalized' ? null : age);
        if (seen.at(-1) !== st.confirmationStatus) seen.push(st.confirmationStatus!);
        return st.confirmationStatus === 'finalized';
      },
      30_000,
    );
    // And it never went back
    expect(['processed', 'confirmed', 'finalized'].filter((s) => seen.includes(s))).toEqual(seen);
    expect(seen.at(-1)).toBe('finalized');
    // When the chain moves far past it (beyond a node's status cache)
    node.ledger.advance(400);
    // Then only a search of the history finds it
    expect((await conn.getSignatureStatuses([sig])).value[0]).toBeNull();
    expect((await conn.getSignatureStatuses([sig], { searchTransactionHistory: true })).value[0]!.confirmationStatus).toBe('finalized');
    // And a blockhash handed out is valid for the blocks it says, then not
    const { blockhash, lastValidBlockHeight } = await conn.getLatestBlockhash('processed');
    expect(await conn.isBlockhashValid(blockhash, { commitment: 'processed' })).toMatchObject({ value: true });
    node.ledger.advance(lastValidBlockHeight - (await conn.getBlockHeight('processed')) + 1);
    expect(await conn.isBlockhashValid(blockhash, { commitment: 'processed' })).toMatchObject({ value: false });
    expect((await client.setLinkHealth('ams-dz1:ams-dz2', health, node.chain.healthOracle)).outcome).toBe('landed');
  });

  it('what the runtime refuses never lands: a bad signature, an expired blockhash', async () => {
    const stranger = node.chain.stranger;
    const lamports = async () => (await oracle.getAccount(stranger.publicKey)).lamports;
    const transfer = (blockhash: string, to = Keypair.generate().publicKey) => {
      const tx = new Transaction({ feePayer: stranger.publicKey, recentBlockhash: blockhash }).add(
        SystemProgram.transfer({ fromPubkey: stranger.publicKey, toPubkey: to, lamports: 1_000_000 }),
      );
      tx.sign(stranger);
      return tx;
    };
    const before = await lamports();
    // Given a transfer whose signature was tampered with
    const bad = transfer((await conn.getLatestBlockhash('processed')).blockhash);
    bad.signatures[0]!.signature![5]! ^= 1;
    const raw = bad.serialize({ requireAllSignatures: false, verifySignatures: false });
    // When it is sent with preflight: the node refuses it
    await expect(conn.sendRawTransaction(raw)).rejects.toThrow(/signature verification failure/i);
    // When it is sent without: the node takes it, the oracle refuses it, and it never lands
    const sig = await conn.sendRawTransaction(raw, { skipPreflight: true });
    expect(node.ledger.dropped.get(sig)).toBe('SignatureFailure');
    expect((await conn.getSignatureStatuses([sig], { searchTransactionHistory: true })).value[0]).toBeNull();
    expect(await lamports()).toBe(before);

    // Given a well signed transfer whose blockhash the chain has gone past
    const { blockhash, lastValidBlockHeight } = await conn.getLatestBlockhash('processed');
    const late = transfer(blockhash);
    node.ledger.advance(lastValidBlockHeight - (await conn.getBlockHeight('processed')) + 1);
    // When it is sent: it is dropped, nothing is charged
    const lateSig = await conn.sendRawTransaction(late.serialize(), { skipPreflight: true });
    expect(node.ledger.dropped.get(lateSig)).toBe('BlockhashNotFound');
    expect((await conn.getSignatureStatuses([lateSig], { searchTransactionHistory: true })).value[0]).toBeNull();
    expect(await lamports()).toBe(before);

    // And the same transfer with a current blockhash lands, its fee charged by the bank
    const good = transfer((await conn.getLatestBlockhash('processed')).blockhash);
    const goodSig = await conn.sendRawTransaction(good.serialize(), { skipPreflight: true });
    const st = (await conn.getSignatureStatuses([goodSig])).value[0]!;
    expect(st.err).toBeNull();
    await until('confirmation', async () => (await conn.getSlot('confirmed')) >= st.slot);
    const fee = (await conn.getTransaction(goodSig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }))!.meta!.fee;
    expect(fee).toBeGreaterThan(0);
    expect(before - (await lamports())).toBe(1_000_000n + BigInt(fee));
  });

  it('refuses a read at a slot it has not reached (minContextSlot)', async () => {
    const slot = await conn.getSlot('processed');
    await expect(conn.getAccountInfo(node.chain.admin.publicKey, { commitment: 'processed', minContextSlot: slot })).resolves.not.toBeNull();
    await expect(conn.getAccountInfo(node.chain.admin.publicKey, { commitment: 'processed', minContextSlot: slot + 10_000 })).rejects.toThrow(
      /Minimum context slot has not been reached/,
    );
  });
});

describe('getProgramAccounts filters on the node', () => {
  /** memcmp at `offset` of `bytes`, in base58 (web3.js's default) or base64. */
  const memcmp = (offset: number, bytes: Uint8Array, encoding: 'base58' | 'base64'): GetProgramAccountsFilter => ({
    memcmp: { offset, bytes: encoding === 'base58' ? bs58.encode(bytes) : Buffer.from(bytes).toString('base64'), encoding } as never,
  });

  it('equal a brute-force filter over the oracle’s accounts', async () => {
    // Given every account the chain's transactions named, with its owner and bytes read from the
    // bank (the keys come from the node's record of transactions; owner and bytes from the oracle)
    const keys = node.ledger.mirroredKeys().map((k) => new PublicKey(k));
    const bank = (await oracle.getAccounts(keys)).filter((a) => a.exists && a.lamports > 0n && a.owner.equals(node.programId));
    // the structure the bootstrap and the seed made is among them
    const owned = new Set(bank.map((a) => a.pubkey.toBase58()));
    for (const pk of [...node.seeded!.devices.map((d) => d.pk), ...node.seeded!.links.map((l) => l.pk), ...node.chain.locations, ...node.chain.exchanges, ...node.chain.contributors.map((c) => c.pk)]) {
      expect(owned.has(pk.toBase58())).toBe(true);
    }
    const device = await truth(seededDevice('ams-dz1'));
    const location = node.chain.locations[0]!.toBytes();
    const cases: [string, GetProgramAccountsFilter[]][] = [];
    for (const enc of ['base58', 'base64'] as const) {
      cases.push(
        [`devices (${enc})`, [memcmp(0, Uint8Array.of(AccountType.Device), enc)]],
        [`links (${enc})`, [memcmp(0, Uint8Array.of(AccountType.Link), enc)]],
        [`devices at the first location (${enc})`, [memcmp(0, Uint8Array.of(AccountType.Device), enc), memcmp(DEVICE_OFFSETS.locationPk, location, enc)]],
        [`requested links (${enc})`, [memcmp(0, Uint8Array.of(AccountType.Link), enc), memcmp(LINK_OFFSETS.status, Uint8Array.of(LinkStatus.Requested), enc)]],
        [`a device's first 130 bytes (${enc})`, [memcmp(0, device.subarray(0, 128), enc)]],
        [`nothing matches (${enc})`, [memcmp(1, new Uint8Array(32).fill(255), enc)]],
      );
    }
    cases.push(
      ['no filter', []],
      ['dataSize of a device', [{ dataSize: device.length }]],
      ['dataSize and memcmp', [{ dataSize: device.length }, memcmp(0, Uint8Array.of(AccountType.Device), 'base58')]],
      ['memcmp past the end', [memcmp(device.length + 10, Uint8Array.of(0), 'base64')]],
    );
    for (const [name, filters] of cases) {
      // When the node filters (HTTP, withContext, at the processed slot the bank is at)
      const res = await conn.getProgramAccounts(node.programId, { commitment: 'processed', filters, withContext: true, encoding: 'base64' });
      // Then it answers exactly the brute-force result over the bank's accounts, bytes included
      const want = bank
        .filter((a) =>
          filters.every((f) => {
            if ('dataSize' in f) return a.data.length === f.dataSize;
            const m = f.memcmp as unknown as { offset: number; bytes: string; encoding: string };
            const b = m.encoding === 'base64' ? Buffer.from(m.bytes, 'base64') : Buffer.from(bs58.decode(m.bytes));
            return m.offset + b.length <= a.data.length && Buffer.from(a.data.subarray(m.offset, m.offset + b.length)).equals(b);
          }),
        )
        .map((a) => `${a.pubkey.toBase58()}:${hex(a.data)}`)
        .sort();
      const got = res.value.map((r) => `${r.pubkey.toBase58()}:${hex(r.account.data)}`).sort();
      expect(got, name).toEqual(want);
      expect(res.context.slot, name).toBeGreaterThan(0);
      expect(res.value.every((r) => r.account.owner.equals(node.programId)), name).toBe(true);
    }
  });
});

describe('the built CLI against the node', () => {
  const cli = (args: string[]) => dzprov([...args, '-u', node.url, '--network', 'localnet']);

  it('a dry run, then --send with a keypair file: what it prints is what the program holds', async () => {
    const pk = seededDevice('ams-dz1');
    const keyFile = node.keyFiles['contributor-coa']!;
    // When the CLI dry-runs a drain for coa's owner
    const dry = await cli(['drain-device', 'ams-dz1', '--as', coa().owner.publicKey.toBase58(), '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; simulation: { ok: boolean; logs: string[] }; sent?: unknown };
    // Then the node's program simulated it, and nothing changed
    expect(plan.dryRun).toBe(true);
    expect(plan.simulation.ok).toBe(true);
    expect(plan.simulation.logs).toContain(`Program ${node.programId.toBase58()} success`);
    expect(decodeDevice(await truth(pk)).status).toBe(DeviceStatus.Activated);

    // When it sends with the keypair file the node wrote
    const sent = await cli(['drain-device', 'ams-dz1', '--send', '-k', keyFile, '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const done = JSON.parse(sent.stdout) as { sent: { signature: string; slot: number; after: { value: number; label: string } } };
    // Then the state it prints is the program's
    const bank = decodeDevice(await truth(pk), { programId: node.programId });
    expect(bank.status).toBe(DeviceStatus.Drained);
    expect(done.sent.after.value).toBe(bank.status);
    expect(node.ledger.landed.get(done.sent.signature)?.slot).toBe(done.sent.slot);
    // And `show` prints every field as the program holds them
    const shown = await cli(['show', 'ams-dz1', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect((JSON.parse(shown.stdout) as { account: unknown }).account).toEqual(JSON.parse(formatJson(deviceFieldsJson(bank as unknown as Parameters<typeof deviceFieldsJson>[0]))));
    // And the table lists it drained
    const table = await cli(['devices']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/ams-dz1\s+\S+\s+drained\s/);

    // When the same send runs again, nothing is sent
    const again = await cli(['drain-device', 'ams-dz1', '--send', '-k', keyFile]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already done');
    const back = await cli(['undrain-device', 'ams-dz1', '--send', '-k', keyFile]);
    expect(back.code, back.stderr).toBe(0);
    expect(decodeDevice(await truth(pk)).status).toBe(DeviceStatus.Activated);
  });
});
