import { ComputeBudgetProgram, Keypair, PublicKey, Transaction, type TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  DzClient,
  HEALTH_UPDATES_PER_TRANSACTION,
  type ConfirmOptions,
  type HealthOutcome,
  type HealthUpdate,
} from '../../src/index.js';
import { DeviceHealth, LinkHealth } from '../../src/index.js';
import { computeBudgetPrelude } from '../../src/index.js';
import { decodeInstruction } from '../../src/index.js';
import { createSetLinkHealthInstruction } from '../../src/index.js';
import { getPermissionPda } from '../../src/index.js';
import { decodeLink } from '../../src/index.js';
import { LINK_OFFSETS } from '../../src/index.js';
import {
  OPS,
  ORACLE,
  PROGRAM_ID,
  VISITOR,
  applyLikeProgram,
  loadNetwork,
  noSleep,
  serverPerTest,
  testClient,
  type TestNetwork,
} from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let net: TestNetwork;
let client: DzClient;

function newClient(confirm: ConfirmOptions = {}, price?: bigint): DzClient {
  return testClient(server, {
    retry: { sleep: noSleep, timeoutMs: 2000 },
    confirm: { pollIntervalMs: 0, ...confirm },
    ...(price !== undefined ? { computeUnitPrice: price } : {}),
  });
}

serverPerTest((s) => {
  server = s;
  // 51 devices, 50 links between them (codes dev-<i>, link-<i>).
  net = loadNetwork(server, { devices: 51 });
  server.defaultSend = { effect: applyLikeProgram };
  client = newClient();
});

const linkUpdates = (n: number, health: LinkHealth = LinkHealth.Impaired): HealthUpdate[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'link' as const, target: `link-${i}`, health }));

function storedLinkHealth(i: number): number {
  return decodeLink(server.getAccount(net.links[i]!.pk)!.data).linkHealth;
}

function byStatus(outcomes: HealthOutcome[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes) out[o.status] = (out[o.status] ?? 0) + 1;
  return out;
}

/** A legacy transaction of the prelude (+ SetComputeUnitPrice) and n SetLinkHealth with the Permission PDA, signed and serialized. */
function serializedSize(n: number): number {
  const payer = Keypair.generate();
  const ixs: TransactionInstruction[] = [
    ...computeBudgetPrelude(),
    ComputeBudgetProgram.setComputeUnitPrice({ microLamports: (1n << 64n) - 1n }),
    ...Array.from({ length: n }, () =>
      createSetLinkHealthInstruction({
        programId: PROGRAM_ID,
        payer: payer.publicKey,
        link: Keypair.generate().publicKey,
        args: { health: LinkHealth.Impaired },
        appendPermission: true,
      }),
    ),
  ];
  const tx = new Transaction({ feePayer: payer.publicKey, blockhash: PublicKey.default.toBase58(), lastValidBlockHeight: 1 }).add(...ixs);
  tx.sign(payer);
  return tx.serialize({ verifySignatures: true, requireAllSignatures: true }).length;
}

