/**
 * The browser suite's page script: bundled by test/browser/browser.test.ts with esbuild for
 * platform 'browser' (no Node polyfills) and loaded into headless Chromium. It imports dzprov
 * from src/ (through checks.ts) and exposes `globalThis.dzBrowser.run(name, arg)`, which runs
 * one check and returns its JSON result as a string; each result is also appended to the page
 * (<pre id="log">) and printed to the console.
 */
import * as checks from './checks.js';

const loader: checks.FixtureLoader = {
  async bytes(name) {
    const res = await fetch(`/fixtures/${name}.bin`);
    if (!res.ok) throw new Error(`GET /fixtures/${name}.bin: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },
  async json<T>(name: string): Promise<T> {
    const res = await fetch(`/fixtures/${name}.json`);
    if (!res.ok) throw new Error(`GET /fixtures/${name}.json: ${res.status}`);
    return (await res.json()) as T;
  },
};

const CHECKS: Record<string, (arg: never) => checks.Json | Promise<checks.Json>> = {
  environment: () => checks.environment(),
  decodeFixtures: () => checks.decodeFixtures(loader),
  roundTrips: () => checks.roundTrips(loader),
  checkedBuilders: () => checks.checkedBuilders(),
  decodeInstructions: () => checks.decodeInstructions(loader),
  connect: (cfg: checks.NetworkConfig) => checks.connect(cfg),
  listing: () => checks.listing(),
  fetching: () => checks.fetching(),
  roles: () => checks.roles(),
  simulateDrain: () => checks.simulateDrain(),
  sendDrain: (code: string) => checks.sendDrain(code),
  subscribeStart: () => checks.subscribeStart(),
  subscribeWait: (want: { events: number; errors: number; ms?: number }) => checks.subscribeWait(want),
  subscribeStop: () => checks.subscribeStop(),
};

interface PageDocument {
  getElementById(id: string): { textContent: string | null } | null;
}

function log(line: string): void {
  console.log(line);
  const pre = (globalThis as { document?: PageDocument }).document?.getElementById('log');
  if (pre) pre.textContent = `${pre.textContent ?? ''}${line}\n`;
}

async function run(name: string, arg: unknown): Promise<string> {
  const check = CHECKS[name];
  if (!check) throw new Error(`no check named ${name}`);
  try {
    const json = JSON.stringify(await check(arg as never));
    log(`dzprov-browser ${name} ok ${json.length > 2000 ? `${json.slice(0, 2000)}…` : json}`);
    return json;
  } catch (e) {
    log(`dzprov-browser ${name} FAILED ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    throw e;
  }
}

(globalThis as { dzBrowser?: unknown }).dzBrowser = { ready: true, checks: Object.keys(CHECKS), run };
log('dzprov-browser ready');
