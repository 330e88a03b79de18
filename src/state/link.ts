import type { PublicKey } from '@solana/web3.js';
import { AccountType, LinkDesiredStatus, LinkHealth, LinkLinkType, LinkStatus } from '../enums.js';

/** Discriminator: byte 0 of every Link account. */
export const LINK_ACCOUNT_TYPE = AccountType.Link;

/** link_flags bit 0: the link is administratively drained for unicast traffic. */
export const LINK_FLAG_UNICAST_DRAINED = 0x1;

/** The decoded Link account (accounts.md §3.7). */
export interface Link {
  accountType: AccountType.Link;
  owner: PublicKey;
  index: bigint;
  bumpSeed: number;
  sideAPk: PublicKey;
  sideZPk: PublicKey;
  linkType: LinkLinkType;
  bandwidth: bigint;
  mtu: number;
  delayNs: bigint;
  jitterNs: bigint;
  tunnelId: number;
  tunnelNet: string;
  status: LinkStatus;
  code: string;
  contributorPk: PublicKey;
  sideAIfaceName: string;
  sideZIfaceName: string;
  delayOverrideNs: bigint;
  linkHealth: LinkHealth;
  desiredStatus: LinkDesiredStatus;
  linkTopologies: PublicKey[];
  linkFlags: number;
}
