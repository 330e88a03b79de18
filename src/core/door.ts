/**
 * How a door binds the core: every core function that gives back addresses or instructions is
 * bound, one export at a time, to the door's key kind and instruction form with one of these
 * helpers. Each door export is then a single pure call (`/* @__PURE__ *\/ withKeys(...)`), so a
 * bundler keeps only what an application uses: a dashboard that decodes accounts gets no
 * builder, PDA, SHA-256 or client. The helpers carry the core functions' own parameter types.
 */
import type { KeyKind } from './keys.js';
import type { Pda } from './pda.js';
import { PROGRAM_ADDRESSES, checkNetwork, type Network } from './programIds.js';
import type { CoreInstruction, DecodeInstructionOptions } from './instructions/common.js';
import { computeBudgetPrelude, type ComputeBudgetPreludeOptions } from './instructions/computeBudget.js';
import type { MaintenancePlan } from './instructions/planner.js';
import { DoubleZeroInstructionTag as Tag } from './instructions/tags.js';

/** A core function whose first parameter is the key kind, with that parameter bound. */
export function withKeys<K, A extends unknown[], R>(f: (keys: KeyKind<K>, ...args: A) => R, keys: KeyKind<K>): (...args: A) => R {
  return (...args) => f(keys, ...args);
}

/** A core builder giving the door's instruction. */
export function withInstruction<A extends unknown[], Ix>(f: (...args: A) => CoreInstruction, toIx: (ix: CoreInstruction) => Ix): (...args: A) => Ix {
  return (...args) => toIx(f(...args));
}

/** A core PDA function giving the door's key. */
export function withPda<A extends unknown[], K>(f: (...args: A) => Pda, keys: KeyKind<K>): (...args: A) => Pda<K> {
  return (...args) => {
    const [address, bump] = f(...args);
    return [keys.from(address), bump];
  };
}

/** A core instruction decoder taking the door's instruction (`from` turns it into a core one). */
export function withInstructionDecoder<K, I, R>(
  f: (keys: KeyKind<K>, ix: CoreInstruction, opts?: DecodeInstructionOptions) => R,
  keys: KeyKind<K>,
  from: (ix: I) => CoreInstruction,
): (ix: I, opts?: DecodeInstructionOptions) => R {
  return (ix, opts) => f(keys, from(ix), opts);
}

/** A maintenance planner giving the door's instructions in its steps. */
export function withPlan<I, K, Ix>(f: (input: I) => MaintenancePlan<K>, toIx: (ix: CoreInstruction) => Ix): (input: I) => MaintenancePlan<K, Ix> {
  return (input) => {
    const plan = f(input);
    return { ...plan, steps: plan.steps.map((s) => (s.blocked ? s : { ...s, instruction: toIx(s.instruction) })) };
  };
}

/** The compute-budget prelude as the door's instructions. */
export function withPrelude<Ix>(toIx: (ix: CoreInstruction) => Ix): (opts?: ComputeBudgetPreludeOptions) => [Ix, Ix] {
  return (opts) => {
    const [a, b] = computeBudgetPrelude(opts);
    return [toIx(a), toIx(b)];
  };
}

/** The serviceability program id of every network, as the door's keys. */
export function programIdsOf<K>(keys: KeyKind<K>): Readonly<Record<Network, K>> {
  return Object.freeze(Object.fromEntries(Object.entries(PROGRAM_ADDRESSES).map(([n, a]) => [n, keys.from(a)])) as Record<Network, K>);
}

/** `programIdFor(network)` over a door's program ids (ValidationError for an unknown network). */
export function programIdForOf<K>(ids: Readonly<Record<Network, K>>): (network: string) => K {
  return (network) => ids[checkNetwork(network)];
}

/** A door's instruction decoders, by tag (the shape of `INSTRUCTION_DECODERS`). */
export function instructionDecodersByTag<D>(d: {
  createDevice: D;
  updateDevice: D;
  deleteDevice: D;
  setDeviceHealth: D;
  createDeviceInterface: D;
  updateDeviceInterface: D;
  deleteDeviceInterface: D;
  createLink: D;
  acceptLink: D;
  updateLink: D;
  deleteLink: D;
  setLinkHealth: D;
}): Readonly<Partial<Record<Tag, D>>> {
  return Object.freeze({
    [Tag.CreateDevice]: d.createDevice,
    [Tag.UpdateDevice]: d.updateDevice,
    [Tag.DeleteDevice]: d.deleteDevice,
    [Tag.SetDeviceHealth]: d.setDeviceHealth,
    [Tag.CreateDeviceInterface]: d.createDeviceInterface,
    [Tag.UpdateDeviceInterface]: d.updateDeviceInterface,
    [Tag.DeleteDeviceInterface]: d.deleteDeviceInterface,
    [Tag.CreateLink]: d.createLink,
    [Tag.AcceptLink]: d.acceptLink,
    [Tag.UpdateLink]: d.updateLink,
    [Tag.DeleteLink]: d.deleteLink,
    [Tag.SetLinkHealth]: d.setLinkHealth,
  });
}
