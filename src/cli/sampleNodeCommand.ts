/**
 * `dzprov sample-node`: the embedded sample ledger served as a local node (node/index.ts) until
 * Ctrl-C, SIGTERM or --timeout; one line per transaction it executes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlobalOptions } from './args.js';
import { Out, type CliIo } from './context.js';
import { UsageError } from './errors.js';
import { SAMPLE_NODE_DEFAULT_PORT, startSampleNode, type LandedTransaction, type SampleNode } from './node/index.js';

/** The instruction names a transaction's logs show (compute-budget ones are left out). */
function instructionNames(t: LandedTransaction): string[] {
  return t.logs.filter((l) => l.startsWith('Program log: Instruction: ')).map((l) => l.slice('Program log: Instruction: '.length));
}

async function start(port: number, keysDir: string): Promise<SampleNode> {
  try {
    return await startSampleNode({ port, keysDir });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`port ${port} or ${port + 1} on 127.0.0.1 is in use: choose another with --port <port> (0: any free port)`, 'sample-node');
    }
    throw e;
  }
}

export async function runSampleNode(options: GlobalOptions, io: CliIo): Promise<number> {
  if (options.env !== undefined || options.url !== undefined || options.ws !== undefined || options.programId !== undefined) {
    throw new UsageError('sample-node serves the embedded sample ledger: it takes no -e, --url, --ws or --program-id', 'sample-node');
  }
  const out = new Out(io, options.json, options.wide, options.jsonCompact);
  const keysDir = options.keysDir ?? mkdtempSync(join(tmpdir(), 'dzprov-sample-keys-'));
  const port = options.port ?? SAMPLE_NODE_DEFAULT_PORT;
  const node = await start(port, keysDir);
  const json = (v: unknown) => io.stdout.write(`${JSON.stringify(v)}\n`);
  if (out.json) {
    json({
      event: 'listening',
      rpcUrl: node.url,
      wsUrl: node.wsUrl,
      ports: node.ports,
      programId: node.programId,
      keysDir,
      identities: node.identities.map((i) => ({ name: i.name, pubkey: i.address, keypair: i.keypairPath, roles: i.description })),
    });
  } else {
    const flags = node.ports[0] === SAMPLE_NODE_DEFAULT_PORT ? '-e local' : `-e local -u ${node.url}`;
    const acme = node.identities.find((i) => i.name === 'acme')!;
    out.line(`dzprov sample node: the embedded sample ledger, program ${node.programId}, on 127.0.0.1`);
    out.line(`  RPC URL        ${node.url}`);
    out.line(`  WebSocket URL  ${node.wsUrl}${node.ports[1] !== undefined ? ` (also ws://127.0.0.1:${node.ports[1]}, where web3.js looks)` : ''}`);
    out.line(`  keypairs       ${keysDir}`);
    const w = Math.max(...node.identities.map((i) => i.name.length));
    for (const i of node.identities) out.line(`    ${`${i.name}.json`.padEnd(w + 5)}  ${i.address}  ${i.description}`);
    out.line(`  try            dzprov devices ${flags}`);
    out.line(`                 dzprov drain-device fra-dz1 ${flags} --send -k ${acme.keypairPath}`);
    out.line('Every commitment reads the same state: a transaction is final the moment it lands. Ctrl-C to stop.');
  }
  node.onTransaction((t) => {
    const names = instructionNames(t);
    if (out.json) json({ event: 'transaction', slot: t.slot, signature: t.signature, instructions: names, err: t.err });
    else out.line(`slot ${t.slot}  ${t.signature}  ${names.join(', ') || '(no instruction)'}  ${t.err === null ? 'ok' : `failed: ${JSON.stringify(t.err)}`}`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.signal?.addEventListener('abort', stop, { once: true });
    if (options.timeoutMs !== undefined) setTimeout(stop, options.timeoutMs).unref();
  });
  await node.close();
  if (!out.json) out.line('dzprov sample node: stopped');
  return 0;
}
