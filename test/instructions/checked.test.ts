import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TransactionInstruction } from '@solana/web3.js';
import {
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LinkDesiredStatus,
  LinkHealth,
  LinkStatus,
  LoopbackType,
  RoutingMode,
} from '../../src/index.js';
import type { Device, Interface } from '../../src/index.js';
import type { Link } from '../../src/index.js';
import { InstructionArgumentError } from '../../src/index.js';
import { deviceUndeclaredValues, linkUndeclaredValues } from '../../src/core/instructions/accountRules.js';
import { IllegalTransitionError, ValidationError } from '../../src/index.js';
import {
  acceptLink,
  activateLink,
  changeDeviceStatus,
  changeLinkStatus,
  deleteDevice,
  deleteLink,
  drainDevice,
  hardDrainLink,
  promoteDevice,
  setDeviceDesiredStatus,
  setDeviceHealth,
  setLinkDesiredStatus,
  setLinkHealth,
  softDrainLink,
  undrainDevice,
} from '../../src/index.js';
import { decodeUpdateDeviceInstruction } from '../../src/index.js';
import { decodeUpdateLinkInstruction } from '../../src/index.js';
import { decodeSetDeviceHealthInstruction } from '../../src/index.js';
import { decodeSetLinkHealthInstruction } from '../../src/index.js';
import { decodeDeleteDeviceInstruction } from '../../src/index.js';
import { decodeDeleteLinkInstruction } from '../../src/index.js';
import { decodeAcceptLinkInstruction } from '../../src/index.js';
import {
  canAcceptLink,
  canChangeDeviceStatus,
  canChangeLinkStatus,
  canDeleteDevice,
  canDeleteLink,
  canSetDeviceDesiredStatus,
  canSetDeviceHealth,
  canSetLinkDesiredStatus,
  canSetLinkHealth,
  nextDeviceStatus,
  type Role,
} from '../../src/index.js';
import { pk, sampleDevice, sampleInterface, sampleLink } from '../helpers/accounts.js';

const programId = pk(255);
const payer = pk(1);
const devicePk = pk(30);
const linkPk = pk(31);
const sideZContributorPk = pk(32);

