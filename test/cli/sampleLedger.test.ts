import { describe, expect, it } from 'vitest';
import { PublicKey } from '@solana/web3.js';
import {
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatus,
  DeviceStatusSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkType,
  LinkStatus,
  LinkStatusSpec,
  PermissionStatus,
} from '../../src/index.js';
import { PROGRAM_IDS } from '../../src/index.js';
import { getGlobalConfigPda, getGlobalStatePda, getPermissionPda } from '../../src/index.js';
import { decodeDevice, encodeDevice } from '../../src/index.js';
import { decodeLink, encodeLink } from '../../src/index.js';
import { decodeGlobalState } from '../../src/index.js';
import { decodeGlobalConfig } from '../../src/index.js';
import { decodeContributor } from '../../src/index.js';
import { decodeLocation } from '../../src/index.js';
import { decodeExchange } from '../../src/index.js';
import { decodePermission } from '../../src/index.js';
import { decodeAccount, encodeAccount } from '../../src/index.js';
import { buildSampleLedger, sampleKeypair, SAMPLE_PROGRAM_ID } from '../helpers/sampleLedger.js';
import { resolveRoles } from '../../src/index.js';

const ledger = buildSampleLedger();
const opts = { programId: SAMPLE_PROGRAM_ID };

function decodeAllOf<T>(accountType: number, decode: (b: Uint8Array, o: typeof opts & { owner: PublicKey }) => T): T[] {
  return ledger.records.filter((r) => r.data[0] === accountType).map((r) => decode(r.data, { ...opts, owner: r.owner }));
}

