import { PublicKey, TransactionInstruction, type AccountMeta } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  createCreateDeviceInstruction,
  createDeleteLinkInstruction,
  createSetDeviceHealthInstruction,
  createUpdateDeviceInstruction,
  createUpdateLinkInstruction,
  DecodeError,
  decodeCreateDeviceArgs,
  decodeCreateLinkArgs,
  decodeDeleteDeviceInstruction,
  decodeInstruction,
  decodeUpdateDeviceArgs,
  decodeUpdateLinkArgs,
  DeviceHealth,
  DeviceType,
  DoubleZeroInstructionTag,
  getGlobalStatePda,
  getPermissionPda,
  InstructionDecodeError,
  LinkStatus,
  type InstructionDecodeReason,
} from '../../src/index.js';
import { fixtureBytes } from '../helpers/fixtures.js';
import { pk, PAYER, PROGRAM_ID, thrown } from './_helpers.js';

const SYSTEM = new PublicKey('11111111111111111111111111111111');
const meta = (pubkey: PublicKey, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable: true });
const ixOf = (data: number[] | Uint8Array, keys: AccountMeta[] = [], programId = PROGRAM_ID) =>
  new TransactionInstruction({ programId, keys, data: Buffer.from(data) });

function reasonOf(f: () => unknown): InstructionDecodeReason | 'no error' | 'other error' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof InstructionDecodeError ? e.reason : 'other error';
  }
}

const decodeError = (f: () => unknown): InstructionDecodeError => thrown(f, InstructionDecodeError);

// docs/wire-format.md#tags, written out independently of tags.ts
const DEPRECATED = [6, 7, 8, 9, 21, 22, 24, 25, 27, 29, 30, 32, 33, 35, 37, 38, 40, 41, 43, 45, 47, 48, 53, 72, 75, 77, 78, 111];
const ABSENT = [95, 96, 102, 103];
const LIVE_DEVICE_LINK = [20, 23, 26, 28, 31, 34, 66, 73, 74, 76, 83, 84];

describe('decodeInstruction: tag classification', () => {
  it('classifies every tag 0..255 (tag-only data, no accounts)', () => {
    for (let tag = 0; tag <= 255; tag++) {
      // Given an instruction holding just the tag / When decoded
      const reason = reasonOf(() => decodeInstruction(ixOf([tag])));
      // Then: unknown beyond 118 and for the removed placeholders, deprecated, live Device/Link
      // (tag-only Args take their fallbacks, so only the accounts are missing), or unsupported
      const expected =
        tag > 118 || ABSENT.includes(tag)
          ? 'unknown-tag'
          : DEPRECATED.includes(tag)
            ? 'deprecated'
            : LIVE_DEVICE_LINK.includes(tag)
              ? 'accounts'
              : 'unsupported';
      expect([tag, reason]).toEqual([tag, expected]);
    }
  });

  it('names the variant of a deprecated or unsupported tag', () => {
    const e1 = decodeError(() => decodeInstruction(ixOf([24])));
    expect(e1.details.instruction).toBe('SuspendDevice');
    expect(e1.tag).toBe(24);
    const e2 = decodeError(() => decodeInstruction(ixOf([36])));
    expect(e2.details.instruction).toBe('CreateUser');
    expect(DoubleZeroInstructionTag[36]).toBe('CreateUser');
  });

  it('refuses empty data and a foreign program id', () => {
    expect(reasonOf(() => decodeInstruction(ixOf([])))).toBe('empty-data');
    const ix = createSetDeviceHealthInstruction({ programId: PROGRAM_ID, payer: PAYER, device: pk(2), args: { health: DeviceHealth.Pending } });
    expect(reasonOf(() => decodeInstruction(ix, { programId: pk(254) }))).toBe('wrong-program');
    expect(decodeInstruction(ix, { programId: PROGRAM_ID }).name).toBe('SetDeviceHealth');
  });

  it('a per-instruction decoder refuses another instruction', () => {
    const ix = createSetDeviceHealthInstruction({ programId: PROGRAM_ID, payer: PAYER, device: pk(2), args: { health: DeviceHealth.Pending } });
    expect(reasonOf(() => decodeDeleteDeviceInstruction(ix))).toBe('wrong-tag');
  });
});

