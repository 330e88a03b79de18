/**
 * A promotion named by its target status (issue #19, item 7), judged by the program:
 * - every device state (status × desired status × health) × every target: whenever dzprov builds
 *   the named-target promotion, the program executes it and writes exactly that status; where
 *   dzprov refuses, the program's answer to the same status write is tabulated (dzprov is
 *   stricter there by policy, docs/conformance.md);
 * - through the oracle node, the SDK and the built CLI: a promotion whose outcome was unknown is
 *   re-run and is "already done" — the device took one step, never two.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, type PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEVICE_PROMOTION_TARGETS,
  DeviceDesiredStatusSpec,
  DeviceHealth,
  DeviceHealthSpec,
  DeviceStatus,
  DeviceStatusSpec,
  DzClient,
  IllegalTransitionError,
  createSetDeviceHealthInstruction,
  createUpdateDeviceInstruction,
  decodeDevice,
  encodeDevice,
  nextDeviceStatus,
  outcomeOf,
  promoteDevice,
  type Device,
} from '../../src/index.js';
import { dzprov, ensureBuilt } from '../cli/harness.js';
import { startOracleNode, type OracleNode } from '../oracle-node/node.js';
import { addDevice } from './ledger.js';
import { outcome } from './oracle.js';
import { recordDifferentialCases } from './stats.js';
import { useOracle } from './useOracle.js';

const oracle = useOracle();
let node: OracleNode;
let conn: Connection;

beforeAll(async () => {
  ensureBuilt();
  node = await startOracleNode({ oracle, port: 0, seed: false, keysDir: mkdtempSync(join(tmpdir(), 'dzprov-promote-test-')) });
  conn = new Connection(node.url, { commitment: 'confirmed', wsEndpoint: node.wsUrl });
});

afterAll(async () => {
  await node?.close();
});

/** The device as the program's bank holds it now (never the node's mirror). */
async function bank(pk: PublicKey): Promise<Device> {
  const a = await oracle.getAccount(pk);
  expect(a.exists).toBe(true);
  return decodeDevice(a.data, { programId: node.programId });
}

