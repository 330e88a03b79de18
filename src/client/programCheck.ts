import type { Connection, GetProgramAccountsFilter, PublicKey } from '@solana/web3.js';
import { DzprovError } from '../errors.js';
import { expectObject } from '../validate.js';
import { RpcAccountSource, type AccountList, type AccountReadOptions, type AccountRecord, type RpcAccountSourceOptions } from './source.js';
import { redactUrl } from './url.js';

/**
 * "Is the serviceability program there at all?" A node of another chain (one of Solana's public
 * clusters, say) answers every read of the program's accounts with nothing: an empty listing, a
 * missing account. Before such an empty answer is handed back, the client checks once (then
 * remembers) that the program account exists on the node and is executable, and otherwise
 * throws ProgramNotDeployedError instead of a silent empty result.
 */

/** The serviceability program account is missing from the node, or is not an executable program. */
export class ProgramNotDeployedError extends DzprovError {
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
export class ProgramCheckedSource extends RpcAccountSource {
  readonly programId: PublicKey;
  private verdict: Promise<void> | undefined;

  constructor(connection: Connection, opts: RpcAccountSourceOptions & { programId: PublicKey }) {
    expectObject(opts, 'opts');
    const { programId, ...rest } = opts;
    super(connection, rest);
    this.programId = programId;
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
    const conn = this.connection;
    const info = await this.read('getAccountInfo', () =>
      conn.getAccountInfo(this.programId, this.commitment ? { commitment: this.commitment } : undefined),
    );
    const url = redactUrl(conn.rpcEndpoint);
    if (info === null) throw new ProgramNotDeployedError(this.programId.toBase58(), url, 'missing');
    if (!info.executable) throw new ProgramNotDeployedError(this.programId.toBase58(), url, 'not-executable', info.owner.toBase58());
  }

  override async getAccounts(pks: readonly PublicKey[], opts?: AccountReadOptions): Promise<(AccountRecord | null)[]> {
    const recs = await super.getAccounts(pks, opts);
    if (recs.some((r) => r === null)) await this.ensureProgram();
    return recs;
  }

  override async getProgramAccounts(programId: PublicKey, filters: GetProgramAccountsFilter[]): Promise<AccountList> {
    const recs = await super.getProgramAccounts(programId, filters);
    if (recs.length === 0 && programId.equals(this.programId)) await this.ensureProgram();
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
