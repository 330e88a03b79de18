import { DzprovError } from '../errors.js';
import { keyEquals, keyText, type KeyInput, type KeyKind } from '../keys.js';
import type { AnyProgramAccountsFilter } from '../state/common.js';
import { expectObject } from '../validate.js';
import { parseAccountInfo, type RpcPort } from './rpc.js';
import { RpcAccountSource, type AccountList, type AccountReadOptions, type AccountRecord, type RpcAccountSourceOptions } from './source.js';

/**
 * "Is the serviceability program there at all?" A node of another chain (one of Solana's public
 * clusters, say) answers every read of the program's accounts with nothing: an empty listing, a
 * missing account. Before such an empty answer is handed back, the client checks once (then
 * remembers) that the program account exists on the node and is executable, and otherwise
 * throws ProgramNotDeployedError instead of a silent empty result.
 */

/** The serviceability program account is missing from the node, or is not an executable program. */
export class ProgramNotDeployedError extends DzprovError {
  /** Always `'ProgramNotDeployedError'`: the class name, spelled out so that minified bundles keep it. */
  override name = 'ProgramNotDeployedError';
  readonly code = 'PROGRAM_NOT_DEPLOYED';
  constructor(
    /** The program id, base58. */
    readonly programId: string,
    /** The node, as scheme, host and port. */
    readonly rpcUrl: string,
    /** "missing": no account at the program id; "not-executable": an account that is not a program. */
    readonly reason: 'missing' | 'not-executable',
    /** The owner of the non-executable account (reason "not-executable"). */
    readonly owner?: string,
  ) {
    super(
      reason === 'missing'
        ? `the serviceability program ${programId} does not exist on the node ${rpcUrl}: it is not deployed there, so this node belongs to another chain or environment (the program lives on the DoubleZero ledger, not on Solana's clusters), or the program id is wrong`
        : `the account ${programId} on the node ${rpcUrl} is not an executable program${owner ? ` (owner ${owner})` : ''}: the program id is wrong for this node, or the node belongs to another chain or environment`,
    );
  }
}

/**
 * The RpcAccountSource a DzClient creates for itself: reads exactly like RpcAccountSource, and
 * before it returns an empty listing of `programId` or a missing account it runs the program
 * check (once; a success is remembered, a failed check is re-run next time only when it failed
 * to reach the node).
 */
export class ProgramCheckedSource<K = KeyInput> extends RpcAccountSource<K> {
  readonly programId: KeyInput;
  /** How the node is named in the error (scheme, host and port of its URL). */
  readonly nodeName: string;
  private verdict: Promise<void> | undefined;

  constructor(rpc: RpcPort, keys: KeyKind<K>, opts: RpcAccountSourceOptions & { programId: KeyInput; nodeName?: string }) {
    expectObject(opts, 'opts');
    const { programId, nodeName, ...rest } = opts;
    super(rpc, keys, rest);
    this.programId = programId;
    this.nodeName = nodeName ?? 'the RPC node';
  }

  /** Resolves when the program account exists and is executable; throws ProgramNotDeployedError otherwise. */
  ensureProgram(): Promise<void> {
    this.verdict ??= this.checkProgram().catch((e: unknown) => {
      // A node that could not be asked says nothing about the program: ask again next time.
      if (!(e instanceof ProgramNotDeployedError)) this.verdict = undefined;
      throw e;
    });
    return this.verdict;
  }

  private async checkProgram(): Promise<void> {
    const pid = keyText(this.programId);
    const config = { encoding: 'base64', ...(this.commitment ? { commitment: this.commitment } : {}) };
    const { value: info } = await this.read('getAccountInfo', [pid, config], (res) => parseAccountInfo(res, pid));
    if (info === null) throw new ProgramNotDeployedError(pid, this.nodeName, 'missing');
    if (!info.executable) throw new ProgramNotDeployedError(pid, this.nodeName, 'not-executable', info.owner);
  }

  override async getAccounts(pks: readonly KeyInput[], opts?: AccountReadOptions): Promise<(AccountRecord<K> | null)[]> {
    const recs = await super.getAccounts(pks, opts);
    if (recs.some((r) => r === null)) await this.ensureProgram();
    return recs;
  }

  override async getProgramAccounts(programId: KeyInput, filters: AnyProgramAccountsFilter[]): Promise<AccountList<K>> {
    const recs = await super.getProgramAccounts(programId, filters);
    if (recs.length === 0 && keyEquals(programId, this.programId)) await this.ensureProgram();
    return recs;
  }
}

/**
 * Checks now (once per client; later calls reuse the answer) that `client`'s program is deployed
 * on its node, for callers that want to know before they subscribe or send. Throws
 * ProgramNotDeployedError, or the RpcError of a node that cannot be reached. A client that reads
 * an in-memory ledger or a source of its own has no node to check: this resolves at once.
 */
export async function ensureProgramDeployed(client: { source: unknown }): Promise<void> {
  expectObject(client, 'client');
  if (client.source instanceof ProgramCheckedSource) await client.source.ensureProgram();
}
