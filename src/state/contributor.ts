import type { GetProgramAccountsFilter } from '@solana/web3.js';
import { PublicKey } from '@solana/web3.js';
import { AccountType, ContributorStatus, ContributorStatusSpec } from '../enums.js';
import { Writer } from '../codec/writer.js';
import {
  accountTypeFilter,
  attachLayout,
  beginDecode,
  layoutOf,
  type AccountBytes,
  type DecodeOptions,
} from './common.js';

/** Discriminator: byte 0 of every Contributor account. */
export const CONTRIBUTOR_ACCOUNT_TYPE = AccountType.Contributor;

/** The decoded Contributor account (accounts.md §3.5). */
export interface Contributor {
  accountType: AccountType.Contributor;
  owner: PublicKey;
  index: bigint;
  bumpSeed: number;
  status: ContributorStatus;
  code: string;
  referenceCount: number;
  opsManagerPk: PublicKey;
}

/** The trailing (legacy) Contributor fields, in wire order. */
export const CONTRIBUTOR_TRAILING_FIELDS = Object.freeze(['ops_manager_pk'] as const);

/** How a decoded Contributor's bytes ended (attached non-enumerably under RAW_LAYOUT). */
export interface ContributorLayout {
  /** How many of CONTRIBUTOR_TRAILING_FIELDS were present (0..1). */
  trailing: number;
  /** Bytes after the last known field (written by a newer program). */
  extra: Uint8Array;
}

const TRAILING_COUNT = CONTRIBUTOR_TRAILING_FIELDS.length;
const EMPTY = new Uint8Array(0);

/**
 * Decodes a Contributor account strictly (byte 0 = 10, fields through reference_count
 * required; ops_manager_pk defaults to the zero key when absent).
 */
export function decodeContributor(input: AccountBytes, opts?: DecodeOptions): Contributor {
  const r = beginDecode(input, AccountType.Contributor, opts);
  const owner = r.pubkey('owner');
  const index = r.u128('index');
  const bumpSeed = r.u8('bump_seed');
  const status = r.u8('status');
  const code = r.string('code');
  const referenceCount = r.u32('reference_count');
  let trailing = 0;
  let opsManagerPk = PublicKey.default;
  if (r.remaining > 0) {
    opsManagerPk = r.pubkey('ops_manager_pk');
    trailing = 1;
  }
  const c: Contributor = {
    accountType: AccountType.Contributor,
    owner,
    index,
    bumpSeed,
    status,
    code,
    referenceCount,
    opsManagerPk,
  };
  if (trailing < TRAILING_COUNT || r.remaining > 0) {
    // A copy (for a Buffer input, slice() would share the caller's memory).
    const extra = r.remaining > 0 ? new Uint8Array(r.buf.subarray(r.pos)) : EMPTY;
    attachLayout<Contributor, ContributorLayout>(c, { trailing, extra });
  }
  return c;
}

/**
 * Encodes a Contributor account. A decoded value gives back its exact bytes; any other value
 * is written in the current full format. Undeclared statuses and out-of-range numbers are
 * refused (EncodeError).
 */
export function encodeContributor(c: Contributor): Uint8Array {
  const w = new Writer('Contributor', 128);
  if (c.accountType !== AccountType.Contributor) {
    w.fail('account_type', `${String(c.accountType)} is not ${AccountType.Contributor} (Contributor)`);
  }
  w.u8(AccountType.Contributor, 'account_type');
  w.pubkey(c.owner, 'owner');
  w.u128(c.index, 'index');
  w.u8(c.bumpSeed, 'bump_seed');
  if (!ContributorStatusSpec.isKnown(c.status)) {
    w.fail('status', `${String(c.status)} is not a declared ${ContributorStatusSpec.name} value`);
  }
  w.u8(c.status, 'status');
  w.string(c.code, 'code');
  w.u32(c.referenceCount, 'reference_count');
  const layout = layoutOf<ContributorLayout>(c);
  const opsSet = !(c.opsManagerPk instanceof PublicKey && c.opsManagerPk.equals(PublicKey.default));
  const n = !layout ? TRAILING_COUNT : layout.trailing >= 1 || opsSet ? 1 : 0;
  if (n > 0) w.pubkey(c.opsManagerPk, 'ops_manager_pk');
  if (n === TRAILING_COUNT && layout && layout.extra.length > 0) w.bytes(layout.extra);
  return w.finish();
}

/**
 * The getProgramAccounts memcmp filter selecting Contributor accounts (byte 0 = 10); combine it with
 * `pubkeyFilter(1, owner)` to narrow by owner.
 */
export function contributorFilter(): GetProgramAccountsFilter {
  return accountTypeFilter(AccountType.Contributor);
}
