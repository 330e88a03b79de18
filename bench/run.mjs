// `npm run bench`: runs every bench/*.bench.mjs against the built package (dist/);
// `node bench/run.mjs <filter>` runs those whose file name contains <filter>.
//
// Each bench module exports `async function run(report)`:
//   report(name, value, unit, note?)   prints one figure. `value` is a number, a string, or a
//       figure from bench/util.mjs (`rounds`, `sideBySide`, `figure`): then the line shows its
//       median, how many rounds it is the median of, their range, and `ratio` (the ratio to a
//       side-by-side reference) when the figure has one.
//   report.goal(name, met, detail?)    records a goal as met / NOT met (`met` undefined: not
//       measured, e.g. the reference is missing). Goals are reported, never asserted.
// A bench that throws is reported and the others still run; the exit code is 0 whatever the
// machine does.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only)))
  .sort();

const num = (x, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const show = (v) => (Math.abs(v) >= 100 ? num(Math.round(v), 0) : num(v, Math.abs(v) >= 10 ? 1 : 2));

const report = (name, value, unit, note = '') => {
  let v;
  const notes = [];
  if (value !== null && typeof value === 'object' && typeof value.median === 'number') {
    v = show(value.median);
    if (value.rounds > 1) notes.push(`median of ${value.rounds}, range ${show(value.min)}–${show(value.max)}`);
    if (value.ratio) notes.push(`${num(value.ratio.value, 2)}× ${value.ratio.to}`);
  } else {
    v = typeof value === 'number' ? num(value) : String(value);
  }
  if (note) notes.push(note);
  console.log(`${name.padEnd(58)} ${v.padStart(14)} ${unit}${notes.length ? `  (${notes.join('; ')})` : ''}`);
};

const goals = [];
report.goal = (name, met, detail = '') => {
  const verdict = met === undefined ? 'not measured' : met ? 'met' : 'NOT met';
  goals.push({ name, verdict, detail });
  console.log(`goal: ${name} — ${verdict}${detail ? ` (${detail})` : ''}`);
};

const failures = [];
try {
  console.log(`dzprov bench — node ${process.version}, ${new Date().toISOString()}`);
  console.log('Figures: median of the rounds shown (count and range in brackets); ratios: to the side-by-side reference (throughput: median of per-round ratios). See docs/performance.md.');
  for (const f of files) {
    const name = f.replace('.bench.mjs', '');
    console.log(`\n## ${name}`);
    try {
      const mod = await import(pathToFileURL(join(here, f)).href);
      await mod.run(report);
    } catch (e) {
      failures.push(name);
      console.log(`!! ${name} bench failed: ${e?.stack ?? e}`);
    }
  }
  if (goals.length > 0) {
    console.log('\n## goals');
    for (const g of goals) console.log(`${g.verdict.padEnd(12)} ${g.name}${g.detail ? ` (${g.detail})` : ''}`);
  }
  if (failures.length > 0) console.log(`\n${failures.length} bench(es) failed: ${failures.join(', ')} (reported above)`);
} catch (e) {
  console.log(`!! bench runner failed: ${e?.stack ?? e}`);
}
// Exit 0 whatever happened (a bench that left a server or timer open must not hang the run).
process.exit(0);