describe('packing', () => {
  it(`HEALTH_UPDATES_PER_TRANSACTION (${HEALTH_UPDATES_PER_TRANSACTION}) SetLinkHealth fit one legacy transaction in the largest shape, one more does not`, () => {
    // Given the largest shape: prelude, SetComputeUnitPrice, every instruction with the Permission PDA
    // When serialized with a real signature
    // Then N fits in 1,232 bytes, N + 1 does not, and N is at least 20
    expect(HEALTH_UPDATES_PER_TRANSACTION).toBeGreaterThanOrEqual(20);
    expect(serializedSize(HEALTH_UPDATES_PER_TRANSACTION)).toBeLessThanOrEqual(1232);
    expect(() => serializedSize(HEALTH_UPDATES_PER_TRANSACTION + 1)).toThrow(/Transaction too large: \d+ > 1232/);
  });

  it('50 link updates by code: one listing, one getMultipleAccounts pass, ceil(50/N) transactions of at most 1,232 bytes, every target updated', async () => {
    // Given the health oracle (GlobalState health_oracle_pk, no Permission account) and 50 links at ready-for-service
    // When it sets all 50 to impaired
    const outcomes = await client.setHealthMany(linkUpdates(50), ORACLE);

    // Then the codes were resolved by one type-filtered listing and the targets read in one pass
    expect(server.calls('getProgramAccounts')).toHaveLength(1);
    expect(server.calls('getMultipleAccounts')).toHaveLength(1);
    // and ceil(50 / N) transactions were simulated and sent, each within the size limit
    const n = Math.ceil(50 / HEALTH_UPDATES_PER_TRANSACTION);
    expect(server.calls('simulateTransaction')).toHaveLength(n);
    expect(server.sent).toHaveLength(n);
    for (const tx of server.sent) {
      expect(tx.raw.length).toBeLessThanOrEqual(1232);
      expect(tx.signaturesValid).toBe(true);
      const names = tx.legacy!.instructions.map((ix) =>
        ix.programId.equals(ComputeBudgetProgram.programId) ? 'ComputeBudget' : decodeInstruction(ix, { programId: PROGRAM_ID }).name,
      );
      expect(names.slice(0, 2)).toEqual(['ComputeBudget', 'ComputeBudget']);
      expect(new Set(names.slice(2))).toEqual(new Set(['SetLinkHealth']));
    }
    expect(server.sent.map((t) => t.legacy!.instructions.length - 2).sort((a, b) => a - b)).toEqual(
      [50 - (n - 1) * HEALTH_UPDATES_PER_TRANSACTION, ...Array(n - 1).fill(HEALTH_UPDATES_PER_TRANSACTION)].sort((a, b) => a - b),
    );
    // and every target has its own outcome: updated, with the signature of the transaction that carried it
    expect(outcomes).toHaveLength(50);
    expect(byStatus(outcomes)).toEqual({ updated: 50 });
    const sigs = new Set(server.sent.map((t) => t.signature));
    outcomes.forEach((o, i) => {
      expect(o).toMatchObject({ index: i, kind: 'link', target: `link-${i}`, code: `link-${i}`, from: LinkHealth.ReadyForService, to: LinkHealth.Impaired });
      expect(o.pubkey!.equals(net.links[i]!.pk)).toBe(true);
      expect(sigs.has(o.signature!)).toBe(true);
      expect(storedLinkHealth(i)).toBe(LinkHealth.Impaired);
    });
  });

  it('appends the Permission PDA to each instruction only for a payer that has one; mixes devices and links by address', async () => {
    // Given OPS (Permission HEALTH_ORACLE | NETWORK_ADMIN), two devices and two links by address
    const updates: HealthUpdate[] = [
      { kind: 'device', target: net.devices[0]!.pk, health: DeviceHealth.Impaired },
      { kind: 'link', target: net.links[0]!.pk, health: LinkHealth.Impaired },
      { kind: 'device', target: net.devices[1]!.pk.toBase58(), health: DeviceHealth.Impaired },
      { kind: 'link', target: net.links[1]!.pk, health: LinkHealth.Pending },
    ];
    // When
    const plan = await client.prepareHealthMany(updates, OPS.publicKey);
    // Then no listing was needed, one transaction, every health instruction ends with the PDA
    expect(server.calls('getProgramAccounts')).toHaveLength(0);
    expect(plan.roles).toEqual(['networkAdmin', 'healthOracle']);
    expect(plan.batches).toHaveLength(1);
    const pda = getPermissionPda(PROGRAM_ID, OPS.publicKey)[0];
    for (const ix of plan.batches[0]!.instructions.slice(2)) expect(ix.keys.at(-1)!.pubkey.equals(pda)).toBe(true);
    const outcomes = await client.sendHealthMany(plan, OPS);
    expect(byStatus(outcomes)).toEqual({ updated: 4 });
    // and the oracle's own plan has no PDA
    const again: HealthUpdate[] = updates.map((u) => (u.kind === 'device' ? { ...u, health: DeviceHealth.Pending } : { ...u, health: LinkHealth.Impaired }));
    const oracle = await client.prepareHealthMany(again, ORACLE.publicKey);
    for (const ix of oracle.batches[0]!.instructions.slice(2)) expect(ix.keys.at(-1)!.pubkey.equals(pda)).toBe(false);
  });
});

