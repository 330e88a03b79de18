#!/usr/bin/env node
import { run } from './run.js';

// `dzprov ... | head` closes stdout early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
// The command is done: exit once stdout and stderr are flushed, so that nothing left open (a
// WebSocket web3.js keeps reconnecting after `watch`, keep-alive sockets) holds the process.
let pending = 2;
const flushed = () => {
  if (--pending === 0) process.exit(code);
};
process.stdout.write('', flushed);
process.stderr.write('', flushed);