describe('the embedded sample ledger', () => {
  it('lives under the localnet program id and every account is owned by it', () => {
    // Given the sample ledger
    // Then its program id is localnet's and every record is owned by it
    expect(ledger.programId.equals(PROGRAM_IDS.localnet)).toBe(true);
    for (const r of ledger.records) expect(r.owner.equals(PROGRAM_IDS.localnet)).toBe(true);
  });

  it('is deterministic: two builds give the same addresses and bytes', () => {
    // When the ledger is built twice
    const again = buildSampleLedger();
    // Then every record is identical
    expect(again.records.length).toBe(ledger.records.length);
    again.records.forEach((r, i) => {
      const a = ledger.records[i]!;
      expect(r.pubkey.toBase58()).toBe(a.pubkey.toBase58());
      expect(Buffer.from(r.data).equals(Buffer.from(a.data))).toBe(true);
    });
    expect(sampleKeypair('foundation').publicKey.toBase58()).toBe(ledger.identities[0]!.pubkey.toBase58());
  });

  it('decodes with the SDK decoders and every record is exactly what the encoders wrote', () => {
    // Given every record
    for (const r of ledger.records) {
      // When decoded by account type and re-encoded
      const decoded = decodeAccount(r.data, { ...opts, owner: r.owner, address: r.pubkey });
      // Then the bytes come back exactly
      expect(Buffer.from(encodeAccount(decoded)).equals(Buffer.from(r.data)), r.pubkey.toBase58()).toBe(true);
    }
    const devices = decodeAllOf(5, decodeDevice);
    const links = decodeAllOf(6, decodeLink);
    // Then the Device and Link bytes round-trip exactly
    for (const r of ledger.records.filter((x) => x.data[0] === 5)) {
      expect(Buffer.from(encodeDevice(decodeDevice(r.data, opts))).equals(Buffer.from(r.data))).toBe(true);
    }
    for (const r of ledger.records.filter((x) => x.data[0] === 6)) {
      expect(Buffer.from(encodeLink(decodeLink(r.data, opts))).equals(Buffer.from(r.data))).toBe(true);
    }
    // And the decoded values equal the values the records were built from
    expect(devices.map((d) => d.code).sort()).toEqual(ledger.values.devices.map((d) => d.code).sort());
    expect(links.map((l) => l.code).sort()).toEqual(ledger.values.links.map((l) => l.code).sort());
  });

  it('has a device in every DeviceStatus, every DeviceHealth and every DeviceDesiredStatus', () => {
    const devices = decodeAllOf(5, decodeDevice);
    // Then each declared value occurs at least once
    expect(new Set(devices.map((d) => d.status))).toEqual(new Set(DeviceStatusSpec.values));
    expect(new Set(devices.map((d) => d.deviceHealth))).toEqual(new Set(DeviceHealthSpec.values));
    expect(new Set(devices.map((d) => d.desiredStatus))).toEqual(new Set(DeviceDesiredStatusSpec.values));
  });

  it('has a link in every LinkStatus, every LinkHealth and every LinkDesiredStatus, WAN and DZX', () => {
    const links = decodeAllOf(6, decodeLink);
    expect(new Set(links.map((l) => l.status))).toEqual(new Set(LinkStatusSpec.values));
    expect(new Set(links.map((l) => l.linkHealth))).toEqual(new Set(LinkHealthSpec.values));
    expect(new Set(links.map((l) => l.desiredStatus))).toEqual(new Set(LinkDesiredStatusSpec.values));
    expect(new Set(links.map((l) => l.linkType))).toEqual(new Set([LinkLinkType.WAN, LinkLinkType.DZX]));
  });

  it('links only devices that exist, and each link side names an interface of that device', () => {
    const devices = new Map(decodeAllOf(5, decodeDevice).map((d, i) => [ledger.records.filter((r) => r.data[0] === 5)[i]!.pubkey.toBase58(), d]));
    for (const l of decodeAllOf(6, decodeLink)) {
      const a = devices.get(l.sideAPk.toBase58());
      const z = devices.get(l.sideZPk.toBase58());
      expect(a, l.code).toBeDefined();
      expect(z, l.code).toBeDefined();
      expect(a!.interfaces.map((i) => i.name)).toContain(l.sideAIfaceName);
      // A Requested (DZX) link has no side-Z interface yet: AcceptLink supplies it.
      if (l.status === LinkStatus.Requested) expect(l.sideZIfaceName).toBe('');
      else expect(z!.interfaces.map((i) => i.name)).toContain(l.sideZIfaceName);
    }
  });

  it('has GlobalState (foundation allowlist, health oracle), GlobalConfig, contributors, locations, exchanges and a Permission', () => {
    const gsRec = ledger.records.find((r) => r.pubkey.equals(getGlobalStatePda(SAMPLE_PROGRAM_ID)[0]))!;
    const gs = decodeGlobalState(gsRec.data, opts);
    const foundation = ledger.identities.find((i) => i.name === 'foundation')!.pubkey;
    const oracle = ledger.identities.find((i) => i.name === 'health-oracle')!.pubkey;
    expect(gs.foundationAllowlist.map((k) => k.toBase58())).toEqual([foundation.toBase58()]);
    expect(gs.healthOraclePk.equals(oracle)).toBe(true);
    const gc = ledger.records.find((r) => r.pubkey.equals(getGlobalConfigPda(SAMPLE_PROGRAM_ID)[0]))!;
    expect(decodeGlobalConfig(gc.data, opts).localAsn).toBe(65000);
    expect(decodeAllOf(10, decodeContributor).map((c) => c.code).sort()).toEqual(['acme', 'globex']);
    expect(decodeAllOf(3, decodeLocation).length).toBeGreaterThanOrEqual(4);
    expect(decodeAllOf(4, decodeExchange).length).toBeGreaterThanOrEqual(4);
    const ops = ledger.identities.find((i) => i.name === 'ops')!.pubkey;
    const permRec = ledger.records.find((r) => r.pubkey.equals(getPermissionPda(SAMPLE_PROGRAM_ID, ops)[0]))!;
    const perm = decodePermission(permRec.data, opts);
    expect(perm.status).toBe(PermissionStatus.Activated);
    expect(perm.userPayer.equals(ops)).toBe(true);
  });

  it('gives each sample identity the roles its description promises', () => {
    // Given GlobalState and the ops Permission
    const gs = ledger.values.globalState;
    const perm = ledger.values.permissions[0]!;
    const id = (n: string) => ledger.identities.find((i) => i.name === n)!.pubkey;
    const acme = ledger.values.contributors.find((c) => c.code === 'acme')!;
    // Then
    expect(resolveRoles({ payer: id('foundation'), globalState: gs })).toEqual(['networkAdmin']);
    expect(resolveRoles({ payer: id('health-oracle'), globalState: gs })).toEqual(['healthOracle']);
    expect(resolveRoles({ payer: id('ops'), globalState: gs, permission: perm })).toEqual(['networkAdmin', 'healthOracle']);
    expect(resolveRoles({ payer: id('acme'), globalState: gs, contributorOwner: acme.owner })).toEqual(['contributor']);
    expect(resolveRoles({ payer: id('visitor'), globalState: gs, contributorOwner: acme.owner })).toEqual([]);
  });

  it('keeps reference counts consistent with the links', () => {
    const devices = ledger.values.devices;
    for (const d of devices) {
      const pk = ledger.addresses.get(`device:${d.code}`)!;
      const n = ledger.values.links.filter((l) => l.sideAPk.equals(pk) || l.sideZPk.equals(pk)).length;
      expect(d.referenceCount, d.code).toBe(n);
    }
    // A device in Deleting has no links and no interfaces left (what DeleteDevice requires).
    const deleting = devices.find((d) => d.status === DeviceStatus.Deleting)!;
    expect(deleting.referenceCount).toBe(0);
    expect(deleting.interfaces).toEqual([]);
  });
});