describe('device checked builders', () => {
  it('drainDevice writes status Drained and desired_status Drained in one UpdateDevice', () => {
    // Given an Activated device and its contributor
    const device = sampleDevice({ status: DeviceStatus.Activated });
    // When draining it
    const ix = drainDevice({ programId, payer, devicePk, device, roles: ['contributor'] });
    // Then the instruction is the spec's UpdateDevice with both fields set and nothing else
    const d = decodeUpdateDeviceInstruction(ix);
    expect(d.args.status).toBe(DeviceStatus.Drained);
    expect(d.args.desiredStatus).toBe(DeviceDesiredStatus.Drained);
    expect(Buffer.from(ix.data).toString('hex')).toBe('17' + '00'.repeat(9) + '0105' + '0106' + '00'.repeat(8) + '00'.repeat(7));
    expect(d.accounts.device.equals(devicePk)).toBe(true);
    expect(d.accounts.contributor.equals(device.contributorPk)).toBe(true);
    expect(d.accounts.currentLocation!.equals(device.locationPk)).toBe(true);
    expect(d.accounts.newLocation!.equals(device.locationPk)).toBe(true);
    expect(ix.keys.filter((k) => k.isSigner).map((k) => k.pubkey.toBase58())).toEqual([payer.toBase58()]);
  });

  it('drainDevice refuses a device that is not Activated, with a typed error an operator can read', () => {
    // Given a device still in device-provisioning
    const device = sampleDevice({ status: DeviceStatus.DeviceProvisioning });
    // When / Then
    let err: unknown;
    try {
      drainDevice({ programId, payer, devicePk, device, roles: ['networkAdmin'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IllegalTransitionError);
    const e = err as IllegalTransitionError;
    expect(e.code).toBe('ILLEGAL_TRANSITION');
    expect(e.from).toBe('device-provisioning');
    expect(e.to).toBe('drained');
    expect(e.roles).toEqual(['networkAdmin']);
    expect(e.message).toContain('device-provisioning');
    expect(e.message).toContain('drained');
  });

  it('drainDevice refuses a health oracle (not a role that may drain)', () => {
    const device = sampleDevice();
    expect(() => drainDevice({ programId, payer, devicePk, device, roles: ['healthOracle'] })).toThrow(IllegalTransitionError);
  });

  it('undrainDevice needs health ReadyForUsers and writes Activated/Activated', () => {
    // Given a drained device that is not healthy yet
    const sick = sampleDevice({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained, deviceHealth: DeviceHealth.Impaired });
    // Then undraining is refused
    expect(() => undrainDevice({ programId, payer, devicePk, device: sick, roles: ['contributor'] })).toThrow(/ready-for-users/);
    // Given it became ready for users
    const ready = { ...sick, deviceHealth: DeviceHealth.ReadyForUsers };
    // When undraining
    const d = decodeUpdateDeviceInstruction(undrainDevice({ programId, payer, devicePk, device: ready, roles: ['contributor'] }));
    // Then status and desired status are both Activated
    expect([d.args.status, d.args.desiredStatus]).toEqual([DeviceStatus.Activated, DeviceDesiredStatus.Activated]);
  });

  it('promoteDevice writes the reconciler next status only, and refuses when nothing is due', () => {
    // Given a device-provisioning device whose intent is Activated and health ready-for-links
    const device = sampleDevice({
      status: DeviceStatus.DeviceProvisioning,
      desiredStatus: DeviceDesiredStatus.Activated,
      deviceHealth: DeviceHealth.ReadyForLinks,
    });
    // When promoting as network admin
    const d = decodeUpdateDeviceInstruction(promoteDevice({ programId, payer, devicePk, device, roles: ['networkAdmin'] }));
    // Then it moves to link-provisioning and leaves desired status alone
    expect(d.args.status).toBe(DeviceStatus.LinkProvisioning);
    expect(d.args.desiredStatus).toBeNull();
    // And a device with nothing due is refused
    const idle = sampleDevice({ status: DeviceStatus.Activated, desiredStatus: DeviceDesiredStatus.Activated });
    expect(() => promoteDevice({ programId, payer, devicePk, device: idle, roles: ['networkAdmin'] })).toThrow(/nothing is due/);
    // And a contributor may not promote (networkAdmin only)
    expect(() => promoteDevice({ programId, payer, devicePk, device, roles: ['contributor'] })).toThrow(IllegalTransitionError);
  });

  it('promoteDevice with a target builds that step only when it is the one due', () => {
    // Given the device-provisioning device ready for links, with intent Activated
    const device = sampleDevice({ status: DeviceStatus.DeviceProvisioning, desiredStatus: DeviceDesiredStatus.Activated, deviceHealth: DeviceHealth.ReadyForLinks });
    const base = { programId, payer, devicePk, device, roles: ['networkAdmin'] as const };
    // When the step due is named, the instruction is the one promoteDevice builds without a target
    expect(promoteDevice({ ...base, roles: ['networkAdmin'], to: DeviceStatus.LinkProvisioning }).data).toEqual(promoteDevice({ ...base, roles: ['networkAdmin'] }).data);
    // When another step is named (the one after, or a step back), it is refused, naming the step due
    for (const to of [DeviceStatus.Activated, DeviceStatus.Drained, DeviceStatus.DeviceProvisioning]) {
      let err: unknown;
      try {
        promoteDevice({ ...base, roles: ['networkAdmin'], to });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(IllegalTransitionError);
      expect((err as IllegalTransitionError).message).toMatch(/^cannot change device status \(promote\) from device-provisioning to [a-z-]+: the next provisioning step is link-provisioning, not /);
    }
    // And with nothing due, a named target is refused the same way
    const idle = sampleDevice({ status: DeviceStatus.Activated, desiredStatus: DeviceDesiredStatus.Activated });
    expect(() => promoteDevice({ ...base, device: idle, roles: ['networkAdmin'], to: DeviceStatus.Drained })).toThrow(
      /cannot change device status \(promote\) from activated to drained: nothing is due/,
    );
  });

  it('setDeviceDesiredStatus and setDeviceHealth build the right instruction or refuse', () => {
    const device = sampleDevice();
    const ds = decodeUpdateDeviceInstruction(
      setDeviceDesiredStatus({ programId, payer, devicePk, device, roles: ['contributor'], to: DeviceDesiredStatus.Drained }),
    );
    expect(ds.args.desiredStatus).toBe(DeviceDesiredStatus.Drained);
    expect(ds.args.status).toBeNull();
    expect(() =>
      setDeviceDesiredStatus({ programId, payer, devicePk, device, roles: ['contributor'], to: DeviceDesiredStatus.Pending }),
    ).toThrow(IllegalTransitionError);
    const h = decodeSetDeviceHealthInstruction(
      setDeviceHealth({ programId, payer, devicePk, device, roles: ['healthOracle'], to: DeviceHealth.ReadyForLinks }),
    );
    expect(h.args.health).toBe(DeviceHealth.ReadyForLinks);
    expect(() => setDeviceHealth({ programId, payer, devicePk, device, roles: ['contributor'], to: DeviceHealth.Impaired })).toThrow(
      IllegalTransitionError,
    );
    expect(() => setDeviceHealth({ programId, payer, devicePk, device, roles: ['healthOracle'], to: DeviceHealth.Unknown })).toThrow(
      IllegalTransitionError,
    );
  });

  it('deleteDevice refuses a live device and builds the requested path otherwise', () => {
    const live = sampleDevice({ status: DeviceStatus.Activated });
    expect(() => deleteDevice({ programId, payer, devicePk, device: live, roles: ['contributor'], resources: { kind: 'legacy' } })).toThrow(
      /cannot delete device \(it is activated\)/,
    );
    const drained = sampleDevice({ status: DeviceStatus.Drained });
    const d = decodeDeleteDeviceInstruction(
      deleteDevice({
        programId,
        payer,
        devicePk,
        device: drained,
        roles: ['contributor'],
        resources: { kind: 'atomic', location: drained.locationPk, exchange: drained.exchangePk, owners: [pk(40), pk(41)], deviceOwner: drained.owner },
      }),
    );
    expect(d.args.resourceCount).toBe(2);
    const referenced = sampleDevice({ status: DeviceStatus.Drained, referenceCount: 1 });
    expect(() =>
      deleteDevice({ programId, payer, devicePk, device: referenced, roles: ['networkAdmin'], resources: { kind: 'legacy' } }),
    ).toThrow(IllegalTransitionError);
  });
});

describe('changeDeviceStatus / changeLinkStatus (any legal status write)', () => {
  it('a network admin moves a pending (deprecated) device to device-provisioning, status only', () => {
    // Given a device created by an old program in PendingDeprecated
    const device = sampleDevice({ status: DeviceStatus.PendingDeprecated, desiredStatus: DeviceDesiredStatus.Pending });
    // When a network admin starts provisioning it
    const d = decodeUpdateDeviceInstruction(changeDeviceStatus({ programId, payer, devicePk, device, roles: ['networkAdmin'], to: DeviceStatus.DeviceProvisioning }));
    // Then only the status is written
    expect([d.args.status, d.args.desiredStatus]).toEqual([DeviceStatus.DeviceProvisioning, null]);
    // And a contributor may not, nor may anyone write Deleting
    expect(() => changeDeviceStatus({ programId, payer, devicePk, device, roles: ['contributor'], to: DeviceStatus.DeviceProvisioning })).toThrow(IllegalTransitionError);
    expect(() => changeDeviceStatus({ programId, payer, devicePk, device: sampleDevice(), roles: ['networkAdmin'], to: DeviceStatus.Deleting })).toThrow(IllegalTransitionError);
  });

  it('a network admin moves a pending (deprecated) link to provisioning; Requested needs AcceptLink', () => {
    const link = sampleLink({ status: LinkStatus.PendingDeprecated, desiredStatus: LinkDesiredStatus.Pending });
    const d = decodeUpdateLinkInstruction(changeLinkStatus({ programId, payer, linkPk, link, roles: ['networkAdmin'], to: LinkStatus.Provisioning }));
    expect([d.args.status, d.args.desiredStatus]).toEqual([LinkStatus.Provisioning, null]);
    const requested = sampleLink({ status: LinkStatus.Requested });
    expect(() => changeLinkStatus({ programId, payer, linkPk, link: requested, roles: ['networkAdmin'], to: LinkStatus.Activated })).toThrow(/AcceptLink/);
  });
});

describe('link checked builders', () => {
  it('softDrainLink from the link contributor uses the link-contributor preamble and writes both fields', () => {
    const link = sampleLink();
    const ix = softDrainLink({ programId, payer, linkPk, link, roles: ['contributor'] });
    const d = decodeUpdateLinkInstruction(ix);
    expect([d.args.status, d.args.desiredStatus]).toEqual([LinkStatus.SoftDrained, LinkDesiredStatus.SoftDrained]);
    expect(d.accounts.contributor.equals(link.contributorPk)).toBe(true);
    expect(ix.keys).toHaveLength(5);
  });

  it('a side-Z contributor gets the side-Z preamble, and must say who that contributor is', () => {
    const link = sampleLink();
    const ix = hardDrainLink({ programId, payer, linkPk, link, roles: ['sideZContributor'], sideZContributorPk });
    expect(ix.keys.map((k) => k.pubkey.toBase58()).slice(0, 3)).toEqual([linkPk, sideZContributorPk, link.sideZPk].map((k) => k.toBase58()));
    const d = decodeUpdateLinkInstruction(ix);
    expect([d.args.status, d.args.desiredStatus]).toEqual([LinkStatus.HardDrained, LinkDesiredStatus.HardDrained]);
    expect(() => hardDrainLink({ programId, payer, linkPk, link, roles: ['sideZContributor'] })).toThrow(ValidationError);
  });

  it('activateLink needs ReadyForService; Requested links only through acceptLink', () => {
    const drained = sampleLink({ status: LinkStatus.SoftDrained, linkHealth: LinkHealth.Impaired });
    expect(() => activateLink({ programId, payer, linkPk, link: drained, roles: ['networkAdmin'] })).toThrow(/ready-for-service/);
    const requested = sampleLink({ status: LinkStatus.Requested });
    expect(() => activateLink({ programId, payer, linkPk, link: requested, roles: ['networkAdmin'] })).toThrow(/AcceptLink/);
    // (Without the side devices, only with the explicit skip: the program rewrites both.)
    const ix = acceptLink({ programId, payer, linkPk, link: requested, roles: ['sideZContributor'], sideZContributorPk, sideZIfaceName: 'Ethernet1', skipSideDeviceChecks: true });
    const d = decodeAcceptLinkInstruction(ix);
    expect(d.args.sideZIfaceName).toBe('Ethernet1');
    expect(d.accounts.contributor.equals(sideZContributorPk)).toBe(true);
    expect(() =>
      acceptLink({ programId, payer, linkPk, link: requested, roles: ['contributor'], sideZContributorPk, sideZIfaceName: 'Ethernet1', skipSideDeviceChecks: true }),
    ).toThrow(IllegalTransitionError);
  });

  it('acceptLink with the side-Z device checks its interface offline, as the program would', () => {
    // Given a Requested DZX link of 10 Gbps and a side-Z device with a few interfaces
    const requested = sampleLink({ status: LinkStatus.Requested, bandwidth: 10_000_000_000n });
    const iface = (name: string, over: Partial<Interface> = {}): Interface => ({
      size: 45 + name.length, version: 4, status: InterfaceStatus.Unlinked, name, interfaceType: InterfaceType.Physical,
      interfaceCyoa: InterfaceCYOA.None, interfaceDia: InterfaceDIA.None, loopbackType: LoopbackType.None,
      bandwidth: 100_000_000_000n, cir: 0n, mtu: 9000, routingMode: RoutingMode.Static, vlanId: 0, ipNet: '0.0.0.0/0',
      nodeSegmentIdx: 0, userTunnelEndpoint: false, flexAlgoNodeSegments: [], ...over,
    });
    const sideZDevice = sampleDevice({
      contributorPk: sideZContributorPk,
      interfaces: [
        iface('Ethernet1'),
        iface('Ethernet2', { status: InterfaceStatus.Activated }),
        iface('Ethernet3', { interfaceCyoa: InterfaceCYOA.GREOverDIA }),
        iface('Ethernet4', { bandwidth: 1_000_000_000n }),
      ],
    });
    const sideADevice = sampleDevice({ interfaces: [iface(requested.sideAIfaceName)] });
    const base = { programId, payer, linkPk, link: requested, roles: ['sideZContributor'] as Role[], sideZDevice, sideADevice };
    // When accepting on a good interface, then the device's contributor is the passed contributor
    const d = decodeAcceptLinkInstruction(acceptLink({ ...base, sideZIfaceName: 'Ethernet1' }));
    expect(d.accounts.contributor.equals(sideZContributorPk)).toBe(true);
    // Then every rule the program checks on the interface is refused with the error it would give
    const refusal = (name: string) => {
      try {
        acceptLink({ ...base, sideZIfaceName: name });
      } catch (e) {
        return e as InstructionArgumentError;
      }
      throw new Error(`accepted ${name}`);
    };
    expect(refusal('Ethernet9').programError.name).toBe('InvalidInterfaceName');
    expect(refusal('ethernet1').programError.name).toBe('InvalidInterfaceName'); // exact, case-sensitive
    expect(refusal('Ethernet2').programError.name).toBe('InvalidStatus');
    expect(refusal('Ethernet3').programError.name).toBe('InterfaceHasEdgeAssignment');
    expect(refusal('Ethernet4').programError.name).toBe('InvalidBandwidth');
    expect(refusal('Ethernet9')).toBeInstanceOf(ValidationError);
  });

  it('setLinkDesiredStatus, setLinkHealth and deleteLink follow the tables', () => {
    const link = sampleLink();
    expect(
      decodeUpdateLinkInstruction(setLinkDesiredStatus({ programId, payer, linkPk, link, roles: ['contributor'], to: LinkDesiredStatus.HardDrained })).args
        .desiredStatus,
    ).toBe(LinkDesiredStatus.HardDrained);
    expect(
      decodeSetLinkHealthInstruction(setLinkHealth({ programId, payer, linkPk, link, roles: ['healthOracle'], to: LinkHealth.Impaired })).args.health,
    ).toBe(LinkHealth.Impaired);
    expect(() => deleteLink({ programId, payer, linkPk, link, roles: ['contributor'], skipSideDeviceChecks: true })).toThrow(/drain/);
    const drained = sampleLink({ status: LinkStatus.HardDrained, linkTopologies: [pk(50)] });
    const d = decodeDeleteLinkInstruction(deleteLink({ programId, payer, linkPk, link: drained, roles: ['contributor'], sideADevice: sampleDevice(), sideZDevice: sampleDevice() }));
    expect(d.accounts.owner.equals(drained.owner)).toBe(true);
    expect(d.accounts.topologies.map((k) => k.toBase58())).toEqual([pk(50).toBase58()]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: illegal requests never produce an instruction. For random accounts, roles and
// requests, a builder either returns an instruction that writes exactly what was asked — and
// the lifecycle allows it on an account holding only values the program declares — or throws
// IllegalTransitionError — and the lifecycle refuses it, or the account holds an undeclared value.

const ROLE_LIST: Role[] = ['contributor', 'sideZContributor', 'networkAdmin', 'healthOracle'];
const roleSet = fc.subarray(ROLE_LIST);
const byteish = (known: number[]) => fc.oneof(fc.constantFrom(...known), fc.integer({ min: 0, max: 255 }));

/**
 * The property itself: `run` builds an instruction exactly when the lifecycle `allowed` it (and
 * the instruction writes what was asked), and otherwise throws IllegalTransitionError with a
 * reason. Any other exception fails the property.
 */
function expectBuiltIffAllowed(allowed: boolean, run: () => TransactionInstruction, expectWrite: (ix: TransactionInstruction) => void): void {
  let ix: TransactionInstruction;
  try {
    ix = run();
  } catch (e) {
    if (!(e instanceof IllegalTransitionError)) throw e;
    expect(allowed).toBe(false);
    expect(e.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(allowed).toBe(true);
  expectWrite(ix);
}

describe('illegal requests never produce an instruction (property)', () => {
  it('device builders', () => {
    fc.assert(
      fc.property(
        byteish([0, 1, 3, 4, 5, 6, 7]),
        byteish([0, 1, 6]),
        byteish([0, 1, 2, 3, 4]),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1 }),
        roleSet,
        fc.constantFrom('drain', 'undrain', 'promote', 'change', 'desired', 'health', 'delete'),
        byteish([0, 1, 2, 3, 4, 5, 6, 7]),
        (status, desiredStatus, deviceHealth, referenceCount, nIf, roles, action, to) => {
          const device = sampleDevice({ status, desiredStatus, deviceHealth, referenceCount });
          if (nIf) device.interfaces = [sampleInterface('Ethernet1')];
          const base = { programId, payer, devicePk, device, roles };
          let allowed: boolean;
          let run: () => TransactionInstruction;
          let expectWrite: (ix: TransactionInstruction) => void;
          let wrote: Partial<Device> = {};
          switch (action) {
            case 'drain':
            case 'undrain': {
              const target = action === 'drain' ? DeviceStatus.Drained : DeviceStatus.Activated;
              allowed = canChangeDeviceStatus(device, target, roles).ok;
              wrote = { status: target, desiredStatus: action === 'drain' ? DeviceDesiredStatus.Drained : DeviceDesiredStatus.Activated };
              run = () => (action === 'drain' ? drainDevice(base) : undrainDevice(base));
              expectWrite = (ix) => {
                const a = decodeUpdateDeviceInstruction(ix).args;
                expect(a.status).toBe(target);
                expect(a.desiredStatus).toBe(action === 'drain' ? DeviceDesiredStatus.Drained : DeviceDesiredStatus.Activated);
              };
              break;
            }
            case 'change': {
              // Any target, including undeclared ones: matching desired status only for Activated/Drained.
              const desired = to === DeviceStatus.Activated ? DeviceDesiredStatus.Activated : to === DeviceStatus.Drained ? DeviceDesiredStatus.Drained : null;
              allowed = canChangeDeviceStatus(device, to, roles).ok;
              wrote = desired === null ? { status: to } : { status: to, desiredStatus: desired };
              run = () => changeDeviceStatus({ ...base, to });
              expectWrite = (ix) => {
                const a = decodeUpdateDeviceInstruction(ix).args;
                expect([a.status, a.desiredStatus]).toEqual([to, desired]);
              };
              break;
            }
            case 'promote': {
              const next = nextDeviceStatus(device);
              allowed = next !== undefined && canChangeDeviceStatus(device, next, roles).ok;
              wrote = next === undefined ? {} : { status: next };
              run = () => promoteDevice(base);
              expectWrite = (ix) => expect(decodeUpdateDeviceInstruction(ix).args.status).toBe(next);
              break;
            }
            case 'desired':
              allowed = canSetDeviceDesiredStatus(device, to, roles).ok;
              wrote = { desiredStatus: to };
              run = () => setDeviceDesiredStatus({ ...base, to });
              expectWrite = (ix) => expect(decodeUpdateDeviceInstruction(ix).args.desiredStatus).toBe(to);
              break;
            case 'health':
              allowed = canSetDeviceHealth(device, to, roles).ok;
              wrote = { deviceHealth: to };
              run = () => setDeviceHealth({ ...base, to });
              expectWrite = (ix) => expect(decodeSetDeviceHealthInstruction(ix).args.health).toBe(to);
              break;
            default:
              allowed = canDeleteDevice(device, roles).ok;
              run = () => deleteDevice({ ...base, resources: { kind: 'legacy' } });
              expectWrite = (ix) => expect(decodeDeleteDeviceInstruction(ix).args.resourceCount).toBe(0);
          }
          // the account as the write leaves it must hold only declared values (a delete writes nothing new)
          const post = { ...device, ...(action === 'delete' ? {} : wrote) };
          expectBuiltIffAllowed(allowed && deviceUndeclaredValues(post) === undefined, run, expectWrite);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('link builders', () => {
    fc.assert(
      fc.property(
        byteish([0, 1, 3, 4, 5, 6, 7, 8]),
        byteish([0, 1, 6, 7]),
        byteish([0, 1, 2, 3]),
        roleSet,
        fc.constantFrom('soft', 'hard', 'activate', 'change', 'accept', 'desired', 'health', 'delete'),
        byteish([0, 1, 2, 3, 5, 6, 7, 8]),
        (status, desiredStatus, linkHealth, roles, action, to) => {
          const link = sampleLink({ status, desiredStatus, linkHealth });
          // The lifecycle alone decides here: the side devices' checks are skipped explicitly.
          const base = { programId, payer, linkPk, link, roles, sideZContributorPk, skipSideDeviceChecks: true };
          let allowed: boolean;
          let run: () => TransactionInstruction;
          let expectWrite: (ix: TransactionInstruction) => void;
          let wrote: Partial<Link> = {};
          const statusWrite = (target: LinkStatus, desired: LinkDesiredStatus) => (ix: TransactionInstruction) => {
            const a = decodeUpdateLinkInstruction(ix).args;
            expect([a.status, a.desiredStatus]).toEqual([target, desired]);
          };
          switch (action) {
            case 'soft':
              allowed = canChangeLinkStatus(link, LinkStatus.SoftDrained, roles).ok;
              wrote = { status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained };
              run = () => softDrainLink(base);
              expectWrite = statusWrite(LinkStatus.SoftDrained, LinkDesiredStatus.SoftDrained);
              break;
            case 'hard':
              allowed = canChangeLinkStatus(link, LinkStatus.HardDrained, roles).ok;
              wrote = { status: LinkStatus.HardDrained, desiredStatus: LinkDesiredStatus.HardDrained };
              run = () => hardDrainLink(base);
              expectWrite = statusWrite(LinkStatus.HardDrained, LinkDesiredStatus.HardDrained);
              break;
            case 'activate':
              allowed = canChangeLinkStatus(link, LinkStatus.Activated, roles).ok;
              wrote = { status: LinkStatus.Activated, desiredStatus: LinkDesiredStatus.Activated };
              run = () => activateLink(base);
              expectWrite = statusWrite(LinkStatus.Activated, LinkDesiredStatus.Activated);
              break;
            case 'change': {
              const desired = { 1: LinkDesiredStatus.Activated, 6: LinkDesiredStatus.HardDrained, 7: LinkDesiredStatus.SoftDrained }[to] ?? null;
              allowed = canChangeLinkStatus(link, to, roles).ok;
              wrote = desired === null ? { status: to } : { status: to, desiredStatus: desired };
              run = () => changeLinkStatus({ ...base, to });
              expectWrite = (ix) => {
                const a = decodeUpdateLinkInstruction(ix).args;
                expect([a.status, a.desiredStatus]).toEqual([to, desired]);
              };
              break;
            }
            case 'accept':
              allowed = canAcceptLink(link, roles).ok;
              wrote = { status: LinkStatus.Activated };
              run = () => acceptLink({ ...base, sideZIfaceName: 'Ethernet1' });
              expectWrite = (ix) => expect(decodeAcceptLinkInstruction(ix).args.sideZIfaceName).toBe('Ethernet1');
              break;
            case 'desired':
              allowed = canSetLinkDesiredStatus(link, to, roles).ok;
              wrote = { desiredStatus: to };
              run = () => setLinkDesiredStatus({ ...base, to });
              expectWrite = (ix) => expect(decodeUpdateLinkInstruction(ix).args.desiredStatus).toBe(to);
              break;
            case 'health':
              allowed = canSetLinkHealth(link, to, roles).ok;
              wrote = { linkHealth: to };
              run = () => setLinkHealth({ ...base, to });
              expectWrite = (ix) => expect(decodeSetLinkHealthInstruction(ix).args.health).toBe(to);
              break;
            default:
              allowed = canDeleteLink(link, roles).ok;
              run = () => deleteLink(base);
              expectWrite = (ix) => expect(decodeDeleteLinkInstruction(ix).accounts.link.equals(linkPk)).toBe(true);
          }
          const post = { ...link, ...(action === 'delete' ? {} : wrote) };
          expectBuiltIffAllowed(allowed && linkUndeclaredValues(post) === undefined, run, expectWrite);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
