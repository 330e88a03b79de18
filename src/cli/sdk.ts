/**
 * The CLI's door to the core: what `dzprov` uses of the SDK, with addresses as the CLI's own
 * PublicKey (src/cli/publicKey.ts), instructions with those keys, signing with node:crypto
 * Ed25519 (src/cli/signer.ts), reading through dzprov's fetch transport and subscribing through
 * its WebSocket layer. No web3.js or kit: `npx dzprov` works with neither installed.
 */
import * as core from '../core/index.js';
import { DzClientCore, type ClientDoor } from '../core/client/client.js';
import { urlTransports } from '../core/client/environment.js';
import type { SubscriptionOptions, WebSocketConstructor } from '../core/client/ws.js';
import { programIdsOf, withInstructionDecoder, withPda, withPlan } from '../core/door.js';
import { environmentsWith } from '../core/environments.js';
import { PROGRAM_ADDRESSES, type Network } from '../core/programIds.js';
import { CLI_KEYS, PublicKey } from './publicKey.js';
import { cliSigner, type Keypair } from './signer.js';

// Everything of the core that has no addresses or instructions; the declarations below shadow
// the core's generic ones with the CLI's forms.
export * from '../core/index.js';

type K = PublicKey;

/** An instruction with the CLI's keys (a core instruction in shape). */
export interface CliInstruction {
  programId: PublicKey;
  keys: { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }[];
  data: Uint8Array;
}

/** A core instruction with the CLI's keys. */
export function toCliInstruction(ix: core.CoreInstruction): CliInstruction {
  return {
    programId: CLI_KEYS.from(ix.programId),
    keys: ix.keys.map((k) => ({ pubkey: CLI_KEYS.from(k.pubkey), isSigner: k.isSigner, isWritable: k.isWritable })),
    data: ix.data,
  };
}

const fromIx = (ix: core.CoreInstruction): core.CoreInstruction => ix;

export const decodeInstruction = withInstructionDecoder(core.decodeInstruction, CLI_KEYS, fromIx);
export const getGlobalStatePda = withPda(core.getGlobalStatePda, CLI_KEYS);
export const getGlobalConfigPda = withPda(core.getGlobalConfigPda, CLI_KEYS);
export const getLocationPda = withPda(core.getLocationPda, CLI_KEYS);
export const getExchangePda = withPda(core.getExchangePda, CLI_KEYS);
export const getDevicePda = withPda(core.getDevicePda, CLI_KEYS);
export const getLinkPda = withPda(core.getLinkPda, CLI_KEYS);
export const getContributorPda = withPda(core.getContributorPda, CLI_KEYS);
export const getPermissionPda = withPda(core.getPermissionPda, CLI_KEYS);
export const planDeviceMaintenance = withPlan(core.planDeviceMaintenance<K>, toCliInstruction);
export const planDeviceReturn = withPlan(core.planDeviceReturn<K>, toCliInstruction);
export const PROGRAM_IDS = programIdsOf(CLI_KEYS);
export const { ENVIRONMENTS, findEnvironment, environmentFor, environmentOfProgramId } = environmentsWith(CLI_KEYS);

export type Device = core.Device<K>;
export type Interface = core.Interface<K>;
export type Link = core.Link<K>;
export type GlobalState = core.GlobalState<K>;
export type GlobalConfig = core.GlobalConfig<K>;
export type Location = core.Location<K>;
export type Exchange = core.Exchange<K>;
export type Contributor = core.Contributor<K>;
export type Permission = core.Permission<K>;
export type DzEnvironment = core.DzEnvironment<K>;
export type Entry<T> = core.Entry<T, K>;
export type AccountRecord = core.AccountRecord<K>;
export type PreparedIntent<T> = core.PreparedIntent<T, K, CliInstruction>;
export type HealthOutcome = core.HealthOutcome<K>;
export type HealthUpdate = core.HealthUpdate<K>;
export type MaintenanceStep = core.MaintenanceStep<K>;

const CLI_DOOR: ClientDoor<K, CliInstruction, Keypair> = {
  keys: CLI_KEYS,
  toInstruction: toCliInstruction,
  fromInstruction: (ix) => ix,
  signer: cliSigner,
};

/** Options of the CLI's client. */
export interface CliClientOptions {
  programId: core.KeyInput;
  network?: Network;
  /** The ledger's RPC URL (none: `source` is read). */
  rpcUrl?: string;
  /** The ledger's WebSocket URL (subscriptions). */
  wsUrl?: string;
  WebSocket?: WebSocketConstructor;
  subscriptions?: SubscriptionOptions;
  /** An in-memory ledger (the sample ledger). */
  source?: core.AccountSource<K>;
  retry?: core.RetryOptions;
  commitment?: core.Commitment;
  computeUnitPrice?: number | bigint;
}

/** The core client as the CLI uses it: its PublicKeys, its instructions, its keypairs. */
export class DzClient extends DzClientCore<K, CliInstruction, Keypair> {
  constructor(o: CliClientOptions) {
    const urls = urlTransports({
      ...(o.rpcUrl !== undefined ? { rpcUrl: o.rpcUrl } : {}),
      ...(o.wsUrl !== undefined ? { wsUrl: o.wsUrl } : {}),
      ...(o.WebSocket ? { WebSocket: o.WebSocket } : {}),
      ...(o.subscriptions ? { subscriptions: o.subscriptions } : {}),
      ...(o.retry ? { retry: o.retry } : {}),
    });
    super(CLI_DOOR, {
      programId: o.programId,
      ...(o.network ? { network: o.network } : {}),
      ...(o.commitment ? { commitment: o.commitment } : {}),
      ...(o.retry ? { retry: o.retry } : {}),
      ...(o.computeUnitPrice !== undefined ? { computeUnitPrice: o.computeUnitPrice } : {}),
      ...urls,
      ...(o.source ? { source: o.source } : {}),
    });
  }
}

/** The program id of `network` as a CLI key. */
export function programIdOf(network: Network): PublicKey {
  return CLI_KEYS.from(PROGRAM_ADDRESSES[network]);
}

export { PublicKey };

// The device onboarding requests' checks, run before anything is read (the CLI's bad-input refusals).
export { checkUpdateDeviceRequest, createDeviceArgsOf, createDeviceInterfaceArgsOf, updateDeviceInterfaceArgsOf } from '../core/client/deviceRequests.js';
