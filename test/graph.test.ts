/**
 * dzprov/graph and `dzprov graph`: the picture of the network against the sample ledger's truth
 * (every device and link there, drawn in the colour of its status and health, counted right),
 * placed by geography, and safe with hostile codes (SVG and DOT escaping).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEVICE_HEALTH_STYLES,
  DEVICE_STATUS_STYLES,
  LINK_HEALTH_STYLES,
  LINK_STATUS_STYLES,
  deviceHealthClass,
  deviceStatusClass,
  graphDot,
  graphSvg,
  linkHealthClass,
  linkStatusClass,
  networkGraph,
  visibleText,
  type NetworkInput,
} from '../src/graph/index.js';
import { DeviceHealth, DeviceHealthSpec, DeviceStatus, DeviceStatusSpec, LinkHealth, LinkHealthSpec, LinkStatus, LinkStatusSpec, ValidationError } from '../src/index.js';
import { PUBLIC_KEYS } from '../src/web3/publicKey.js';
import { TEXT_KEYS } from '../src/core/keys.js';
import { buildSampleNetwork } from '../src/cli/sampleNetwork.js';
import { dzprov, ensureBuilt, oneLineError } from './cli/harness.js';

const network = buildSampleNetwork(TEXT_KEYS);
const entries = <T,>(values: T[], kind: string, code: (v: T) => string) =>
  values.map((account) => ({ pubkey: network.addresses.get(`${kind}:${code(account)}`)!, account }));
const input: NetworkInput = {
  devices: entries(network.values.devices, 'device', (d) => d.code),
  links: entries(network.values.links, 'link', (l) => l.code),
  locations: entries(network.values.locations, 'location', (l) => l.code),
};

/** The elements of `svg` with a data-kind, as attribute maps (with their inner markup). */
function elements(svg: string, kind: 'device' | 'link'): { attrs: Record<string, string>; body: string }[] {
  const out: { attrs: Record<string, string>; body: string }[] = [];
  const re = new RegExp(`<g data-kind="${kind}"([^>]*)>([\\s\\S]*?)</g>`, 'g');
  for (const m of svg.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/ ([a-z-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push({ attrs, body: m[2]! });
  }
  return out;
}

/**
 * Whether `text` is well-formed XML of the kind graphSvg writes: tags balanced, attribute values
 * quoted with no raw `<` or `"`, text with no raw `<` and `&` only in entities. Returns the problem.
 */
function xmlProblem(text: string): string | undefined {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (/&(?!(amp|lt|gt|quot|#39);)/.test(chunk)) return `bare & in text at ${i}: ${chunk.slice(0, 40)}`;
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(text);
    if (!m) return `malformed tag at ${lt}: ${text.slice(lt, lt + 60)}`;
    for (const v of m[3]!.matchAll(/="([^"]*)"/g)) if (/&(?!(amp|lt|gt|quot|#39);)/.test(v[1]!)) return `bare & in an attribute at ${lt}`;
    if (m[1]) {
      if (stack.pop() !== m[2]) return `unbalanced </${m[2]}> at ${lt}`;
    } else if (!m[4]) stack.push(m[2]!);
    i = tag.lastIndex;
  }
  return stack.length ? `unclosed <${stack.join('>, <')}>` : undefined;
}

/** Counts by label, computed from the ledger values directly (the truth the graph's counts must equal). */
function truthCounts() {
  const tally = (labels: string[]) => labels.reduce<Record<string, number>>((a, l) => ({ ...a, [l]: (a[l] ?? 0) + 1 }), {});
  const d = network.values.devices;
  const l = network.values.links;
  return {
    devices: {
      total: d.length,
      byStatus: tally(d.map((x) => DeviceStatusSpec.label(x.status))),
      byHealth: tally(d.map((x) => DeviceHealthSpec.label(x.deviceHealth))),
      drained: d.filter((x) => x.status === DeviceStatus.Drained).length,
      impaired: d.filter((x) => x.deviceHealth === DeviceHealth.Impaired).length,
    },
    links: {
      total: l.length,
      byStatus: tally(l.map((x) => LinkStatusSpec.label(x.status))),
      byHealth: tally(l.map((x) => LinkHealthSpec.label(x.linkHealth))),
      drained: l.filter((x) => x.status === LinkStatus.SoftDrained || x.status === LinkStatus.HardDrained).length,
      impaired: l.filter((x) => x.linkHealth === LinkHealth.Impaired).length,
    },
  };
}

describe('networkGraph: the sample ledger laid out and counted', () => {
  const g = networkGraph(input);

  it('counts devices and links by status and health as the ledger has them', () => {
    expect(g.counts).toEqual(truthCounts());
    // the sample ledger has something in each class the page shows at a glance
    expect(g.counts.devices.drained).toBeGreaterThan(0);
    expect(g.counts.links.impaired).toBeGreaterThan(0);
  });

  it('places locations west to east and north to south, each device at its location', () => {
    const x = (code: string) => g.sites.find((s) => s.code === code)!.x;
    const y = (code: string) => g.sites.find((s) => s.code === code)!.y;
    const westToEast = [...network.values.locations].sort((a, b) => a.lng - b.lng).map((l) => l.code);
    for (let i = 1; i < westToEast.length; i++) expect(x(westToEast[i]!), westToEast[i]).toBeGreaterThan(x(westToEast[i - 1]!));
    const northToSouth = [...network.values.locations].sort((a, b) => b.lat - a.lat).map((l) => l.code);
    for (let i = 1; i < northToSouth.length; i++) expect(y(northToSouth[i]!), northToSouth[i]).toBeGreaterThan(y(northToSouth[i - 1]!));
    // Nearby cities stay apart: no two locations closer than 40 px
    for (const a of g.sites) for (const b of g.sites) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y), `${a.code}-${b.code}`).toBeGreaterThan(40);
    for (const d of g.devices) {
      const device = network.values.devices.find((v) => v.code === d.code)!;
      const want = network.values.locations.find((l) => network.addresses.get(`location:${l.code}`) === device.locationPk)!;
      const s = g.sites.find((x) => x.code === want.code)!;
      expect(d.site).toBe(want.code);
      expect(Math.hypot(d.x - s.x, d.y - s.y), d.code).toBeLessThanOrEqual(30);
    }
  });

  it('draws several links between the same two devices apart', () => {
    const amsFra = g.links.filter((l) => l.code.startsWith('ams-fra-'));
    expect(amsFra).toHaveLength(3);
    expect(new Set(amsFra.map((l) => l.path)).size).toBe(3);
    expect(g.links.every((l) => l.path !== null)).toBe(true);
  });

  it('is the same whatever key kind the accounts come with (PublicKey or Address)', () => {
    const web3 = buildSampleNetwork(PUBLIC_KEYS);
    const pk = (kind: string, code: string) => web3.addresses.get(`${kind}:${code}`)!;
    const same = networkGraph({
      devices: web3.values.devices.map((account) => ({ pubkey: pk('device', account.code), account })),
      links: web3.values.links.map((account) => ({ pubkey: pk('link', account.code), account })),
      locations: web3.values.locations.map((account) => ({ pubkey: pk('location', account.code), account })),
    });
    expect(same).toEqual(g);
  });
});

describe('graphSvg', () => {
  const g = networkGraph(input);
  const svg = graphSvg(g);

  it('is well-formed SVG with every device and every link, each in the colours of its status and health', () => {
    expect(xmlProblem(svg)).toBeUndefined();
    const devices = elements(svg, 'device');
    expect(devices.map((d) => d.attrs['data-pubkey']).sort()).toEqual(network.values.devices.map((d) => network.addresses.get(`device:${d.code}`)).sort());
    for (const d of network.values.devices) {
      const el = devices.find((e) => e.attrs['data-code'] === d.code)!;
      expect(el.attrs['data-status']).toBe(DeviceStatusSpec.label(d.status));
      expect(el.attrs['data-health']).toBe(DeviceHealthSpec.label(d.deviceHealth));
      expect(el.body).toContain(`fill="${DEVICE_STATUS_STYLES[deviceStatusClass(d.status)].color}"`);
      expect(el.body).toContain(`stroke="${DEVICE_HEALTH_STYLES[deviceHealthClass(d.deviceHealth)].color}"`);
    }
    const links = elements(svg, 'link');
    expect(links.map((l) => l.attrs['data-pubkey']).sort()).toEqual(network.values.links.map((l) => network.addresses.get(`link:${l.code}`)).sort());
    for (const l of network.values.links) {
      const el = links.find((e) => e.attrs['data-code'] === l.code)!;
      const style = LINK_STATUS_STYLES[linkStatusClass(l.status)];
      expect(el.body).toContain(`stroke="${style.color}" stroke-width="3"${'dash' in style ? ` stroke-dasharray="${style.dash}"` : ''}/>`);
      // impaired links, and only they, have the red halo
      expect(el.body.includes(`stroke="${LINK_HEALTH_STYLES.impaired.color}"`), l.code).toBe(linkHealthClass(l.linkHealth) === 'impaired');
    }
  });

  it('has a legend of every class, and the counts', () => {
    for (const [kind, styles] of [
      ['device-status', DEVICE_STATUS_STYLES],
      ['device-health', DEVICE_HEALTH_STYLES],
      ['link-status', LINK_STATUS_STYLES],
    ] as const) {
      for (const [k, s] of Object.entries(styles)) expect(svg).toContain(`<g data-legend="${kind}" data-class="${k}">`), expect(svg).toContain(`>${s.label}</text>`);
    }
    const c = truthCounts();
    expect(svg).toContain(`${c.devices.total} devices: ${c.devices.drained} drained, ${c.devices.impaired} impaired`);
    expect(svg).toContain(`${c.links.total} links: ${c.links.drained} drained, ${c.links.impaired} impaired`);
  });
});

/** The sample ledger with a device and a link whose codes (chain text) are hostile. */
function hostile(): NetworkInput {
  const evil = 'x"><script>alert(1)</script>&amp;\u202e\x1b[31m\\N\n}';
  const devices = input.devices.map((e, i) => (i === 0 ? { ...e, account: { ...e.account, code: evil } } : e));
  const links = input.links.map((e, i) => (i === 0 ? { ...e, account: { ...e.account, code: `${evil}"; "a" -- "b` } } : e));
  const locations = input.locations.map((e, i) => (i === 0 ? { ...e, account: { ...e.account, name: '<b>Amsterdam</b> & "friends"' } } : e));
  return { devices, links, locations };
}

describe('untrusted text from the chain', () => {
  it('visibleText shows control and bidirectional characters escaped and bounds the length', () => {
    expect(visibleText('ams\u202edz1\x1b[0m\u0000')).toBe('ams\\u{202e}dz1\\u{1b}[0m\\u{0}');
    expect(visibleText('a'.repeat(100))).toBe(`${'a'.repeat(63)}…`);
    expect(() => visibleText(5 as never)).toThrow(ValidationError);
  });

  it('SVG: markup, entities, bidi overrides and escape sequences in codes and names come out inert', () => {
    const svg = graphSvg(networkGraph(hostile(), { title: 'net <&> "q"' }));
    expect(xmlProblem(svg)).toBeUndefined();
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('\u202e');
    expect(svg).not.toContain('\x1b');
    expect(svg).toContain('x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;\\u{202e}\\u{1b}[31m\\N\\u{a}}');
    expect(svg).toContain('&lt;b&gt;Amsterdam&lt;/b&gt; &amp; &quot;friends&quot;');
    expect(svg).toContain('<title>net &lt;&amp;&gt; &quot;q&quot;</title>');
  });

  it('DOT: quotes and backslashes (DOT escapes like \\N) are escaped, so a code cannot add statements', () => {
    const text = graphDot(networkGraph(hostile()));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('graph dzprov {');
    expect(lines.at(-1)).toBe('}');
    // every statement line is one quoted id (or an edge of two) and an attribute list
    const str = '"(?:[^"\\\\]|\\\\.)*"';
    const stmt = new RegExp(`^  (?:graph|node|edge|${str}(?: -- ${str})?) \\[(?:[a-z]+=(?:${str}|[\\w.#]+)(?:, )?)+\\];$`);
    for (const l of lines.slice(1, -1)) expect(l, l).toMatch(stmt);
    expect(text).toContain('xlabel="x\\"><script>alert(1)</script>&amp;\\\\u{202e}\\\\u{1b}[31m\\\\N\\\\u{a}}"');
    expect(text).not.toContain('\u202e');
    expect(lines.filter((l) => l.includes(' -- '))).toHaveLength(network.values.links.length);
  });
});

describe('graphDot against the ledger', () => {
  it('has every device with its colours and every link between its two devices', () => {
    const text = graphDot(networkGraph(input));
    for (const d of network.values.devices) {
      const pk = network.addresses.get(`device:${d.code}`)!;
      expect(text).toContain(`"${pk}" [xlabel="${d.code}", fillcolor="${DEVICE_STATUS_STYLES[deviceStatusClass(d.status)].color}", color="${DEVICE_HEALTH_STYLES[deviceHealthClass(d.deviceHealth)].color}"`);
    }
    for (const l of network.values.links) {
      const color = LINK_STATUS_STYLES[linkStatusClass(l.status)].color;
      expect(text).toMatch(new RegExp(`"${l.sideAPk}" -- "${l.sideZPk}" \\[color="${color}[^"]*", style=\\w+, tooltip="link ${l.code}: `));
    }
  });
});

describe('networkGraph inputs', () => {
  it('refuses what is not a network or bad options, with a typed error', () => {
    expect(() => networkGraph(null as never)).toThrow(ValidationError);
    expect(() => networkGraph({ devices: [], links: [] } as never)).toThrow(ValidationError);
    expect(() => networkGraph({ ...input, devices: [null] } as never)).toThrow(ValidationError);
    expect(() => networkGraph(input, { width: 10 })).toThrow(ValidationError);
    expect(() => networkGraph(input, { height: 1.5 })).toThrow(ValidationError);
    expect(() => networkGraph(input, { title: 5 } as never)).toThrow(ValidationError);
    expect(() => graphSvg(null as never)).toThrow(ValidationError);
    expect(() => graphDot('x' as never)).toThrow(ValidationError);
  });

  it('draws an empty network, and devices whose location is unknown in a row at the bottom', () => {
    expect(xmlProblem(graphSvg(networkGraph({ devices: [], links: [], locations: [] })))).toBeUndefined();
    const lost = networkGraph({ ...input, locations: [] });
    expect(lost.devices.every((d) => d.site === null && d.y === lost.height - 18)).toBe(true);
  });
});

describe('dzprov graph', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('writes the sample ledger as SVG on stdout, notes on stderr', async () => {
    const r = await dzprov(['graph']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<svg ')).toBe(true);
    expect(xmlProblem(r.stdout)).toBeUndefined();
    expect(r.stdout).toBe(graphSvg(networkGraph(input, { title: 'DoubleZero network (the embedded sample ledger)' })));
    expect(r.stderr).toContain('embedded sample ledger');
  });

  it('--format dot -o <file> writes DOT to the file and says what it wrote', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dzprov-graph-')), 'net.dot');
    const r = await dzprov(['graph', '--format', 'dot', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(graphDot(networkGraph(input, { title: 'DoubleZero network (the embedded sample ledger)' })));
    const c = truthCounts();
    expect(r.stderr).toContain(`wrote ${file}: ${c.devices.total} devices (${c.devices.drained} drained, ${c.devices.impaired} impaired), ${c.links.total} links`);
  });

  it('--json gives the layout and the counts', async () => {
    const r = await dzprov(['graph', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: unknown }).counts).toEqual(truthCounts());
  });

  it('refuses an unknown format with exit code 2', async () => {
    const r = await dzprov(['graph', '--format', 'png']);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/--format "png" is not svg or dot/);
  });
});