describe('targets that need no transaction', () => {
  it('an account of the type that does not decode does not fail the lookup of codes (issue 16: one damaged device failed every batch by code)', async () => {
    // Given a program-owned account whose type byte says Device but which is cut short
    server.setAccount(Keypair.generate().publicKey, { owner: PROGRAM_ID, data: new Uint8Array([5, 1, 2, 3]) });
    // When the health oracle sets a device's and a link's health by code
    const outcomes = await client.setHealthMany([{ kind: 'device', target: 'dev-0', health: DeviceHealth.Impaired }, ...linkUpdates(1)], ORACLE);
    // Then both are updated: the damaged account is left out of the listing
    expect(outcomes.map((o) => o.status)).toEqual(['updated', 'updated']);
    expect(storedLinkHealth(0)).toBe(LinkHealth.Impaired);
  });

  it('targets already at the wanted health are unchanged and nothing is simulated or sent', async () => {
    // Given links already at ready-for-service
    // When the oracle asks for ready-for-service again
    const outcomes = await client.setHealthMany(linkUpdates(30, LinkHealth.ReadyForService), ORACLE);
    // Then
    expect(byStatus(outcomes)).toEqual({ unchanged: 30 });
    expect(outcomes[0]).toMatchObject({ from: LinkHealth.ReadyForService, to: LinkHealth.ReadyForService, code: 'link-0' });
    expect(server.calls('simulateTransaction')).toHaveLength(0);
    expect(server.sent).toHaveLength(0);
  });

  it('a refused target is reported with its reason while the others land', async () => {
    // Given link-3 holds an undeclared status byte (the checked builder refuses to write over it),
    // a code that names no link, and a repeated target
    const acc = server.getAccount(net.links[3]!.pk)!;
    const data = Uint8Array.from(acc.data);
    data[LINK_OFFSETS.status] = 99;
    server.setAccount(net.links[3]!.pk, { owner: acc.owner, data });
    const updates = [...linkUpdates(5), { kind: 'link' as const, target: 'no-such-link', health: LinkHealth.Impaired }, linkUpdates(1)[0]!];
    // When
    const outcomes = await client.setHealthMany(updates, ORACLE);
    // Then
    expect(outcomes.map((o) => o.status)).toEqual(['updated', 'updated', 'updated', 'refused', 'updated', 'refused', 'refused']);
    expect(outcomes[3]!.error?.name).toBe('IllegalTransitionError');
    expect(outcomes[3]!.reason).toMatch(/unknown \(99\)|undeclared/);
    expect(outcomes[5]).toMatchObject({ pubkey: null, error: { name: 'AccountNotFoundError' } });
    // (updates numbered from 1 in messages, as lines are: the 7th repeats the 1st)
    expect(outcomes[6]!.reason).toMatch(/the same account as update 1 \(/);
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0]!.legacy!.instructions).toHaveLength(2 + 4);
    expect(storedLinkHealth(3)).toBe(LinkHealth.ReadyForService);
  });

  it('a payer with no health role is refused for every target, nothing sent', async () => {
    const outcomes = await client.setHealthMany(linkUpdates(3), VISITOR);
    expect(byStatus(outcomes)).toEqual({ refused: 3 });
    expect(outcomes[0]!.error?.name).toBe('IllegalTransitionError');
    expect(server.calls('simulateTransaction')).toHaveLength(0);
  });
});

