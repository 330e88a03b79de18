import { AccountType, type DeviceDesiredStatus, type DeviceHealth, type DeviceStatus, type DeviceType } from '../enums.js';
import { checkedAccountBytes, ipv4At, networkV4At, textAt, u128At, u16At, u32At } from '../codec/fast.js';
import { AT, AT_COUNTERS, CODE_AT, readCurrentRecords, scanCurrentDevice } from './currentDevice.js';
import type { KeyKind } from '../keys.js';
import type { AccountBytes, DecodeOptions } from './common.js';
import { expectObject } from '../validate.js';
import { decodeDevice, type Device, type Interface } from './device.js';

/**
 * A Device read lazily: the same fields, names and types as `decodeDevice` gives, each decoded
 * from the account's bytes when it is read (docs/performance.md#lazy-device-views).
 *
 * - An account in the current program's format (nearly all of them) gives a view holding a copy
 *   of its bytes — about a third of the memory of the decoded object — whose getters decode the
 *   field asked for. Every read builds a new value (equal, not identical: `v.owner !== v.owner`
 *   but `v.owner.equals(v.owner)`), and the view is read-only: assigning a field throws.
 * - Any other account (older layouts, bytes after the last field) gives the `decodeDevice`
 *   object itself, and every input `decodeDevice` refuses is refused with the same error.
 *
 * Fields are getters on the prototype, so spread syntax, `Object.keys` and structural test
 * matchers see none of them: use `decodeDevice` (or `viewToDevice`) for a plain object.
 * `encodeDevice(view)` gives back the account's bytes.
 */
export function viewDevice<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Device<K> {
  const data = checkedAccountBytes(input, AccountType.Device, opts);
  if (data !== undefined && scanCurrentDevice(data)) return new DeviceView(data, AT[AT_COUNTERS]!, keys);
  return decodeDevice(keys, input, opts);
}

/** Whether `d` is a lazy view made by `viewDevice` (not a plain decoded object). */
export function isDeviceView(d: unknown): boolean {
  return d instanceof DeviceView;
}

/** The plain decoded Device of a view (`decodeDevice` of its bytes); any other Device is returned as is. */
export function viewToDevice<K>(device: Device<K>): Device<K> {
  if (device instanceof DeviceView) return decodeDevice(DeviceView.keysOf(device) as KeyKind<K>, DeviceView.bytesOf(device));
  expectObject(device, 'device');
  return device;
}

class DeviceView<K> implements Device<K> {
  /** A private copy of the account bytes (never the caller's buffer). */
  readonly #b: Uint8Array;
  /** Offset of reference_count (the counter block); every other position follows from the bytes. */
  readonly #counters: number;
  /** How addresses are given. */
  readonly #keys: KeyKind<K>;

  constructor(data: Uint8Array, counters: number, keys: KeyKind<K>) {
    this.#b = new Uint8Array(data);
    this.#counters = counters;
    this.#keys = keys;
  }

  /** The bytes a view reads (for viewToDevice; not an instance member, so views stay Device-shaped). */
  static bytesOf(v: DeviceView<unknown>): Uint8Array {
    return v.#b;
  }

  /** The key kind a view gives addresses in. */
  static keysOf(v: DeviceView<unknown>): KeyKind<unknown> {
    return v.#keys;
  }

  /** Offset of the dz_prefixes count. */
  #prefixesAt(): number {
    return CODE_AT + 4 + u32At(this.#b, CODE_AT);
  }

  /** Offset of metrics_publisher_pk. */
  #metricsAt(): number {
    const p = this.#prefixesAt();
    return p + 4 + 5 * u32At(this.#b, p);
  }

  get accountType(): AccountType.Device {
    return AccountType.Device;
  }
  get owner(): K {
    return this.#keys.at(this.#b, 1);
  }
  get index(): bigint {
    return u128At(this.#b, 33);
  }
  get bumpSeed(): number {
    return this.#b[49]!;
  }
  get locationPk(): K {
    return this.#keys.at(this.#b, 50);
  }
  get exchangePk(): K {
    return this.#keys.at(this.#b, 82);
  }
  get deviceType(): DeviceType {
    return this.#b[114]!;
  }
  get publicIp(): string {
    return ipv4At(this.#b, 115);
  }
  get status(): DeviceStatus {
    return this.#b[119]!;
  }
  get code(): string {
    return textAt(this.#b, CODE_AT + 4, u32At(this.#b, CODE_AT));
  }
  get dzPrefixes(): string[] {
    const b = this.#b;
    let p = this.#prefixesAt();
    const n = u32At(b, p);
    p += 4;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++, p += 5) out[i] = networkV4At(b, p);
    return out;
  }
  get metricsPublisherPk(): K {
    return this.#keys.at(this.#b, this.#metricsAt());
  }
  get contributorPk(): K {
    return this.#keys.at(this.#b, this.#metricsAt() + 32);
  }
  get mgmtVrf(): string {
    const m = this.#metricsAt() + 64;
    return textAt(this.#b, m + 4, u32At(this.#b, m));
  }
  get referenceCount(): number {
    return u32At(this.#b, this.#counters);
  }
  get usersCount(): number {
    return u16At(this.#b, this.#counters + 4);
  }
  get maxUsers(): number {
    return u16At(this.#b, this.#counters + 6);
  }
  get deviceHealth(): DeviceHealth {
    return this.#b[this.#counters + 8]!;
  }
  get desiredStatus(): DeviceDesiredStatus {
    return this.#b[this.#counters + 9]!;
  }
  get unicastUsersCount(): number {
    return u16At(this.#b, this.#counters + 10);
  }
  get multicastSubscribersCount(): number {
    return u16At(this.#b, this.#counters + 12);
  }
  get maxUnicastUsers(): number {
    return u16At(this.#b, this.#counters + 14);
  }
  get maxMulticastSubscribers(): number {
    return u16At(this.#b, this.#counters + 16);
  }
  get reservedSeats(): number {
    return u16At(this.#b, this.#counters + 18);
  }
  get multicastPublishersCount(): number {
    return u16At(this.#b, this.#counters + 20);
  }
  get maxMulticastPublishers(): number {
    return u16At(this.#b, this.#counters + 22);
  }
  get interfaces(): Interface<K>[] {
    return readCurrentRecords(this.#b, this.#counters + 24, this.#keys);
  }
}