describe('Args decoding follows the program\'s incremental rule (docs/wire-format.md#trailing-defaults-in-args)', () => {
  /** Byte offsets where a field of the golden CreateDevice data ends (hand-counted from docs/wire-format.md#createdevice). */
  const DEVICE_BOUNDARIES = [1, 9, 10, 14, 23, 55, 63, 64, 65];
  /** The same for the golden CreateLink data (docs/wire-format.md#createlink). */
  const LINK_BOUNDARIES = [1, 10, 11, 19, 23, 31, 39, 52, 66, 67, 68];

  it.each([
    ['ix_create_device', DEVICE_BOUNDARIES, decodeCreateDeviceArgs],
    ['ix_create_link', LINK_BOUNDARIES, decodeCreateLinkArgs],
  ] as const)('%s: every cut at a field boundary decodes, every cut inside a field fails', (name, boundaries, decode) => {
    const full = fixtureBytes(name);
    expect(full.length).toBe(boundaries[boundaries.length - 1]);
    for (let cut = 1; cut <= full.length; cut++) {
      // Given the data cut after `cut` bytes / When decoded
      const f = () => decode(full.subarray(0, cut));
      // Then
      if ((boundaries as readonly number[]).includes(cut)) {
        const d = f();
        expect(d.trailingBytes).toBe(0);
      } else {
        expect(f, `cut at ${cut}`).toThrow(DecodeError);
      }
    }
  });

  it('a missing suffix takes the fallbacks, and defaultedFields lists them', () => {
    // Given the CreateDevice fixture without desired_status and resource_count (an older client)
    const d = decodeCreateDeviceArgs(fixtureBytes('ix_create_device').subarray(0, 63));
    // Then
    expect(d.desiredStatus).toBeNull();
    expect(d.resourceCount).toBe(0);
    expect(d.defaultedFields).toEqual(['desired_status', 'resource_count']);
    // and a CreateLink without its last flag decodes use_onchain_allocation = false
    const l = decodeCreateLinkArgs(fixtureBytes('ix_create_link').subarray(0, 67));
    expect(l.useOnchainAllocation).toBe(false);
    expect(l.defaultedFields).toEqual(['use_onchain_allocation']);
  });

  it('tag-only data: every field falls back', () => {
    const dev = decodeCreateDeviceArgs(Uint8Array.of(20));
    expect(dev).toMatchObject({ code: '', deviceType: DeviceType.Hybrid, publicIp: '0.0.0.0', dzPrefixes: [], mgmtVrf: '', desiredStatus: null, resourceCount: 0 });
    expect(dev.metricsPublisherPk.toBase58()).toBe(SYSTEM.toBase58());
    const upd = decodeUpdateDeviceArgs(Uint8Array.of(23));
    expect(upd.status).toBeNull();
    expect(upd.resourceCount).toBe(0n);
    expect(upd.defaultedFields).toHaveLength(19);
  });

  it('tag-only DeleteDevice is the legacy form; tag-only SetDeviceHealth writes Pending', () => {
    const del = decodeInstruction(ixOf([26], [meta(pk(2)), meta(pk(3)), meta(getGlobalStatePda(PROGRAM_ID)[0]), meta(PAYER, true), meta(SYSTEM)]));
    expect(del.name === 'DeleteDevice' && del.form).toBe('legacy');
    expect(del.args).toEqual({ resourceCount: 0 });
    expect(del.defaultedFields).toEqual(['resource_count']);
    const h = decodeInstruction(ixOf([83], [meta(pk(2)), meta(pk(3)), meta(PAYER, true), meta(SYSTEM)]));
    expect(h.args).toEqual({ health: DeviceHealth.Pending });
  });

  it('an UpdateLink from an older client (fields up to status) decodes the rest as None / false', () => {
    const d = decodeUpdateLinkArgs(Buffer.from('1f000000000000000107', 'hex'));
    expect(d.status).toBe(LinkStatus.SoftDrained);
    expect(d.useOnchainAllocation).toBe(false);
    expect(d.unicastDrained).toBeNull();
    expect(d.defaultedFields).toEqual([
      'delay_override_ns',
      'desired_status',
      'tunnel_id',
      'tunnel_net',
      'use_onchain_allocation',
      'link_topologies',
      'unicast_drained',
    ]);
  });

  it('bytes after the last field are ignored and counted', () => {
    const ix = createSetDeviceHealthInstruction({ programId: PROGRAM_ID, payer: PAYER, device: pk(2), args: { health: DeviceHealth.Impaired } });
    const longer = new TransactionInstruction({ programId: PROGRAM_ID, keys: ix.keys, data: Buffer.concat([ix.data, Buffer.from([9, 9, 9])]) });
    const d = decodeInstruction(longer);
    expect(d.args).toEqual({ health: DeviceHealth.Impaired });
    expect(d.trailingBytes).toBe(3);
  });

  it.each([
    ['bool byte 2', [34, 2], 'use_onchain_deallocation', 1],
    ['undeclared DeviceHealth 5', [83, 5], 'health', 1],
    ['undeclared LinkHealth 4', [84, 4], 'health', 1],
    ['DeviceStatus 2 (removed Suspended)', [23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2], 'status', 11],
    ['LinkLinkType 0', [28, 0, 0, 0, 0, 0], 'link_type', 5],
    ['Option tag 2', [31, 2], 'code', 1],
    ['String longer than the data', [66, 9, 0, 0, 0, 0x45], 'side_z_iface_name', 1],
    ['invalid UTF-8', [66, 2, 0, 0, 0, 0xc3, 0x28, 1], 'side_z_iface_name', 1],
    ['prefix length 33', [23, 0, 0, 0, 0, 1, 1, 0, 0, 0, 10, 0, 0, 0, 33], 'dz_prefixes', 10],
    ['vector count beyond the data', [31, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0, 0], 'link_topologies', 15],
  ])('malformed Args: %s → malformed-args naming the field', (_, data, field, offset) => {
    // Given data the program's decoder would panic on / When decoded
    const e = decodeError(() => decodeInstruction(ixOf(data)));
    // Then
    expect(e.reason).toBe('malformed-args');
    expect(e.field).toBe(field);
    expect(e.offset).toBe(offset);
    expect(e.cause).toBeInstanceOf(DecodeError);
  });
});

