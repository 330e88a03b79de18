/**
 * Raw instruction builders of the serviceability program's Device and Link instructions,
 * byte-identical to the program's Rust builder crate, with their Args codecs, decoders and
 * offline argument checks. One file per instruction.
 *
 * Shape (spl-token style): `createXInstruction(input)` takes ONE object — `programId`,
 * `payer`, the camelCase of the Rust builder's other parameters, `args` (camelCase of the
 * Rust Args fields; Option → optional/null; integers as number or bigint) and the options
 * `validate` / `appendPermission` — and returns a CoreInstruction (the doors give a web3.js TransactionInstruction or a kit Instruction) whose data is
 * the tag plus the COMPLETE Borsh Args (never truncated), with the derived fields overwritten
 * exactly as the Rust builder does. `encodeXArgs` / `decodeXArgs` work on the full data
 * (tag included); `decodeXInstruction` / `decodeInstruction` are the inverse of the builders.
 *
 * Validation policy:
 * - Encodability is always checked: an undeclared enum value, an out-of-range integer or an
 *   unparsable address is an EncodeError; a missing structural input (a key that is not a
 *   PublicKey, `oldDzPrefixCount` with `dzPrefixes`, `sideA`/`sideZ` with `tunnelNet`,
 *   `topologyUnion` with `linkTopologies`, a topology name longer than a seed) is a
 *   ValidationError.
 * - The program's offline-checkable argument rules (`validateXArgs`, exported) run by default
 *   before building and throw InstructionArgumentError (a ValidationError) naming the field,
 *   the rule and the program error the request would get. `validate: false` skips them, to
 *   build exactly what the Rust builder would from arguments the program rejects — e.g. the
 *   golden fixtures, whose CreateDevice public_ip lies inside its own dz_prefix.
 * - Rules that need on-chain state or the caller's role (status transitions, who may set
 *   which field) are not checked here; the lifecycle-checked builders do that.
 * - Builders do not rewrite Args text: codes are not lowercased and interface names are not
 *   normalised (the program does both); see normalizeInterfaceName.
 *
 * Permission account: never appended by default (parity with the Rust builders).
 * `appendPermission: true` appends the payer's Permission PDA, read-only, last — only for a
 * payer known to have a Permission account (otherwise authorization fails hard).
 */
export * from './tags.js';
export * from './errors.js';
export {
  type BuilderOptions,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
  type CoreInstruction,
  type CoreAccountMeta,
  SYSTEM_PROGRAM_ADDRESS,
} from './common.js';
export {
  MAX_CODE_BYTES,
  MIN_LINK_BANDWIDTH,
  MAX_LINK_BANDWIDTH,
  MIN_LINK_DELAY_NS,
  MAX_LINK_DELAY_NS,
  LINK_MTU,
  CYOA_DIA_INTERFACE_MTU,
  INTERFACE_MTU,
  MAX_TUNNEL_ID,
  MAX_VLAN_ID,
  MAX_LINK_TOPOLOGIES,
  isValidAccountCode,
  isGlobalIpv4,
  isPrivateIpv4,
  isLinkLocalIpv4,
  networkContains,
  normalizeInterfaceName,
  tryNormalizeInterfaceName,
} from './validation.js';
export * from './updateDevice.js';
export * from './deleteDevice.js';
export * from './setDeviceHealth.js';
export * from './updateLink.js';
export * from './acceptLink.js';
export * from './deleteLink.js';
export * from './setLinkHealth.js';
export * from './createDevice.js';
export * from './createDeviceInterface.js';
export * from './updateDeviceInterface.js';
export * from './deleteDeviceInterface.js';
export * from './createLink.js';
export * from './decode.js';
export {
  MAX_COMPUTE_UNIT_LIMIT,
  MAX_HEAP_FRAME_BYTES,
  COMPUTE_BUDGET_PROGRAM_ADDRESS,
  computeBudgetPrelude,
  type ComputeBudgetPreludeOptions,
} from './computeBudget.js';
