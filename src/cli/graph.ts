/**
 * `dzprov graph`: the picture of the network (dzprov/graph, the dashboard example's picture) as
 * SVG or DOT, on stdout or into a file; with --json, the layout and counts it is drawn from.
 */
import { writeFileSync } from 'node:fs';
import { graphDot, graphSvg, networkGraph } from '../graph/index.js';
import type { GlobalOptions } from './args.js';
import { readContext, type CliIo } from './context.js';

export async function runGraph(options: GlobalOptions, io: CliIo): Promise<number> {
  // Notes always go to stderr: stdout is the picture.
  const { out, target, snapshot } = await readContext({ ...options, json: true }, io);
  const where = target.mode === 'sample' ? 'the embedded sample ledger' : (target.environment?.name ?? 'a DoubleZero ledger');
  const graph = networkGraph(snapshot, { title: `DoubleZero network (${where})` });
  if (options.json) {
    out.data(graph);
    return 0;
  }
  const text = options.format === 'dot' ? graphDot(graph) : graphSvg(graph);
  if (options.output === undefined) {
    io.stdout.write(text);
    return 0;
  }
  writeFileSync(options.output, text);
  const c = graph.counts;
  out.note(`wrote ${options.output}: ${c.devices.total} devices (${c.devices.drained} drained, ${c.devices.impaired} impaired), ${c.links.total} links (${c.links.drained} drained, ${c.links.impaired} impaired)`);
  return 0;
}