/** Waits until what was sent through the oracle driver is visible to confirmed reads. */
async function confirmed(): Promise<void> {
  const slot = await conn.getSlot('processed');
  const end = Date.now() + 15_000;
  while ((await conn.getSlot('confirmed')) < slot) {
    if (Date.now() > end) throw new Error('timed out waiting for confirmation');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A new device of contributor coa at device-provisioning, desired status activated, with `health` (raw writes by the program's admin). */
async function provisioningDevice(code: string, health: DeviceHealth): Promise<PublicKey> {
  const { pk, result } = await addDevice(node.chain, { contributor: node.chain.contributors[0]!, args: { code } });
  expect(result.success).toBe(true);
  const d = await bank(pk);
  const admin = node.chain.admin;
  const toProvisioning = createUpdateDeviceInstruction({
    programId: node.programId,
    payer: admin.publicKey,
    device: pk,
    currentContributor: d.contributorPk,
    currentLocation: d.locationPk,
    args: { status: DeviceStatus.DeviceProvisioning },
  });
  await oracle.sendOk([toProvisioning], [admin]);
  await oracle.sendOk([createSetDeviceHealthInstruction({ programId: node.programId, payer: node.chain.healthOracle.publicKey, device: pk, args: { health } })], [node.chain.healthOracle]);
  await confirmed();
  expect(await bank(pk)).toMatchObject({ status: DeviceStatus.DeviceProvisioning, deviceHealth: health });
  return pk;
}

describe('every device state × every target, judged by the program', () => {
  it('dzprov builds exactly the reconciler step named; the program writes that status every time', async () => {
    // Given one device of the chain, whose status, desired status and health bytes are set to
    // every declared combination in turn (setAccount: nothing else of the account changes)
    const { pk } = await addDevice(node.chain, { contributor: node.chain.contributors[0]!, args: { code: 'grid-dz1' } });
    const base = await bank(pk);
    const lamports = (await oracle.getAccount(pk)).lamports;
    const admin = node.chain.admin;
    const counts = { built: 0, refused: 0, programAccepted: 0, programRefused: new Map<string, number>() };
    for (const status of DeviceStatusSpec.values) {
      for (const desiredStatus of DeviceDesiredStatusSpec.values) {
        for (const deviceHealth of DeviceHealthSpec.values) {
          for (const to of DEVICE_PROMOTION_TARGETS) {
            const device: Device = { ...base, status, desiredStatus, deviceHealth };
            await oracle.setAccount(pk, { owner: node.programId, lamports, data: encodeDevice(device) });
            const where = `${DeviceStatusSpec.label(status)}/${DeviceDesiredStatusSpec.label(desiredStatus)}/${DeviceHealthSpec.label(deviceHealth)} → ${DeviceStatusSpec.label(to)}`;
            let ix;
            try {
              ix = promoteDevice({ programId: node.programId, payer: admin.publicKey, devicePk: pk, device, roles: ['networkAdmin'], to });
            } catch (e) {
              // dzprov refused: only by policy, and never the step due
              expect(e, where).toBeInstanceOf(IllegalTransitionError);
              expect(nextDeviceStatus(device) === to && status !== to, where).toBe(false);
              counts.refused++;
              // What the program says to the same status write, unchecked
              const raw = createUpdateDeviceInstruction({
                programId: node.programId,
                payer: admin.publicKey,
                device: pk,
                currentContributor: device.contributorPk,
                currentLocation: device.locationPk,
                args: { status: to },
              });
              const r = await oracle.send([raw], [admin], { simulate: true });
              if (r.success) counts.programAccepted++;
              else counts.programRefused.set(String(outcome(r)), (counts.programRefused.get(String(outcome(r))) ?? 0) + 1);
              continue;
            }
            // dzprov built it: it is the step due, and the program writes exactly that status
            expect(nextDeviceStatus(device), where).toBe(to);
            const r = await oracle.send([ix], [admin]);
            expect(r.success, `${where}: ${JSON.stringify(r.error)}`).toBe(true);
            const post = decodeDevice(r.accounts.get(pk.toBase58())!.data, { programId: node.programId });
            expect(post, where).toEqual({ ...device, status: to });
            counts.built++;
          }
        }
      }
    }
    const cases = DeviceStatusSpec.values.length * DeviceDesiredStatusSpec.values.length * DeviceHealthSpec.values.length * DEVICE_PROMOTION_TARGETS.length;
    recordDifferentialCases(cases);
    // The three reconciler rows that promote (link-provisioning ×2 healths, activated, drained ×5
    // healths, activated from drained) are built; the rest refused.
    expect(counts.built + counts.refused).toBe(cases);
    expect(counts.built).toBe(2 + 1 + 5 + 1);
    console.log(
      `promote with a target: ${cases} cases, ${counts.built} built and executed, ${counts.refused} refused by dzprov ` +
        `(the program accepts ${counts.programAccepted} of them as plain status writes; refuses ${[...counts.programRefused].map(([c, n]) => `${n} with ${c}`).join(', ') || 'none'})`,
    );
  });
});

describe('the named-target promotion against the node', () => {
  it('SDK: a promotion whose outcome is unknown is re-run and is "already done": one step, never two', async () => {
    // Given a device at device-provisioning, desired activated and health ready-for-users, so
    // that both steps are possible one after the other
    const pk = await provisioningDevice('prm-dz1', DeviceHealth.ReadyForUsers);
    const client = new DzClient({ rpcUrl: node.url, network: 'localnet', retry: { maxAttempts: 2 }, confirm: { pollIntervalMs: 100 } });
    // When the admin promotes it to link-provisioning and every status read fails after the send
    node.server.injectFault({ kind: '500', count: 1_000_000, method: 'getSignatureStatuses' });
    const first = await client.promoteDevice('prm-dz1', DeviceStatus.LinkProvisioning, node.chain.admin).then(outcomeOf, outcomeOf);
    node.server.clearFaults();
    // Then the outcome is unknown, and the program did take the step
    expect(first.outcome).toBe('unknown');
    expect((await bank(pk)).status).toBe(DeviceStatus.LinkProvisioning);
    await confirmed();
    // When the same promotion is re-run, as the docs advise after an unknown outcome
    const landed = node.ledger.landed.size;
    const again = await client.promoteDevice('prm-dz1', DeviceStatus.LinkProvisioning, node.chain.admin);
    // Then it is already done: nothing landed, and the device did not take the next step (activated)
    expect(again.outcome).toBe('already-done');
    expect(node.ledger.landed.size).toBe(landed);
    expect((await bank(pk)).status).toBe(DeviceStatus.LinkProvisioning);
    // And the next step, named, lands, and what the client read back is the program's bytes
    const next = await client.promoteDevice('prm-dz1', DeviceStatus.Activated, node.chain.admin);
    expect(next.outcome).toBe('landed');
    expect(next.labels.after?.status).toBe('activated');
    expect(encodeDevice(next.after!)).toEqual((await oracle.getAccount(pk)).data);
  });

  it('CLI: promote-device <device> <status> --send lands once; the same command again sends nothing', async () => {
    const pk = await provisioningDevice('prm-dz2', DeviceHealth.ReadyForLinks);
    const cli = (args: string[]) => dzprov([...args, '-u', node.url, '--network', 'localnet']);
    const key = node.keyFiles.admin!;
    // When
    const sent = await cli(['promote-device', 'prm-dz2', 'link-provisioning', '--send', '-k', key, '--json']);
    // Then
    expect(sent.code, sent.stderr).toBe(0);
    const j = JSON.parse(sent.stdout) as { sent: { signature: string; after: { label: string } } };
    expect(j.sent.after.label).toBe('link-provisioning');
    expect(node.ledger.landed.has(j.sent.signature)).toBe(true);
    expect((await bank(pk)).status).toBe(DeviceStatus.LinkProvisioning);
    // When the same command runs again (health now ready-for-users: the step after it is due)
    await oracle.sendOk(
      [createSetDeviceHealthInstruction({ programId: node.programId, payer: node.chain.healthOracle.publicKey, device: pk, args: { health: DeviceHealth.ReadyForUsers } })],
      [node.chain.healthOracle],
    );
    await confirmed();
    const landed = node.ledger.landed.size;
    const again = await cli(['promote-device', 'prm-dz2', 'link-provisioning', '--send', '-k', key]);
    // Then nothing is sent and the device stays where the command took it
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already done: device prm-dz2 is already link-provisioning; nothing to send');
    expect(node.ledger.landed.size).toBe(landed);
    expect((await bank(pk)).status).toBe(DeviceStatus.LinkProvisioning);
  });
});