describe('account layouts while decoding', () => {
  const base = { programId: PROGRAM_ID, payer: PAYER };

  it('refuses a missing account, naming it', () => {
    const ix = createSetDeviceHealthInstruction({ ...base, device: pk(2), args: { health: DeviceHealth.Pending } });
    const short = new TransactionInstruction({ programId: PROGRAM_ID, keys: ix.keys.slice(0, 3), data: ix.data });
    const e = decodeError(() => decodeInstruction(short));
    expect(e.reason).toBe('accounts');
    expect(e.message).toContain('system_program');
  });

  it('refuses a non-system account in the system program slot', () => {
    const ix = createSetDeviceHealthInstruction({ ...base, device: pk(2), args: { health: DeviceHealth.Pending } });
    const keys = [...ix.keys];
    keys[3] = meta(pk(9));
    expect(reasonOf(() => decodeInstruction(new TransactionInstruction({ programId: PROGRAM_ID, keys, data: ix.data })))).toBe('accounts');
  });

  it('positional Permission slot: accepts the payer\'s PDA, refuses any other account', () => {
    const ix = createSetDeviceHealthInstruction({ ...base, device: pk(2), args: { health: DeviceHealth.Pending }, appendPermission: true });
    const d = decodeInstruction(ix);
    expect(d.accounts.permission?.toBase58()).toBe(getPermissionPda(PROGRAM_ID, PAYER)[0].toBase58());
    const keys = [...ix.keys];
    keys[4] = meta(pk(9));
    expect(reasonOf(() => decodeInstruction(new TransactionInstruction({ programId: PROGRAM_ID, keys, data: ix.data })))).toBe('accounts');
    const extra = [...ix.keys, meta(pk(9))];
    expect(reasonOf(() => decodeInstruction(new TransactionInstruction({ programId: PROGRAM_ID, keys: extra, data: ix.data })))).toBe('accounts');
  });

  it('split-trailing Permission slot: the last account is Permission only when it is the payer\'s PDA', () => {
    // Given a DeleteLink with two topologies, with and without the Permission PDA
    const input = { ...base, link: pk(2), contributor: pk(3), sideA: pk(4), sideZ: pk(5), owner: pk(6), linkTopologies: [pk(7), pk(8)] };
    const plain = decodeInstruction(createDeleteLinkInstruction(input));
    const withPermission = decodeInstruction(createDeleteLinkInstruction({ ...input, appendPermission: true }));
    // Then the topologies are the same and only the second carries the permission
    expect(plain.name === 'DeleteLink' && plain.accounts.topologies.map(String)).toEqual([pk(7), pk(8)].map(String));
    expect(withPermission.name === 'DeleteLink' && withPermission.accounts.topologies.map(String)).toEqual([pk(7), pk(8)].map(String));
    expect(plain.accounts.permission).toBeUndefined();
    expect(withPermission.accounts.permission?.toBase58()).toBe(getPermissionPda(PROGRAM_ID, PAYER)[0].toBase58());
  });

  it('UpdateDevice: the location pair may be absent (the program allows it); other counts are refused', () => {
    const ix = createUpdateDeviceInstruction({ ...base, device: pk(2), currentContributor: pk(3), currentLocation: pk(4), args: {} });
    const withoutPair = [ix.keys[0]!, ix.keys[1]!, ix.keys[4]!, ...ix.keys.slice(5)];
    const d = decodeInstruction(new TransactionInstruction({ programId: PROGRAM_ID, keys: withoutPair, data: ix.data }));
    expect(d.name === 'UpdateDevice' && d.accounts.currentLocation).toBeUndefined();
    const oneLocation = [...ix.keys.slice(0, 3), ...ix.keys.slice(4)];
    expect(reasonOf(() => decodeInstruction(new TransactionInstruction({ programId: PROGRAM_ID, keys: oneLocation, data: ix.data })))).toBe('accounts');
  });

  it('UpdateLink: the preamble form is told apart by the GlobalState PDA; stray accounts are refused', () => {
    const byA = createUpdateLinkInstruction({ ...base, link: pk(2), authority: { kind: 'contributor', contributor: pk(3) }, args: {} });
    const byZ = createUpdateLinkInstruction({ ...base, link: pk(2), authority: { kind: 'sideZContributor', contributor: pk(3) }, sideZ: pk(5), args: {} });
    const a = decodeInstruction(byA);
    const z = decodeInstruction(byZ);
    expect(a.name === 'UpdateLink' && a.authority.kind).toBe('contributor');
    expect(z.name === 'UpdateLink' && z.authority.kind).toBe('sideZContributor');
    expect(z.name === 'UpdateLink' && z.accounts.preambleSideZ?.toBase58()).toBe(pk(5).toBase58());
    const stray = [...byA.keys.slice(0, 3), meta(pk(9)), ...byA.keys.slice(3)];
    expect(reasonOf(() => decodeInstruction(new TransactionInstruction({ programId: PROGRAM_ID, keys: stray, data: byA.data })))).toBe('accounts');
  });

  it('CreateDevice: the processor reads resource_count resource accounts', () => {
    const ix = createCreateDeviceInstruction({
      ...base,
      contributor: pk(3),
      location: pk(4),
      exchange: pk(5),
      deviceIndex: 9,
      args: { code: 'x', deviceType: DeviceType.Hybrid, publicIp: '1.1.1.1', dzPrefixes: ['8.8.8.0/24', '9.9.9.0/24'], metricsPublisherPk: pk(6), mgmtVrf: '' },
    });
    const d = decodeInstruction(ix);
    expect(d.name === 'CreateDevice' && d.accounts.resources).toHaveLength(3);
    const missingOne = new TransactionInstruction({ programId: PROGRAM_ID, keys: [...ix.keys.slice(0, 8), ...ix.keys.slice(9)], data: ix.data });
    expect(reasonOf(() => decodeInstruction(missingOne))).toBe('accounts');
  });
});
