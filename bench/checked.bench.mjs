// Lifecycle-checked builders: instructions built per second, lifecycle check included, against dist/.
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DeviceType,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  PROGRAM_IDS,
  canChangeDeviceStatus,
  drainDevice,
  softDrainLink,
  undrainDevice,
} from '../dist/index.js';
import { key, perSecond } from './util.mjs';

const programId = PROGRAM_IDS['mainnet-beta'];
const payer = key(1);

const device = {
  accountType: AccountType.Device, owner: key(10), index: 7n, bumpSeed: 250, locationPk: key(11), exchangePk: key(12),
  deviceType: DeviceType.Hybrid, publicIp: '45.77.113.1', status: DeviceStatus.Activated, code: 'dz1',
  dzPrefixes: ['46.51.100.0/24'], metricsPublisherPk: key(13), contributorPk: key(14), mgmtVrf: '', referenceCount: 0,
  usersCount: 0, maxUsers: 96, deviceHealth: DeviceHealth.ReadyForUsers, desiredStatus: DeviceDesiredStatus.Activated,
  unicastUsersCount: 0, multicastSubscribersCount: 0, maxUnicastUsers: 0, maxMulticastSubscribers: 0, reservedSeats: 0,
  multicastPublishersCount: 0, maxMulticastPublishers: 0, interfaces: [],
};
const drained = { ...device, status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained };
const link = {
  accountType: AccountType.Link, owner: key(20), index: 9n, bumpSeed: 249, sideAPk: key(21), sideZPk: key(22),
  linkType: LinkLinkType.WAN, bandwidth: 10_000_000_000n, mtu: 9000, delayNs: 5_000_000n, jitterNs: 100_000n, tunnelId: 500,
  tunnelNet: '10.0.1.0/31', status: LinkStatus.Activated, code: 'l1', contributorPk: key(23), sideAIfaceName: 'Ethernet1',
  sideZIfaceName: 'Ethernet1', delayOverrideNs: 0n, linkHealth: LinkHealth.ReadyForService, desiredStatus: LinkDesiredStatus.Activated,
  linkTopologies: [], linkFlags: 0,
};

export async function run(report) {
  const devicePk = key(30);
  const linkPk = key(31);
  report('canChangeDeviceStatus (lifecycle check only)', perSecond(() => canChangeDeviceStatus(device, DeviceStatus.Drained, ['contributor'])), 'checks/s');
  report(
    'drainDevice / undrainDevice (check + UpdateDevice)',
    perSecond((i) =>
      i & 1
        ? undrainDevice({ programId, payer, devicePk, device: drained, roles: ['contributor'] })
        : drainDevice({ programId, payer, devicePk, device, roles: ['contributor'] }),
    ),
    'ix/s',
  );
  report('softDrainLink (check + UpdateLink)', perSecond(() => softDrainLink({ programId, payer, linkPk, link, roles: ['contributor'] })), 'ix/s');
}
