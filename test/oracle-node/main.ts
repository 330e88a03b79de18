/**
 * `npm run oracle-node [-- options]`: runs the oracle node until Ctrl-C (scripts/oracle-node.mjs
 * builds the oracle, bundles this file and imports it with DZPROV_ORACLE_BIN set).
 */
import { PublicKey } from '@solana/web3.js';
import { nodeKeypairs, startOracleNode, type OracleNodeOptions } from './node.js';

const USAGE = `usage: npm run oracle-node [-- options]

Serves the DoubleZero serviceability program, executed by dzprov's oracle, as a Solana JSON-RPC
node on 127.0.0.1 (HTTP and WebSocket on --port, WebSocket also on --port + 1).

options:
  --port <n>                 RPC port (default 8899; 0: any free port)
  --seed                     create devices, interfaces and links with dzprov's builders
  --keys-dir <dir>           where to write the keypair files (default: a new temp directory)
  --program-id <pubkey>      where the program runs (default: localnet's program id)
  --slot-ms <ms>             wall time of a slot (default 100)
  --confirmation-depth <n>   slots until a block is confirmed (default 1)
  --finalization-depth <n>   slots until a block is finalized (default 32)
  --blockhash-validity <n>   blocks a blockhash stays valid (default: as many as fit in 900 ms,
                             the most the program-test bank honours; 8 with 100 ms slots)
  -h, --help                 this text
`;

function parse(argv: string[]): OracleNodeOptions {
  const o: OracleNodeOptions = {};
  const int = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number, got ${v ?? 'nothing'}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    switch (a) {
      case '--port':
        o.port = int(a, next());
        break;
      case '--seed':
        o.seed = true;
        break;
      case '--keys-dir': {
        const v = next();
        if (!v) throw new Error('--keys-dir needs a directory');
        o.keysDir = v;
        break;
      }
      case '--program-id': {
        const v = next();
        try {
          o.programId = new PublicKey(v ?? '');
        } catch {
          throw new Error(`--program-id: ${v ?? 'nothing'} is not a base58 public key`);
        }
        break;
      }
      case '--slot-ms':
        o.slotMs = int(a, next());
        break;
      case '--confirmation-depth':
        o.confirmationDepth = int(a, next());
        break;
      case '--finalization-depth':
        o.finalizationDepth = int(a, next());
        break;
      case '--blockhash-validity':
        o.blockhashValidity = int(a, next());
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

async function main(argv: string[]): Promise<void> {
  let opts: OracleNodeOptions;
  try {
    opts = parse(argv);
  } catch (e) {
    process.stderr.write(`oracle-node: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const started = Date.now();
  let node: Awaited<ReturnType<typeof startOracleNode>>;
  try {
    node = await startOracleNode(opts);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { port?: number };
    const why =
      err.code === 'EADDRINUSE'
        ? `127.0.0.1:${err.port ?? '?'} is in use (the node needs --port and --port + 1; pass another --port, or 0 for any free pair)`
        : err.message;
    process.stderr.write(`oracle-node: cannot start: ${why}\n`);
    process.exit(1);
  }
  const roles = nodeKeypairs(node.chain);
  const lines = [
    `dzprov oracle node: the serviceability program, executed by dzprov-oracle, bootstrapped in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  RPC URL     ${node.url}`,
    `  WebSocket   ${node.wsUrl}${node.wsUrlNext ? ` and ${node.wsUrlNext}` : ''}`,
    `  program id  ${node.programId.toBase58()}`,
    `  slots       ${node.ledger.slotMs} ms each; confirmed after ${node.ledger.confirmationDepth}, finalized after ${node.ledger.finalizationDepth}; a blockhash is valid ${node.ledger.blockhashValidity} blocks`,
    `  keypairs    ${node.keysDir ?? '(not written)'}`,
    ...Object.entries(node.keyFiles).map(([name, path]) => `    ${path.padEnd(Math.max(...Object.values(node.keyFiles).map((p) => p.length)))}  ${roles[name]!.role}, ${roles[name]!.keypair.publicKey.toBase58()}`),
    ...(node.seeded
      ? [`  seeded      devices ${node.seeded.devices.map((d) => d.code).join(', ')}; links ${node.seeded.links.map((l) => l.code).join(', ')}`]
      : []),
    '',
    `  node dist/cli/main.js devices -u ${node.url} --network localnet`,
    `  node dist/cli/main.js drain-device <code> -u ${node.url} --network localnet --send -k ${node.keyFiles['contributor-coa'] ?? '<keypair.json>'}`,
    '',
    'Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('oracle-node: stopping\n');
    void node.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main(process.argv.slice(2));
