/**
 * @module bench/profile-summary
 * Where the time goes in a V8 CPU profile (`node --cpu-prof`, or the per-phase profiles of
 * `bench/child.ts --profile`): the top functions by self time and by inclusive time (each
 * function counted once per sample, so recursion is not double-counted), and self time by file.
 * Paths are shown relative to the repository; node_modules and node internals keep their names.
 *
 * Run: `tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm >= 0) return clean.slice(nm + '/node_modules/'.length);
  const root = process.cwd();
  return clean.startsWith(root) ? clean.slice(root.length + 1) : clean;
}

function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  const where = shortUrl(frame.url);
  // tsx-compiled sources report line 1 for everything: a line is shown only when it says something.
  return where ? `${name} ${where}${frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : ''}` : name;
}

/** The summary of one profile, as text. */
export function summarize(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    const key = label(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const file = shortUrl(node.callFrame.url) || node.callFrame.functionName || '(native)';
    files.set(file, (files.get(file) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = label(byId.get(at)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const table = (title: string, m: Map<string, number>, skip: (k: string) => boolean = () => false): string[] => [
    title,
    ...[...m]
      .filter(([k]) => !skip(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`),
  ];
  const boring = (k: string): boolean => /^\((root|program|idle)\)|^(anonymous)$|^\(anonymous\)$|processTicksAndRejections|runMicrotasks/.test(k);
  return [
    `total sampled: ${total.toFixed(1)} ms`,
    '',
    ...table('self time, by function', self),
    '',
    ...table('inclusive time, by function (root, idle, anonymous and microtask frames left out)', inclusive, boring),
    '',
    ...table('self time, by file', files),
  ].join('\n');
}

if (import.meta.filename === process.argv[1]) {
  // Piped into `head`: a closed stdout ends the listing, not the process with an EPIPE trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });
  if (positionals.length === 0) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile>... [--top 25]');
  for (const file of positionals) {
    console.log(`== ${file}`);
    console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(values.top)));
    console.log('');
  }
}
