/**
 * Every answer checked against the question (issue #17, item 2), against a node that swaps,
 * repeats, lags or floods: accounts read by address must be the ones asked for (their PDA from
 * their own index and bump), a listing's duplicates are merged or refused, an answer older than
 * the minContextSlot asked for is refused (retried), -32016 is retried, a read-back after a
 * landing reads at the landed slot or says the state is not known yet, and bodies are capped.
 */
import { describe, expect, it } from 'vitest';
import {
  AccountMismatchError,
  DeviceHealth,
  DeviceStatus,
  DzClient,
  ResponseTooLargeError,
  RpcAccountSource,
  StaleAnswerError,
  StateRefreshError,
  encodeDevice,
} from '../../src/index.js';
import { DzClient as KitClient } from '../../src/kit/index.js';
import { ACME, ORACLE, PROGRAM_ID, applyLikeProgram, loadNetwork, noSleep, serverPerTest, testClient, testConnection, type TestNetwork } from '../helpers/rpcFixtures.js';
import { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let net: TestNetwork;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 3 });
  server.defaultSend = { effect: applyLikeProgram };
});

const quick = () => testClient(server, { retry: { sleep: noSleep, maxAttempts: 3 }, confirm: { pollIntervalMs: 0, maxPolls: 20, sendTimeoutMs: 500 } });

/** Rewrites the next getMultipleAccounts answers whose keys are `keys` (in that order). */
function swapAnswers(keys: string[]): void {
  server.rewriteAnswer = (method, answer) => {
    if (method !== 'getMultipleAccounts') return undefined;
    const a = answer as { result?: { value?: unknown[] } };
    const last = server.calls('getMultipleAccounts').at(-1)!.params as [string[]];
    if (a.result?.value && JSON.stringify(last[0].slice(-keys.length)) === JSON.stringify(keys)) {
      const v = a.result.value;
      const n = keys.length;
      // The targets' accounts, swapped in place.
      const tail = v.splice(v.length - n, n);
      v.push(...tail.reverse());
    }
    return answer;
  };
}

