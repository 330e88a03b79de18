/**
 * Every dzprov builder, raw and lifecycle-checked, executed by the program in one realistic
 * provisioning story: devices created → interfaces → links created → accepted → drained →
 * undrained → health and desired status → promoted → deleted. After each step the post-state
 * bytes the program wrote are decoded by dzprov, compared with what the step intended, and
 * re-encoded byte for byte.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  InterfaceStatus,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  acceptLink,
  activateLink,
  changeDeviceStatus,
  changeLinkStatus,
  createDeleteDeviceInterfaceInstruction,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  createUpdateDeviceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  decodeDevice,
  decodeLink,
  deleteDevice,
  deleteLink,
  drainDevice,
  encodeDevice,
  encodeLink,
  getDzPrefixBlockPda,
  getTunnelIdsPda,
  hardDrainLink,
  planDeviceMaintenance,
  planDeviceReturn,
  promoteDevice,
  setDeviceDesiredStatus,
  setDeviceHealth,
  setLinkDesiredStatus,
  setLinkHealth,
  softDrainLink,
  undrainDevice,
  type Device,
  type Link,
  type Role,
} from '../../src/index.js';
import { type ExecResult } from './oracle.js';
import { useOracle } from './useOracle.js';
import { addDevice, addInterface, addLink, bootstrap, physicalInterface, readDevice, readLink, type Ledger } from './ledger.js';

const oracle = useOracle();
let l: Ledger;
const builders = new Set<string>();

beforeAll(async () => {
  l = await bootstrap(oracle);
});
/** The account's post-state as dzprov decodes it, after checking it re-encodes to the same bytes. */
function postDevice(r: ExecResult, pk: PublicKey): Device {
  const bytes = r.accounts.get(pk.toBase58())!.data;
  const d = decodeDevice(bytes, { programId: l.programId });
  expect(Buffer.from(encodeDevice(d)).equals(Buffer.from(bytes))).toBe(true);
  return d;
}
function postLink(r: ExecResult, pk: PublicKey): Link {
  const bytes = r.accounts.get(pk.toBase58())!.data;
  const k = decodeLink(bytes, { programId: l.programId });
  expect(Buffer.from(encodeLink(k)).equals(Buffer.from(bytes))).toBe(true);
  return k;
}

async function ok(name: string, ix: TransactionInstruction, signer: Keypair): Promise<ExecResult> {
  builders.add(name);
  const r = await oracle.send([ix], [signer]);
  if (!r.success) throw new Error(`${name}: ${JSON.stringify(r.error)}\n${r.logs.join('\n')}`);
  return r;
}

const base = (signer: Keypair, roles: Role[]) => ({ programId: l.programId, payer: signer.publicKey, roles });

