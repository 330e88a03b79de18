// Instruction builders: instructions built per second, against dist/.
import {
  createCreateLinkInstruction,
  createUpdateDeviceInstruction,
  createUpdateLinkInstruction,
  decodeInstruction,
  getLinkPda,
  DeviceStatus,
  LinkLinkType,
  LinkStatus,
  PROGRAM_IDS,
} from '../dist/index.js';
import { key, perSecond, sideBySide } from './util.mjs';

const programId = PROGRAM_IDS['mainnet-beta'];
const payer = key(1);

export async function run(report) {
  const statuses = [DeviceStatus.Drained, DeviceStatus.Activated];
  report(
    'createUpdateDeviceInstruction (status change)',
    perSecond((i) =>
      createUpdateDeviceInstruction({
        programId,
        payer,
        device: key(2),
        currentContributor: key(3),
        currentLocation: key(4),
        args: { status: statuses[i & 1] },
      }),
    ),
    'ix/s',
  );

  const linkStatuses = [LinkStatus.SoftDrained, LinkStatus.Activated];
  report(
    'createUpdateLinkInstruction (status + desired status)',
    perSecond((i) =>
      createUpdateLinkInstruction({
        programId,
        payer,
        link: key(5),
        authority: { kind: 'contributor', contributor: key(3) },
        args: { status: linkStatuses[i & 1], desiredStatus: linkStatuses[i & 1] },
      }),
    ),
    'ix/s',
  );

  const linkArgs = {
    code: 'fra1-ams1',
    linkType: LinkLinkType.WAN,
    bandwidth: 10_000_000_000n,
    mtu: 9000,
    delayNs: 1_000_000n,
    jitterNs: 100_000n,
    sideAIfaceName: 'Ethernet1/1',
    sideZIfaceName: 'Ethernet2/1',
  };
  // Side by side with its reference: the PDA search alone.
  const pda = sideBySide(
    {
      create: (i) =>
        createCreateLinkInstruction({ programId, payer, contributor: key(3), sideA: key(6), sideZ: key(7), linkIndex: 1000 + i, args: linkArgs }),
      pda: (i) => getLinkPda(programId, 1000 + i),
    },
    { ms: 200, rounds: 5, warmup: 50, batch: 20 },
  );
  report(
    'createCreateLinkInstruction (new Link PDA each call)',
    { ...pda.create, ratio: { value: pda.ratio('create', 'pda'), to: 'getLinkPda alone' } },
    'ix/s',
    'findProgramAddressSync per call',
  );
  report('getLinkPda alone (reference: the PDA search CreateLink needs)', pda.pda, 'PDA/s');

  const sample = createUpdateLinkInstruction({
    programId,
    payer,
    link: key(5),
    authority: { kind: 'contributor', contributor: key(3) },
    args: { status: LinkStatus.SoftDrained },
  });
  report('decodeInstruction (UpdateLink)', perSecond(() => decodeInstruction(sample, { programId })), 'ix/s');
}