describe('accounts read by address are the ones asked for', () => {
  it('a getMultipleAccounts answer with two accounts swapped is refused (AccountMismatchError), never taken as the other', async () => {
    // Given a node that swaps dev-0 and dev-1 in its answers
    const keys = [net.devices[0]!.pk.toBase58(), net.devices[1]!.pk.toBase58()];
    swapAnswers(keys);
    // When both are fetched
    const err = await quick().fetchMultipleDevices([net.devices[0]!.pk, net.devices[1]!.pk]).catch((e: unknown) => e);
    // Then the read is refused, naming the address and what the bytes are
    expect(err).toBeInstanceOf(AccountMismatchError);
    expect((err as AccountMismatchError).code).toBe('ACCOUNT_MISMATCH');
    expect((err as Error).message).toMatch(new RegExp(`account ${keys[0]}: the node answered with the bytes of the Device of index 11, which lives at another address`));
  });

  it('batch health over swapped answers: refused as a node failure, nothing planned or sent (no silent "unchanged")', async () => {
    // Given dev-0 impaired and dev-1 ready, and an oracle asking the opposite of each
    const set = (i: number, h: DeviceHealth) => server.setAccount(net.devices[i]!.pk, { owner: PROGRAM_ID, data: encodeDevice({ ...net.devices[i]!.device, deviceHealth: h }) });
    set(0, DeviceHealth.Impaired);
    set(1, DeviceHealth.ReadyForUsers);
    swapAnswers([net.devices[0]!.pk.toBase58(), net.devices[1]!.pk.toBase58()]);
    // When the batch is prepared against a node that swaps the two targets
    const err = await quick()
      .setHealthMany(
        [
          { kind: 'device', target: net.devices[0]!.pk, health: DeviceHealth.ReadyForUsers },
          { kind: 'device', target: net.devices[1]!.pk, health: DeviceHealth.Impaired },
        ],
        ORACLE,
      )
      .catch((e: unknown) => e);
    // Then it is refused as a whole (each "already there" would have been a lost write) and nothing was sent
    expect(err).toBeInstanceOf(AccountMismatchError);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('an intent whose target read comes back with another account\'s bytes sends nothing', async () => {
    server.rewriteAnswer = (method, answer) => {
      if (method !== 'getMultipleAccounts') return undefined;
      const last = server.calls('getMultipleAccounts').at(-1)!.params as [string[]];
      const a = answer as { result: { value: unknown[] } };
      if (last[0].length === 1 && last[0][0] === net.devices[0]!.pk.toBase58()) {
        const other = server.getAccount(net.devices[2]!.pk)!;
        a.result.value[0] = { data: [Buffer.from(other.data).toString('base64'), 'base64'], executable: false, lamports: other.lamports, owner: PROGRAM_ID.toBase58(), rentEpoch: 0, space: other.data.length };
      }
      return answer;
    };
    const err = await quick().drainDevice(net.devices[0]!.pk, ACME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountMismatchError);
    expect(server.calls('simulateTransaction')).toHaveLength(0);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });
});

describe('listings: duplicates', () => {
  /** Lists dev-1 twice in device listings, with `bytes` the second time. */
  function duplicate(bytes?: Uint8Array): void {
    server.rewriteAnswer = (method, answer) => {
      if (method !== 'getProgramAccounts') return undefined;
      const v = (answer as { result: { value: { pubkey: string; account: { data: [string, string]; space: number } }[] } }).result.value;
      const i = v.findIndex((e) => e.pubkey === net.devices[1]!.pk.toBase58());
      if (i < 0) return answer;
      const copy = JSON.parse(JSON.stringify(v[i]));
      if (bytes) copy.account = { ...copy.account, data: [Buffer.from(bytes).toString('base64'), 'base64'], space: bytes.length };
      v.push(copy);
      return answer;
    };
  }

  it('the same account twice with the same bytes: merged, with a warning', async () => {
    duplicate();
    const warnings: string[] = [];
    const list = await quick().listDevices({ onWarning: (m) => warnings.push(m) });
    expect(list.map((e) => e.account.code)).toEqual(['dev-0', 'dev-1', 'dev-2']);
    expect(warnings).toEqual(['the node listed 1 Device account twice (with the same bytes): merged']);
  });

  it('the same account twice with different bytes: refused (which one is true cannot be told)', async () => {
    duplicate(encodeDevice({ ...net.devices[1]!.device, status: DeviceStatus.Drained }));
    const err = await quick().listDevices().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountMismatchError);
    expect((err as Error).message).toMatch(/listed twice, with different bytes/);
  });
});

describe('minContextSlot and -32016', () => {
  it('an answer for an older slot than asked is refused and retried; one that keeps lagging ends in StaleAnswerError', async () => {
    // Given a node that ignores minContextSlot and answers at its slot
    const source = new RpcAccountSource(testConnection(server), { retry: { sleep: noSleep, maxAttempts: 3 } });
    // When a read asks for a slot ahead of it
    const err = await source.getAccounts([net.devices[0]!.pk], { minContextSlot: server.slot + 5 }).catch((e: unknown) => e);
    // Then each answer was refused, three times in all
    expect(err).toBeInstanceOf(StaleAnswerError);
    expect((err as Error).message).toMatch(new RegExp(`the answer is for slot ${server.slot}, older than the minimum context slot ${server.slot + 5} asked for \\(gave up after 3 attempts\\)`));
    expect(server.calls('getMultipleAccounts')).toHaveLength(3);
    // And once the node has caught up, the same read succeeds
    server.slot += 5;
    expect(await source.getAccounts([net.devices[0]!.pk], { minContextSlot: server.slot })).toHaveLength(1);
  });

  it('-32016 (minimum context slot not reached) is retried until the node catches up', async () => {
    // A node that enforces minContextSlot (as a real one does), and catches up after two refusals
    const node = await new RpcTestServer({ enforceMinContextSlot: true }).listen();
    try {
      const n = loadNetwork(node, { devices: 1 });
      let waits = 0;
      const source = new RpcAccountSource(testConnection(node), {
        retry: {
          maxAttempts: 5,
          sleep: async () => {
            if (++waits === 2) node.slot += 10;
          },
        },
      });
      const got = await source.getAccounts([n.devices[0]!.pk], { minContextSlot: node.slot + 10 });
      expect(got[0]).not.toBeNull();
      expect(node.calls('getMultipleAccounts')).toHaveLength(3);
    } finally {
      await node.close();
    }
  });
});

describe('the read-back after a landing', () => {
  it('reads at the landed slot (minContextSlot) and shows the new state', async () => {
    const r = await quick().drainDevice('dev-0', ACME);
    expect(r.outcome).toBe('landed');
    const readBack = server.calls('getMultipleAccounts').at(-1)!.params as [string[], { minContextSlot?: number }];
    expect(readBack[0]).toEqual([net.devices[0]!.pk.toBase58()]);
    expect(readBack[1].minContextSlot).toBe(r.slot);
    expect(r.after?.status).toBe(DeviceStatus.Drained);
  });

  it('a node that only answers from before the landing: "landed", and the state is said to be not known yet', async () => {
    // Given a node whose account reads after the landing come from an older slot
    let landed = false;
    server.sendQueue.push({ effect: applyLikeProgram, onReceive: () => (landed = true) });
    server.rewriteAnswer = (method, answer) => {
      if (method !== 'getMultipleAccounts' || !landed) return undefined;
      (answer as { result: { context: { slot: number } } }).result.context.slot -= 50;
      return answer;
    };
    // When the intent is sent
    const err = await quick().drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then the send is reported done (signature, slot), and the new state unknown
    expect(err).toBeInstanceOf(StateRefreshError);
    const e = err as StateRefreshError;
    expect(e.signature).toBe(server.landed()[0]!.signature);
    expect(e.message).toMatch(new RegExp(`is confirmed \\(slot ${e.slot}\\), but the node has not caught up with slot ${e.slot}: the account's new state is not known yet`));
  });
});

describe('answer bodies are capped', () => {
  it('a listing larger than maxResponseBytes: ResponseTooLargeError, in both doors', async () => {
    // Given a node with a device listing of about 20 KiB
    loadNetwork(server, { devices: 30 });
    const web3 = new DzClient({ rpcUrl: server.url, programId: PROGRAM_ID, retry: { sleep: noSleep, maxResponseBytes: 8192 } });
    const kit = new KitClient({ rpcUrl: server.url, programAddress: PROGRAM_ID.toBase58() as never, retry: { sleep: noSleep, maxResponseBytes: 8192 } });
    // When listed with an 8 KiB cap
    for (const c of [web3, kit]) {
      const err = await c.listDevices().catch((e: unknown) => e);
      // Then the answer is refused with the cap named, and not retried
      expect(err).toBeInstanceOf(ResponseTooLargeError);
      expect((err as Error).message).toMatch(/larger than 8192 bytes \(maxResponseBytes\)/);
    }
    expect(server.calls('getProgramAccounts')).toHaveLength(2);
    // And with the default cap it is read
    expect(await new DzClient({ rpcUrl: server.url, programId: PROGRAM_ID }).listDevices()).toHaveLength(30);
  });
});
