// RPC traffic of the client's filtered listings vs downloading every program account.
//
// A synthetic ledger of N devices, 3N links and 50N other accounts (users and access passes:
// random bytes behind their type byte) is served by the local JSON-RPC test server
// (test/helpers/rpcServer.ts, compiled with esbuild); the client lists devices and links
// with its account-type memcmp filters, and the same lists are then built from one unfiltered
// getProgramAccounts. The server counts calls and bytes.
import { Connection, PublicKey } from '@solana/web3.js';
import * as dz from '../dist/index.js';
import { benchLink, loadRpcServer as loadServer, namedKey as key, rng } from './util.mjs';

const PROGRAM_ID = dz.PROGRAM_IDS.localnet;

function device(i, contributorPk) {
  return {
    accountType: dz.AccountType.Device,
    owner: key('owner'),
    index: BigInt(10 + i),
    bumpSeed: 255,
    locationPk: key('loc'),
    exchangePk: key('exc'),
    deviceType: dz.DeviceType.Hybrid,
    publicIp: '203.0.113.10',
    status: dz.DeviceStatus.Activated,
    code: `dev-${i}`,
    dzPrefixes: ['198.51.100.0/28'],
    metricsPublisherPk: PublicKey.default,
    contributorPk,
    mgmtVrf: 'mgmt',
    referenceCount: 3,
    usersCount: 10,
    maxUsers: 128,
    deviceHealth: dz.DeviceHealth.ReadyForUsers,
    desiredStatus: dz.DeviceDesiredStatus.Activated,
    unicastUsersCount: 0,
    multicastSubscribersCount: 0,
    maxUnicastUsers: 0,
    maxMulticastSubscribers: 0,
    reservedSeats: 0,
    multicastPublishersCount: 0,
    maxMulticastPublishers: 0,
    interfaces: [],
  };
}

function link(i, a, z, contributorPk) {
  return benchLink(dz, i, { owner: key('owner'), sideAPk: a, sideZPk: z, contributorPk });
}

function fill(server, n) {
  const rand = rng(n);
  const contributors = [key('c1'), key('c2')];
  const devicePks = [];
  for (let i = 0; i < n; i++) {
    const pk = key(`device ${i}`);
    devicePks.push(pk);
    server.setAccount(pk, { owner: PROGRAM_ID, data: dz.encodeDevice(device(i, contributors[i % 2])) });
  }
  for (let i = 0; i < 3 * n; i++) {
    const a = devicePks[i % n];
    const z = devicePks[(i + 1 + (i % 7)) % n];
    server.setAccount(key(`link ${i}`), { owner: PROGRAM_ID, data: dz.encodeLink(link(i, a, z, contributors[i % 2])) });
  }
  for (let i = 0; i < 50 * n; i++) {
    // Users (type 7, ~240 bytes) and access passes (type 11, ~150 bytes).
    const user = i % 2 === 0;
    const data = new Uint8Array(user ? 240 : 150);
    for (let j = 1; j < data.length; j++) data[j] = Math.floor(rand() * 256);
    data[0] = user ? 7 : 11;
    server.setAccount(key(`other ${i}`), { owner: PROGRAM_ID, data });
  }
}

const mb = (b) => b / (1024 * 1024);

export async function run(report) {
  const { startRpcServer } = await loadServer();
  for (const n of [100, 1000]) {
    const server = await startRpcServer({ maxLifetimeMs: 600_000 });
    try {
      fill(server, n);
      const connection = new Connection(server.url, { commitment: 'confirmed', disableRetryOnRateLimit: true });
      const client = new dz.DzClient({ connection, programId: PROGRAM_ID });

      server.resetRecords();
      let t0 = performance.now();
      const devices = await client.listDevices();
      const links = await client.listLinks();
      const filteredMs = performance.now() - t0;
      const filtered = server.traffic();

      server.resetRecords();
      t0 = performance.now();
      const all = await connection.getProgramAccounts(PROGRAM_ID, { encoding: 'base64' });
      const d2 = all.filter((r) => r.account.data[0] === dz.AccountType.Device).map((r) => dz.decodeDevice(r.account.data));
      const l2 = all.filter((r) => r.account.data[0] === dz.AccountType.Link).map((r) => dz.decodeLink(r.account.data));
      const unfilteredMs = performance.now() - t0;
      const unfiltered = server.traffic();
      if (d2.length !== devices.length || l2.length !== links.length) {
        throw new Error(`bench: listings disagree (${devices.length}/${d2.length} devices, ${links.length}/${l2.length} links)`);
      }

      const tag = `N=${n}`;
      report(`${tag} ledger`, n * 54, 'accounts', `${n} devices, ${3 * n} links, ${50 * n} users/access passes`);
      report(`${tag} filtered listDevices+listLinks: RPC calls`, filtered.calls, 'calls');
      report(`${tag} filtered: bytes received`, mb(filtered.responseBytes), 'MiB');
      report(`${tag} filtered: wall time (incl. decode)`, filteredMs, 'ms');
      report(`${tag} unfiltered getProgramAccounts: RPC calls`, unfiltered.calls, 'calls');
      report(`${tag} unfiltered: bytes received`, mb(unfiltered.responseBytes), 'MiB');
      report(`${tag} unfiltered: wall time (incl. decode)`, unfilteredMs, 'ms');
      report(`${tag} bytes saved by the filters`, unfiltered.responseBytes / Math.max(1, filtered.responseBytes), 'x');
    } finally {
      await server.close();
    }
  }
}
