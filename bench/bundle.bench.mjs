// Browser bundle sizes of two tiny applications of the built package (dist/, imported as
// 'dzprov' through its package.json exports, as a consumer's bundler sees it): one only decodes
// a Device (the golden fixture, inlined), one only builds a drain instruction with the checked
// builder. esbuild bundles each for the browser (minified, tree-shaken, ESM); the sizes are of
// the output, gzipped with zlib's default level. esbuild's metafile says which bytes of the
// output came from dzprov (dist/), from its dependencies (node_modules/) and from the app.
// "dzprov alone" bundles the same app with the dependencies left external: dzprov's own code
// (and the app's few bytes) as a gzip figure of its own.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { browserBundle } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const DEVICE_HEX = readFileSync(join(root, 'test/fixtures/device.bin')).toString('hex');

const APPS = {
  'decode a Device': `
import { decodeDevice } from 'dzprov';
const hex = '${DEVICE_HEX}';
const bytes = new Uint8Array(hex.length / 2);
for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
const device = decodeDevice(bytes);
console.log(device.code, device.status, device.interfaces.length);
`,
  'build a drain instruction': `
import { PublicKey } from '@solana/web3.js';
import { drainDevice } from 'dzprov';
const key = (b) => { const a = new Uint8Array(32); a[0] = b; return new PublicKey(a); };
const device = {
  accountType: 5, owner: key(10), index: 7n, bumpSeed: 250, locationPk: key(11), exchangePk: key(12),
  deviceType: 0, publicIp: '45.77.113.1', status: 1, code: 'dz1', dzPrefixes: ['46.51.100.0/24'],
  metricsPublisherPk: key(13), contributorPk: key(14), mgmtVrf: 'mgmt', referenceCount: 0, usersCount: 0,
  maxUsers: 96, deviceHealth: 3, desiredStatus: 1, unicastUsersCount: 0, multicastSubscribersCount: 0,
  maxUnicastUsers: 0, maxMulticastSubscribers: 0, reservedSeats: 0, multicastPublishersCount: 0,
  maxMulticastPublishers: 0, interfaces: [],
};
const ix = drainDevice({ programId: key(255), payer: key(1), devicePk: key(30), device, roles: ['contributor'] });
console.log(ix.data.length, ix.keys.length);
`,
};

async function bundle(name, source, external = []) {
  const { file, output } = await browserBundle(source, external);
  const by = { dzprov: 0, dependencies: 0, app: 0 };
  const deps = new Map();
  for (const [path, input] of Object.entries(output.inputs)) {
    if (path.startsWith('dist/')) by.dzprov += input.bytesInOutput;
    else if (path.includes('node_modules/')) {
      by.dependencies += input.bytesInOutput;
      const parts = path.slice(path.indexOf('node_modules/') + 'node_modules/'.length).split('/');
      const dep = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      deps.set(dep, (deps.get(dep) ?? 0) + input.bytesInOutput);
    } else by.app += input.bytesInOutput;
  }
  const dzprovFiles = Object.keys(output.inputs).filter((p) => p.startsWith('dist/'));
  return { name, bytes: file.contents.length, gzip: gzipSync(file.contents).length, by, deps, dzprovFiles };
}

const kb = (n) => n / 1024;

export async function run(report) {
  const external = Object.keys(pkg.dependencies);
  for (const [name, source] of Object.entries(APPS)) {
    const b = await bundle(name, source);
    const alone = await bundle(name, source, external);
    const share = (n) => `${((100 * n) / b.bytes).toFixed(1)}% of the minified output`;
    report(`browser bundle, ${name}: gzipped`, kb(b.gzip), 'KiB', `${b.gzip} bytes`);
    report(`  minified`, kb(b.bytes), 'KiB', `${b.bytes} bytes`);
    report(`  dzprov's own code (dist/, ${b.dzprovFiles.length} modules)`, kb(b.by.dzprov), 'KiB minified', share(b.by.dzprov));
    report(`  dependencies (node_modules/)`, kb(b.by.dependencies), 'KiB minified', share(b.by.dependencies));
    const top = [...b.deps].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([d, n]) => `${d} ${(n / 1024).toFixed(1)}`).join(', ');
    report(`    largest dependencies, KiB minified`, '', '', top);
    report(`  dzprov alone (dependencies external): gzipped`, kb(alone.gzip), 'KiB', `${alone.gzip} bytes; minified ${alone.bytes} bytes`);
  }
  // For scale: the whole library (every export kept), which tree shaking avoids above.
  const all = await bundle('everything', "import * as dz from 'dzprov';\nconsole.log(Object.keys(dz).length, dz);\n", external);
  report(`whole library, every export kept (dependencies external): gzipped`, kb(all.gzip), 'KiB', `${all.gzip} bytes; minified ${all.bytes} bytes, ${all.dzprovFiles.length} modules`);
}
