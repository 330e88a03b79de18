/**
 * The oracle refuses what a validator refuses, beyond what program-test's native mode checks:
 * a transaction whose signature does not verify never runs, and an instruction that changes a
 * read-only account fails.
 */
import { describe, expect, it } from 'vitest';
import { DeviceStatus, createSetDeviceHealthInstruction, DeviceHealth, deleteDevice, drainDevice, getTunnelIdsPda, getDzPrefixBlockPda } from '../../src/index.js';
import { useOracle } from './useOracle.js';
import { addDevice, bootstrap, readDevice } from './ledger.js';

const oracle = useOracle();

describe('the oracle, as strict as a validator', () => {
  it('refuses a transaction whose signature does not verify, and runs nothing', async () => {
    // Given a device and a correctly built health write
    const l = await bootstrap(oracle);
    const { pk } = await addDevice(l);
    const ix = createSetDeviceHealthInstruction({ programId: l.programId, payer: l.healthOracle.publicKey, device: pk, args: { health: DeviceHealth.Impaired } });
    const tx = await oracle.sign([ix], [l.healthOracle]);
    const wire = tx.serialize();
    // When one byte of the signature is flipped
    wire[1] = wire[1]! ^ 0xff;
    const r = await oracle.submit(wire);
    // Then the transaction is refused as a signature failure and the device is unchanged
    expect(r.success).toBe(false);
    expect(r.error).toMatchObject({ type: 'transaction', error: 'SignatureFailure' });
    expect((await readDevice(l, pk)).deviceHealth).not.toBe(DeviceHealth.Impaired);
    // and the intact bytes run
    expect((await oracle.submit(tx.serialize())).success).toBe(true);
  });

  it('fails an instruction that moves lamports into a read-only account', async () => {
    // Given a drained device whose resource accounts are closed into the program's own account
    // (read-only in every transaction that invokes it): a wrong owner list
    const l = await bootstrap(oracle);
    const { pk } = await addDevice(l);
    const roles = ['networkAdmin' as const];
    const base = { programId: l.programId, payer: l.admin.publicKey, roles, devicePk: pk };
    await oracle.sendOk([drainDevice({ ...base, device: await readDevice(l, pk) })], [l.admin]);
    const d = await readDevice(l, pk);
    expect(d.status).toBe(DeviceStatus.Drained);
    const owners = [getTunnelIdsPda(l.programId, pk, 0)[0], getDzPrefixBlockPda(l.programId, pk, 0)[0]].map(() => l.programId);
    const ix = deleteDevice({ ...base, device: d, resources: { kind: 'atomic', location: d.locationPk, exchange: d.exchangePk, owners, deviceOwner: d.owner } });
    // When it is sent; Then the oracle fails it, naming the account, as a validator would
    const r = await oracle.send([ix], [l.admin]);
    expect(r.success).toBe(false);
    expect(r.error).toMatchObject({ error: 'ProgramFailedToComplete' });
    expect(r.error!.panic).toContain(`read-only account ${l.programId.toBase58()}`);
  });
});
