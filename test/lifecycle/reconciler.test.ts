import { describe, expect, it } from 'vitest';
import {
  DEVICE_RECONCILER,
  LINK_RECONCILER,
  canChangeDeviceStatus,
  canChangeLinkStatus,
  nextDeviceStatus,
  nextLinkStatus,
} from '../../src/index.js';

// The reconciler of docs/lifecycle.md#the-reconciler, transcribed by hand as if-chains.
// DeviceStatus: Activated 1, Drained 5, DeviceProvisioning 6, LinkProvisioning 7.
// DeviceDesiredStatus: Activated 1, Drained 6. DeviceHealth: ReadyForLinks 2, ReadyForUsers 3.
function expectedDevice(s: number, d: number, h: number): number | undefined {
  if (s === 6 && d === 1 && (h === 2 || h === 3)) return 7;
  if (s === 7 && d === 1 && h === 3) return 1;
  if (s === 1 && d === 6) return 5; // any health
  if (s === 5 && d === 1 && h === 3) return 1;
  return undefined;
}
// LinkStatus: Activated 1, HardDrained 6, SoftDrained 7, Provisioning 8.
// LinkDesiredStatus: Activated 1, HardDrained 6, SoftDrained 7. LinkHealth: ReadyForService 2.
function expectedLink(s: number, d: number, h: number): number | undefined {
  if (s === 8 && d === 1 && h === 2) return 1;
  if (s === 1 && d === 7) return 7; // any health
  if (s === 1 && d === 6) return 6;
  if (s === 7 && d === 6) return 6;
  if (s === 6 && d === 7) return 7;
  if ((s === 7 || s === 6) && d === 1 && h === 2) return 1;
  return undefined;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('reconciler — exhaustive', () => {
  it('nextDeviceStatus agrees with docs/lifecycle.md on every status × desired × health, and each step is legal for networkAdmin', () => {
    const mismatches: string[] = [];
    const steps = new Set<string>();
    for (const status of [...range(10), 255])
      for (const desiredStatus of [...range(8), 255])
        for (const deviceHealth of [...range(6), 255]) {
          // Given / When
          const device = { status, desiredStatus, deviceHealth };
          const next = nextDeviceStatus(device);
          // Then
          const want = expectedDevice(status, desiredStatus, deviceHealth);
          if (next !== want) mismatches.push(`s=${status} d=${desiredStatus} h=${deviceHealth}: ${next} vs ${want}`);
          if (next !== undefined) {
            steps.add(`${status}>${next}`);
            const check = canChangeDeviceStatus(device, next, ['networkAdmin']);
            if (!check.ok) mismatches.push(`s=${status} d=${desiredStatus} h=${deviceHealth}: step ${next} illegal: ${check.reason}`);
          }
        }
    expect(mismatches).toEqual([]);
    expect([...steps].sort()).toEqual(['1>5', '5>1', '6>7', '7>1']);
  });

  it('nextLinkStatus agrees with docs/lifecycle.md on every status × desired × health, and each step is legal for networkAdmin', () => {
    const mismatches: string[] = [];
    const steps = new Set<string>();
    for (const status of [...range(11), 255])
      for (const desiredStatus of [...range(9), 255])
        for (const linkHealth of [...range(5), 255]) {
          const link = { status, desiredStatus, linkHealth };
          const next = nextLinkStatus(link);
          const want = expectedLink(status, desiredStatus, linkHealth);
          if (next !== want) mismatches.push(`s=${status} d=${desiredStatus} h=${linkHealth}: ${next} vs ${want}`);
          if (next !== undefined) {
            steps.add(`${status}>${next}`);
            const check = canChangeLinkStatus(link, next, ['networkAdmin']);
            if (!check.ok) mismatches.push(`s=${status} d=${desiredStatus} h=${linkHealth}: step ${next} illegal: ${check.reason}`);
          }
        }
    expect(mismatches).toEqual([]);
    expect([...steps].sort()).toEqual(['1>6', '1>7', '6>1', '6>7', '7>1', '7>6', '8>1']);
  });

  it('exports the tables as frozen data', () => {
    expect(DEVICE_RECONCILER).toHaveLength(4);
    expect(LINK_RECONCILER).toHaveLength(6);
    expect(Object.isFrozen(DEVICE_RECONCILER)).toBe(true);
    expect(Object.isFrozen(LINK_RECONCILER[5]!.status)).toBe(true);
  });

  it('proposes nothing for a device that is already where it wants to be', () => {
    // Given an activated device that wants to stay activated
    // When / Then
    expect(nextDeviceStatus({ status: 1, desiredStatus: 1, deviceHealth: 3 })).toBeUndefined();
    expect(nextLinkStatus({ status: 1, desiredStatus: 1, linkHealth: 2 })).toBeUndefined();
  });
});