describe('the provisioning story, every builder executed by the program', () => {
  // Shared across the steps, in order.
  let devA: PublicKey, devZ: PublicKey, devX: PublicKey;
  let wan: PublicKey, dzx: PublicKey;
  const coa = () => l.contributors[0]!;
  const cob = () => l.contributors[1]!;

  it('creates devices (contributor owner and network admin), interfaces, and updates and deletes one', async () => {
    // Given two contributors; When coa's owner creates A and the foundation creates Z (for coa) and X (for cob)
    const a = await addDevice(l, { contributor: coa(), signer: coa().owner });
    builders.add('createCreateDeviceInstruction');
    expect(a.result.success, JSON.stringify(a.result.error)).toBe(true);
    devA = a.pk;
    // Then the program stored what dzprov asked for
    const dA = postDevice(a.result, devA);
    expect(dA.status).toBe(DeviceStatus.Activated);
    expect(dA.desiredStatus).toBe(DeviceDesiredStatus.Activated);
    expect(dA.contributorPk.equals(coa().pk)).toBe(true);
    expect(dA.owner.equals(coa().owner.publicKey)).toBe(true);
    devZ = (await addDevice(l, { contributor: coa() })).pk;
    devX = (await addDevice(l, { contributor: cob(), exchange: l.exchanges[1], location: l.locations[1] })).pk;

    // When interfaces are created on every device (and a spare on A)
    for (const [dev, name] of [[devA, 'Ethernet1'], [devA, 'Ethernet2'], [devZ, 'Ethernet1'], [devX, 'Ethernet1']] as const) {
      const r = await addInterface(l, dev, physicalInterface(name));
      builders.add('createCreateDeviceInterfaceInstruction');
      expect(r.success, JSON.stringify(r.error) + r.logs.join('\n')).toBe(true);
      const d = postDevice(r, dev);
      const iface = d.interfaces.find((i) => i.name === name)!;
      expect(iface.status).toBe(InterfaceStatus.Unlinked);
    }
    // When the spare's bandwidth is updated (raw UpdateDeviceInterface by the contributor owner)
    const upd = await ok(
      'createUpdateDeviceInterfaceInstruction',
      createUpdateDeviceInterfaceInstruction({
        programId: l.programId,
        payer: coa().owner.publicKey,
        device: devA,
        contributor: coa().pk,
        args: { name: 'ethernet2', bandwidth: 40_000_000_000n },
      }),
      coa().owner,
    );
    expect(postDevice(upd, devA).interfaces.find((i) => i.name === 'Ethernet2')!.bandwidth).toBe(40_000_000_000n);
    // When the spare is deleted
    const del = await ok(
      'createDeleteDeviceInterfaceInstruction',
      createDeleteDeviceInterfaceInstruction({
        programId: l.programId,
        payer: l.admin.publicKey,
        device: devA,
        contributor: coa().pk,
        args: { name: 'Ethernet2', useOnchainDeallocation: true },
      }),
      l.admin,
    );
    // Then it is gone (or marked Deleting, as the program does for a deletion in two phases)
    const after = postDevice(del, devA).interfaces.find((i) => i.name === 'Ethernet2');
    expect(after === undefined || after.status === InterfaceStatus.Deleting).toBe(true);
  });

  it('creates a WAN link (Activated) and a DZX link that side Z accepts', async () => {
    const w = await addLink(l, devA, devZ, { signer: coa().owner });
    builders.add('createCreateLinkInstruction');
    expect(w.result.success, JSON.stringify(w.result.error) + w.result.logs.join('\n')).toBe(true);
    wan = w.pk;
    const k = postLink(w.result, wan);
    expect(k.status).toBe(LinkStatus.Activated);
    expect(k.sideAPk.equals(devA)).toBe(true);
    expect(postDevice(w.result, devA).interfaces.find((i) => i.name === 'Ethernet1')!.status).toBe(InterfaceStatus.Activated);

    // Given a spare interface for the DZX link on A
    expect((await addInterface(l, devA, physicalInterface('Ethernet3'))).success).toBe(true);
    const x = await addLink(l, devA, devX, {
      signer: l.admin,
      args: { linkType: LinkLinkType.DZX, sideAIfaceName: 'Ethernet3', sideZIfaceName: null },
    });
    expect(x.result.success, JSON.stringify(x.result.error) + x.result.logs.join('\n')).toBe(true);
    dzx = x.pk;
    expect(postLink(x.result, dzx).status).toBe(LinkStatus.Requested);

    // When side Z's contributor accepts it with the checked builder
    const link = await readLink(l, dzx);
    const r = await ok(
      'acceptLink',
      acceptLink({ ...base(cob().owner, ['sideZContributor']), linkPk: dzx, link, sideZDevice: await readDevice(l, devX), sideADevice: await readDevice(l, devA), sideZIfaceName: 'Ethernet1' }),
      cob().owner,
    );
    // Then it is Activated and side Z's interface is linked
    expect(postLink(r, dzx).status).toBe(LinkStatus.Activated);
    expect(postDevice(r, devX).interfaces[0]!.status).toBe(InterfaceStatus.Activated);
  });

  it('drains, re-drains and reactivates links, with health and desired status', async () => {
    const roles: Role[] = ['contributor'];
    const step = async (name: string, build: (link: Link) => TransactionInstruction, signer: Keypair, pk = wan) => {
      const r = await ok(name, build(await readLink(l, pk)), signer);
      return postLink(r, pk);
    };
    let k = await step('softDrainLink', (link) => softDrainLink({ ...base(coa().owner, roles), linkPk: wan, link }), coa().owner);
    expect([k.status, k.desiredStatus]).toEqual([LinkStatus.SoftDrained, LinkDesiredStatus.SoftDrained]);
    k = await step('hardDrainLink', (link) => hardDrainLink({ ...base(coa().owner, roles), linkPk: wan, link }), coa().owner);
    expect([k.status, k.desiredStatus]).toEqual([LinkStatus.HardDrained, LinkDesiredStatus.HardDrained]);
    k = await step('setLinkHealth', (link) => setLinkHealth({ ...base(l.healthOracle, ['healthOracle']), linkPk: wan, link, to: LinkHealth.Impaired }), l.healthOracle);
    expect(k.linkHealth).toBe(LinkHealth.Impaired);
    k = await step('setLinkDesiredStatus', (link) => setLinkDesiredStatus({ ...base(coa().owner, roles), linkPk: wan, link, to: LinkDesiredStatus.Activated }), coa().owner);
    expect(k.desiredStatus).toBe(LinkDesiredStatus.Activated);
    k = await step(
      'createSetLinkHealthInstruction',
      () => createSetLinkHealthInstruction({ programId: l.programId, payer: l.admin.publicKey, link: wan, args: { health: LinkHealth.ReadyForService } }),
      l.admin,
    );
    expect(k.linkHealth).toBe(LinkHealth.ReadyForService);
    k = await step('activateLink', (link) => activateLink({ ...base(coa().owner, roles), linkPk: wan, link }), coa().owner);
    expect([k.status, k.desiredStatus]).toEqual([LinkStatus.Activated, LinkDesiredStatus.Activated]);
    // A raw UpdateLink of a plain field (delay override) by the network admin
    k = await step(
      'createUpdateLinkInstruction',
      (link) =>
        createUpdateLinkInstruction({
          programId: l.programId,
          payer: l.admin.publicKey,
          link: wan,
          authority: { kind: 'contributor', contributor: link.contributorPk },
          args: { delayOverrideNs: 2_000_000n },
        }),
      l.admin,
    );
    expect(k.delayOverrideNs).toBe(2_000_000n);
    // changeLinkStatus: Activated → HardDrained by the side-Z contributor of the DZX link
    k = await step(
      'changeLinkStatus',
      (link) => changeLinkStatus({ ...base(cob().owner, ['sideZContributor']), linkPk: dzx, link, sideZContributorPk: cob().pk, to: LinkStatus.HardDrained }),
      cob().owner,
      dzx,
    );
    expect(k.status).toBe(LinkStatus.HardDrained);
  });

  it('drains and undrains a device, sets its health and desired status, plans maintenance', async () => {
    const roles: Role[] = ['contributor'];
    const step = async (name: string, build: (d: Device) => TransactionInstruction, signer: Keypair, pk = devA) => {
      const r = await ok(name, build(await readDevice(l, pk)), signer);
      return postDevice(r, pk);
    };
    let d = await step('drainDevice', (device) => drainDevice({ ...base(coa().owner, roles), devicePk: devA, device }), coa().owner);
    expect([d.status, d.desiredStatus]).toEqual([DeviceStatus.Drained, DeviceDesiredStatus.Drained]);
    d = await step('setDeviceHealth', (device) => setDeviceHealth({ ...base(l.healthOracle, ['healthOracle']), devicePk: devA, device, to: DeviceHealth.ReadyForUsers }), l.healthOracle);
    expect(d.deviceHealth).toBe(DeviceHealth.ReadyForUsers);
    d = await step('undrainDevice', (device) => undrainDevice({ ...base(coa().owner, roles), devicePk: devA, device }), coa().owner);
    expect([d.status, d.desiredStatus]).toEqual([DeviceStatus.Activated, DeviceDesiredStatus.Activated]);
    d = await step('setDeviceDesiredStatus', (device) => setDeviceDesiredStatus({ ...base(l.admin, ['networkAdmin']), devicePk: devA, device, to: DeviceDesiredStatus.Drained }), l.admin);
    expect(d.desiredStatus).toBe(DeviceDesiredStatus.Drained);
    d = await step('changeDeviceStatus', (device) => changeDeviceStatus({ ...base(l.admin, ['networkAdmin']), devicePk: devA, device, to: DeviceStatus.Drained }), l.admin);
    expect(d.status).toBe(DeviceStatus.Drained);
    d = await step('undrainDevice', (device) => undrainDevice({ ...base(l.admin, ['networkAdmin']), devicePk: devA, device }), l.admin);
    expect(d.status).toBe(DeviceStatus.Activated);

    // Maintenance plan: soft-drain every Activated link of Z, then drain Z; then return it
    const links = [{ pubkey: wan, link: await readLink(l, wan) }];
    const plan = planDeviceMaintenance({ ...base(coa().owner, roles), devicePk: devZ, device: await readDevice(l, devZ), links });
    expect(plan.ready).toBe(true);
    for (const s of plan.steps) if (!s.blocked) await ok('planDeviceMaintenance', s.instruction, coa().owner);
    expect((await readDevice(l, devZ)).status).toBe(DeviceStatus.Drained);
    expect((await readLink(l, wan)).status).toBe(LinkStatus.SoftDrained);
    const back = planDeviceReturn({ ...base(coa().owner, roles), devicePk: devZ, device: await readDevice(l, devZ), links: [{ pubkey: wan, link: await readLink(l, wan) }] });
    expect(back.ready).toBe(true);
    for (const s of back.steps) if (!s.blocked) await ok('planDeviceReturn', s.instruction, coa().owner);
    expect((await readDevice(l, devZ)).status).toBe(DeviceStatus.Activated);
    expect((await readLink(l, wan)).status).toBe(LinkStatus.Activated);
  });

  it('promotes a device through provisioning with the health oracle', async () => {
    // Given a new device moved to DeviceProvisioning with health Pending by raw writes of the network admin
    const p = (await addDevice(l, { contributor: coa() })).pk;
    let dev = await readDevice(l, p);
    let r = await ok(
      'createUpdateDeviceInstruction',
      createUpdateDeviceInstruction({
        programId: l.programId,
        payer: l.admin.publicKey,
        device: p,
        currentContributor: dev.contributorPk,
        currentLocation: dev.locationPk,
        args: { status: DeviceStatus.DeviceProvisioning, maxUsers: 64 },
      }),
      l.admin,
    );
    expect(postDevice(r, p).status).toBe(DeviceStatus.DeviceProvisioning);
    expect(postDevice(r, p).maxUsers).toBe(64);
    r = await ok(
      'createSetDeviceHealthInstruction',
      createSetDeviceHealthInstruction({ programId: l.programId, payer: l.healthOracle.publicKey, device: p, args: { health: DeviceHealth.ReadyForLinks } }),
      l.healthOracle,
    );
    expect(postDevice(r, p).deviceHealth).toBe(DeviceHealth.ReadyForLinks);
    // When the reconciler's steps are sent
    dev = await readDevice(l, p);
    r = await ok('promoteDevice', promoteDevice({ ...base(l.admin, ['networkAdmin']), devicePk: p, device: dev }), l.admin);
    expect(postDevice(r, p).status).toBe(DeviceStatus.LinkProvisioning);
    dev = await readDevice(l, p);
    r = await ok('setDeviceHealth', setDeviceHealth({ ...base(l.healthOracle, ['healthOracle']), devicePk: p, device: dev, to: DeviceHealth.ReadyForUsers }), l.healthOracle);
    dev = postDevice(r, p);
    r = await ok('promoteDevice', promoteDevice({ ...base(l.admin, ['networkAdmin']), devicePk: p, device: dev }), l.admin);
    // Then it is Activated
    expect(postDevice(r, p).status).toBe(DeviceStatus.Activated);
  });

  it('deletes the links, the interfaces and the devices', async () => {
    // Links must be drained first (policy); the DZX link is HardDrained already
    let link = await readLink(l, wan);
    await ok('hardDrainLink', hardDrainLink({ ...base(coa().owner, ['contributor']), linkPk: wan, link }), coa().owner);
    for (const pk of [wan, dzx]) {
      link = await readLink(l, pk);
      const r = await ok(
        'deleteLink',
        deleteLink({ ...base(l.admin, ['networkAdmin']), linkPk: pk, link, sideADevice: await readDevice(l, link.sideAPk), sideZDevice: await readDevice(l, link.sideZPk) }),
        l.admin,
      );
      const acc = r.accounts.get(pk.toBase58())!;
      // The link account is closed (or marked Deleting by the program's two-phase path)
      if (acc.exists && acc.data.length > 0) expect(decodeLink(acc.data).status).toBe(LinkStatus.Deleting);
    }
    // Interfaces go before the device; then the device is drained (not Activated) and deleted atomically
    for (const dev of [devA, devZ, devX]) {
      for (const iface of (await readDevice(l, dev)).interfaces) {
        const d = await readDevice(l, dev);
        await ok(
          'createDeleteDeviceInterfaceInstruction',
          createDeleteDeviceInterfaceInstruction({
            programId: l.programId,
            payer: l.admin.publicKey,
            device: dev,
            contributor: d.contributorPk,
            args: { name: iface.name, useOnchainDeallocation: true },
          }),
          l.admin,
        );
      }
      let d = await readDevice(l, dev);
      if (d.status === DeviceStatus.Activated) {
        await ok('drainDevice', drainDevice({ ...base(l.admin, ['networkAdmin']), devicePk: dev, device: d }), l.admin);
        d = await readDevice(l, dev);
      }
      expect(d.interfaces).toEqual([]);
      // Each resource account records who receives its lamports (bytes 1..33), as the client reads it
      const owners = (await oracle.getAccounts([getTunnelIdsPda(l.programId, dev, 0)[0], ...d.dzPrefixes.map((_, i) => getDzPrefixBlockPda(l.programId, dev, i)[0])])).map(
        (a) => new PublicKey(a.data.subarray(1, 33)),
      );
      const r = await ok(
        'deleteDevice',
        deleteDevice({
          ...base(l.admin, ['networkAdmin']),
          devicePk: dev,
          device: d,
          resources: { kind: 'atomic', location: d.locationPk, exchange: d.exchangePk, owners, deviceOwner: d.owner },
        }),
        l.admin,
      );
      // Then the device account is closed
      const acc = r.accounts.get(dev.toBase58())!;
      expect(acc.exists && acc.data.length > 0).toBe(false);
    }
  });

  it('executed every builder', () => {
    expect([...builders].sort()).toEqual(
      [
        'acceptLink',
        'activateLink',
        'changeDeviceStatus',
        'changeLinkStatus',
        'createCreateDeviceInstruction',
        'createCreateDeviceInterfaceInstruction',
        'createCreateLinkInstruction',
        'createDeleteDeviceInterfaceInstruction',
        'createSetDeviceHealthInstruction',
        'createSetLinkHealthInstruction',
        'createUpdateDeviceInstruction',
        'createUpdateDeviceInterfaceInstruction',
        'createUpdateLinkInstruction',
        'deleteDevice',
        'deleteLink',
        'drainDevice',
        'hardDrainLink',
        'planDeviceMaintenance',
        'planDeviceReturn',
        'promoteDevice',
        'setDeviceDesiredStatus',
        'setDeviceHealth',
        'setLinkDesiredStatus',
        'setLinkHealth',
        'softDrainLink',
        'undrainDevice',
      ].sort(),
    );
  });
});
