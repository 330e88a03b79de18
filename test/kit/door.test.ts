/**
 * The two doors are one core: every golden fixture decodes to the same values through both (the
 * kit door's addresses are the base58 text of the web3.js door's PublicKeys), re-encodes to the
 * same bytes, and every raw builder, checked builder, planner and PDA gives the same bytes and
 * accounts (a kit AccountRole is the web3.js signer/writable pair).
 */
import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import * as kit from '../../src/kit/index.js';
import * as w3 from '../../src/index.js';
import { fixtureBytes, PERMISSION_GOLDEN } from '../helpers/fixtures.js';
import { pk, sampleDevice, sampleInterface, sampleLink } from '../helpers/accounts.js';

/** A value with every PublicKey as its base58 text (for comparing the doors' decoded values). */
function asText(v: unknown): unknown {
  if (v instanceof PublicKey) return v.toBase58();
  if (Array.isArray(v)) return v.map(asText);
  if (v instanceof Uint8Array) return [...v];
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)]));
  return v;
}

/** An instruction of either door as [program, [address, signer, writable]..., data]. */
function shape(ix: TransactionInstruction | kit.KitInstruction): unknown {
  if ('programAddress' in ix) {
    return [ix.programAddress, ix.accounts.map((a) => [a.address, (a.role & 2) !== 0, (a.role & 1) !== 0]), [...ix.data]];
  }
  return [ix.programId.toBase58(), ix.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]), [...ix.data]];
}

const ACCOUNTS: [string, () => Uint8Array][] = [
  ['Device', () => fixtureBytes('device')],
  ['Link', () => fixtureBytes('link')],
  ['GlobalState', () => fixtureBytes('global_state')],
  ['GlobalConfig', () => fixtureBytes('global_config')],
  ['Location', () => fixtureBytes('location')],
  ['Exchange', () => fixtureBytes('exchange')],
  ['Contributor', () => fixtureBytes('contributor')],
  ['Permission', () => PERMISSION_GOLDEN.slice()],
];

describe('decoding through both doors', () => {
  for (const [type, bytes] of ACCOUNTS) {
    it(`${type}: the same values (Addresses are the PublicKeys' text) and the same bytes back`, () => {
      const dec = `decode${type}` as const;
      const enc = `encode${type}` as const;
      const a = (w3 as unknown as Record<string, (b: Uint8Array) => unknown>)[dec]!(bytes());
      const b = (kit as unknown as Record<string, (b: Uint8Array) => unknown>)[dec]!(bytes());
      expect(b).toEqual(asText(a));
      expect((kit as unknown as Record<string, (v: unknown) => Uint8Array>)[enc]!(b)).toEqual(bytes());
      expect(asText(kit.decodeAccount(bytes()))).toEqual(asText(w3.decodeAccount(bytes())));
    });
  }

  it('a lazy device view gives the same fields through both doors', () => {
    const v = kit.viewDevice(fixtureBytes('device'));
    expect(typeof v.owner).toBe('string');
    expect(kit.viewToDevice(v)).toEqual(asText(w3.decodeDevice(fixtureBytes('device'))));
  });
});

