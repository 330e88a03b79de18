// `npm run bench`: runs every bench/*.bench.mjs against the built package (dist/).
// Each bench module exports `async function run(report)`; `report(name, value, unit, note?)` prints one line.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here).filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only))).sort();
const report = (name, value, unit, note = '') => {
  const v = typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(value);
  console.log(`${name.padEnd(58)} ${v.padStart(14)} ${unit}${note ? `  (${note})` : ''}`);
};
console.log(`dzprov bench — node ${process.version}, ${new Date().toISOString()}`);
for (const f of files) {
  console.log(`\n## ${f.replace('.bench.mjs', '')}`);
  const mod = await import(pathToFileURL(join(here, f)).href);
  await mod.run(report);
}