describe('partial failure and unknown outcomes', () => {
  it('a batch the program refuses is retried target by target: only the bad target is refused, every other lands', async () => {
    // Given the program refuses (Custom 8 = NotAllowed) any transaction that writes link-5
    const bad = net.links[5]!.pk;
    const ok = server.simulate;
    server.simulate = (tx) =>
      tx.message.staticAccountKeys.some((k) => k.equals(bad))
        ? { err: { InstructionError: [2, { Custom: 8 }] }, logs: ['Program log: not allowed'] }
        : ok(tx);
    // When the oracle updates 50 links
    const outcomes = await client.setHealthMany(linkUpdates(50), ORACLE);
    // Then link-5 is refused with the program's error, the 49 others landed
    expect(byStatus(outcomes)).toEqual({ updated: 49, refused: 1 });
    expect(outcomes[5]).toMatchObject({ status: 'refused', error: { name: 'NotAllowedError' } });
    expect(storedLinkHealth(5)).toBe(LinkHealth.ReadyForService);
    expect(storedLinkHealth(4)).toBe(LinkHealth.Impaired);
    // and only the failed batch was split: 2 batch transactions + 20 single ones were sent
    const n = Math.ceil(50 / HEALTH_UPDATES_PER_TRANSACTION);
    expect(server.sent).toHaveLength(n - 1 + (HEALTH_UPDATES_PER_TRANSACTION - 1));
  });

  it('without splitting, every target of the refused batch is refused with the error and the other batches land', async () => {
    const bad = net.links[30]!.pk;
    const ok = server.simulate;
    server.simulate = (tx) =>
      tx.message.staticAccountKeys.some((k) => k.equals(bad)) ? { err: { InstructionError: [2, { Custom: 8 }] }, logs: [] } : ok(tx);
    const outcomes = await client.setHealthMany(linkUpdates(50), ORACLE, { splitOnFailure: false });
    const batchOf30 = outcomes[30]!.batch!;
    for (const o of outcomes) expect(o.status).toBe(o.batch === batchOf30 ? 'refused' : 'updated');
    expect(server.sent).toHaveLength(Math.ceil(50 / HEALTH_UPDATES_PER_TRANSACTION) - 1);
  });

  it('an execution failure of a landed batch is split the same way', async () => {
    // Given the first transaction sent lands with Custom 8
    server.sendQueue.push({ err: { InstructionError: [2, { Custom: 8 }] }, logs: ['Program log: not allowed'] });
    // When one batch of 3
    const outcomes = await client.setHealthMany(linkUpdates(3), ORACLE, { concurrency: 1 });
    // Then the 3 were retried one by one and landed
    expect(byStatus(outcomes)).toEqual({ updated: 3 });
    expect(server.sent).toHaveLength(4);
  });

  it('a send whose outcome is unknown makes each of its targets "unknown" with the signature', async () => {
    // Given transactions that never show up (the status polls run out while the blockhash is valid)
    server.defaultSend = { neverLand: true };
    client = newClient({ maxPolls: 2 });
    // When
    const outcomes = await client.setHealthMany(linkUpdates(25), ORACLE);
    // Then every target is unknown, carrying the signature of its own transaction; nothing was re-signed
    expect(byStatus(outcomes)).toEqual({ unknown: 25 });
    expect(server.sent).toHaveLength(2);
    for (const o of outcomes) {
      expect(o.signature).toBe(server.sent.find((t) => t.legacy!.instructions.some((ix) => ix.keys[0]?.pubkey.equals(o.pubkey!)))!.signature);
      expect(o.reason).toMatch(/can (still )?land until block height/);
    }
  });

  it('a refused batch of one target is refused once, not retried on its own again', async () => {
    // Given the program refuses any transaction that writes link-7, and a batch of that target alone
    const bad = net.links[7]!.pk;
    const ok = server.simulate;
    let simulations = 0;
    server.simulate = (tx) => {
      simulations++;
      return tx.message.staticAccountKeys.some((k) => k.equals(bad)) ? { err: { InstructionError: [2, { Custom: 8 }] }, logs: [] } : ok(tx);
    };
    const outcomes = await client.setHealthMany([{ kind: 'link', target: 'link-7', health: LinkHealth.Impaired }], ORACLE);
    // Then it was simulated once, refused, and nothing sent
    expect(outcomes).toMatchObject([{ status: 'refused', error: { name: 'NotAllowedError' } }]);
    expect(simulations).toBe(1);
    expect(server.sent).toHaveLength(0);
  });

  it('a batch proven expired (never landed) is reported "refused" with why, never "unknown"', async () => {
    // Given batch transactions the cluster drops (acknowledged) while the chain moves past their expiry
    server.defaultSend = { neverLand: true };
    server.heightStepPerPoll = 100;
    client = newClient({ maxResends: 0 });
    const outcomes = await client.setHealthMany(linkUpdates(3), ORACLE, { splitOnFailure: false });
    // Then nothing landed and every target says so: proven not written, not "unknown"
    expect(server.landed()).toHaveLength(0);
    for (const o of outcomes) {
      expect(o.status).not.toBe('unknown');
      expect(o.status).toBe('refused');
      expect(o.reason).toMatch(/expired, not landed/);
    }
  });

  it('the split retries carry the compute-budget prelude (and the priority fee), like every transaction', async () => {
    // Given a batch of 3 of which link-1 is refused, and a priority fee
    const bad = net.links[1]!.pk;
    client = newClient({}, 1234n);
    const ok = server.simulate;
    const simulated: Transaction[] = [];
    server.simulate = (tx) => {
      simulated.push(Transaction.populate(tx.message as never));
      return tx.message.staticAccountKeys.some((k) => k.equals(bad)) ? { err: { InstructionError: [3, { Custom: 8 }] }, logs: [] } : ok(tx);
    };
    const outcomes = await client.setHealthMany(linkUpdates(3), ORACLE, { concurrency: 1 });
    expect(byStatus(outcomes)).toEqual({ updated: 2, refused: 1 });
    // Then the batch and its three single-target retries were simulated, and each single one starts with the prelude
    expect(simulated).toHaveLength(4);
    const budget = ComputeBudgetProgram.programId;
    for (const tx of [...simulated.slice(1), ...server.sent.map((t) => t.legacy!)]) {
      expect(tx.instructions.slice(0, 3).map((ix) => ix.programId.equals(budget))).toEqual([true, true, true]);
      expect(tx.instructions.filter((ix) => !ix.programId.equals(budget))).toHaveLength(1);
    }
  });

  it('refuses a signer that is not the prepared payer, and concurrency below 1', async () => {
    const plan = await client.prepareHealthMany(linkUpdates(2), ORACLE.publicKey);
    await expect(client.sendHealthMany(plan, OPS)).rejects.toThrow(/payer/);
    await expect(client.sendHealthMany(plan, ORACLE, { concurrency: 0 })).rejects.toThrow(/concurrency|positive/);
  });

  it('bounded concurrency: never more than `concurrency` transactions in flight', async () => {
    // Given confirmations that take a few polls
    let inFlight = 0;
    let most = 0;
    server.defaultSend = {
      pendingPolls: 2,
      onReceive: () => {
        inFlight++;
        most = Math.max(most, inFlight);
      },
    };
    server.defaultSend.effect = (tx, s) => {
      inFlight--;
      applyLikeProgram(tx, s);
    };
    // When 5 batches with concurrency 2
    const outcomes = await client.setHealthMany(linkUpdates(50).concat(
      Array.from({ length: 50 }, (_, i) => ({ kind: 'device' as const, target: `dev-${i}`, health: DeviceHealth.Impaired })),
    ), ORACLE, { concurrency: 2 });
    // Then
    expect(byStatus(outcomes)).toEqual({ updated: 100 });
    expect(server.sent).toHaveLength(Math.ceil(100 / HEALTH_UPDATES_PER_TRANSACTION));
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBe(2);
  });
});