describe('building through both doors', () => {
  const programId = pk(255);
  const payer = pk(1);
  const text = (k: PublicKey) => k.toBase58() as kit.Address;

  const cases: [string, () => [TransactionInstruction, kit.KitInstruction]][] = [
    [
      'SetDeviceHealth',
      () => {
        const i = { programId, payer, device: pk(30), args: { health: w3.DeviceHealth.Impaired } };
        return [w3.createSetDeviceHealthInstruction(i), kit.createSetDeviceHealthInstruction({ ...i, programId: text(programId), payer: text(payer), device: text(pk(30)) })];
      },
    ],
    [
      'UpdateDevice with dz_prefixes (resource PDAs)',
      () => {
        const i = { programId, payer, device: pk(30), currentContributor: pk(14), currentLocation: pk(11), oldDzPrefixCount: 1, args: { dzPrefixes: ['46.51.100.0/24', '46.51.101.0/24'] } };
        return [w3.createUpdateDeviceInstruction(i), kit.createUpdateDeviceInstruction({ ...i, device: text(pk(30)), currentContributor: text(pk(14)), currentLocation: text(pk(11)) })];
      },
    ],
    [
      'CreateLink (derived PDA)',
      () => {
        const i = {
          programId,
          payer,
          contributor: pk(23),
          sideA: pk(21),
          sideZ: pk(22),
          linkIndex: 9,
          args: { code: 'ams-fra', linkType: w3.LinkLinkType.DZX, bandwidth: 10_000_000_000n, mtu: 9000, delayNs: 5_000_000n, jitterNs: 100_000n, sideAIfaceName: 'Ethernet1', sideZIfaceName: null },
        };
        return [w3.createCreateLinkInstruction(i), kit.createCreateLinkInstruction({ ...i, programId: text(programId), payer: text(payer) })];
      },
    ],
    [
      'drainDevice (checked, Permission PDA appended)',
      () => {
        const i = { programId, payer, devicePk: pk(30), device: sampleDevice(), roles: ['contributor' as const], appendPermission: true };
        return [w3.drainDevice(i), kit.drainDevice({ ...i, device: asText(sampleDevice()) as kit.Device })];
      },
    ],
    [
      'acceptLink (checked, side Z device)',
      () => {
        const i = {
          programId,
          payer,
          linkPk: pk(31),
          link: sampleLink({ status: w3.LinkStatus.Requested }),
          roles: ['sideZContributor' as const],
          sideZIfaceName: 'Ethernet2',
          sideZDevice: sampleDevice({ interfaces: [sampleInterface('Ethernet2')] }),
          sideADevice: sampleDevice({ interfaces: [sampleInterface('Ethernet2')] }),
        };
        return [w3.acceptLink(i), kit.acceptLink(i)];
      },
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: the same program, accounts and data`, () => {
      const [a, b] = make();
      expect(shape(b)).toEqual(shape(a));
      expect(asText(kit.decodeInstruction(b))).toEqual(asText(w3.decodeInstruction(a)));
    });
  }

  it('the compute-budget prelude, PDAs and program ids agree', () => {
    expect(kit.computeBudgetPrelude().map(shape)).toEqual(w3.computeBudgetPrelude().map(shape));
    expect(kit.getDevicePda(text(programId), 7)).toEqual([w3.getDevicePda(programId, 7)[0].toBase58(), w3.getDevicePda(programId, 7)[1]]);
    expect(kit.getDzPrefixBlockPda(text(programId), text(pk(30)), 2)[0]).toBe(w3.getDzPrefixBlockPda(programId, pk(30), 2)[0].toBase58());
    expect(kit.getTopologyPda(text(programId), 'unicast-default')[0]).toBe(w3.getTopologyPda(programId, 'unicast-default')[0].toBase58());
    expect(Object.fromEntries(Object.entries(kit.PROGRAM_IDS))).toEqual(asText(w3.PROGRAM_IDS));
    expect(kit.SYSTEM_PROGRAM_ID).toBe(w3.SYSTEM_PROGRAM_ID.toBase58());
  });

  it('the maintenance planner gives the same steps and instructions', () => {
    const device = sampleDevice();
    const links = [{ pubkey: pk(60), link: sampleLink({ sideAPk: pk(30) }) }];
    const a = w3.planDeviceMaintenance({ programId, payer, devicePk: pk(30), device, links, roles: ['contributor', 'networkAdmin'] });
    const b = kit.planDeviceMaintenance({
      programId: text(programId),
      payer: text(payer),
      devicePk: text(pk(30)),
      device: asText(device) as kit.Device,
      links: [{ pubkey: text(pk(60)), link: asText(links[0]!.link) as kit.Link }],
      roles: ['contributor', 'networkAdmin'],
    });
    expect(b.ready).toBe(a.ready);
    expect(b.steps.map((s) => [s.kind, s.target, s.blocked ? null : shape(s.instruction)])).toEqual(
      a.steps.map((s) => [s.kind, (s.target as PublicKey).toBase58(), s.blocked ? null : shape(s.instruction)]),
    );
  });
});
