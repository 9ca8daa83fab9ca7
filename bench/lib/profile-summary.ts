import { readFile } from 'node:fs/promises';

/** Where a process's busy time went, by the part of the stack that spent it. */
export interface ProfileSummary {
  /** Sampled time the process was not idle, in ms. */
  busyMs: number;
  /** Largest first. */
  parts: Array<{ part: string; ms: number; share: number }>;
}

/** The subset of Chrome's .cpuprofile format (node --cpu-prof) read here. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

// Checked in order against the script URL of each frame, from the sampled frame towards the root; the
// first frame that matches names the part. Node's own frames are looked through, so the time a socket
// write takes is billed to whoever wrote.
const PARTS: ReadonlyArray<[string, RegExp]> = [
  ['loading modules (start-up)', /^node:internal\/modules\//],
  ['card templates: adaptivecards-templating', /\/node_modules\/(adaptivecards-templating|adaptive-expressions|antlr4ts)\//],
  ['Teams connector client (botframework-connector, @azure)', /\/node_modules\/(@azure\/|@typespec\/|botframework-connector\/|botbuilder-stdlib\/)/],
  ['botbuilder', /\/node_modules\/botbuilder[^/]*\//],
  ['restify', /\/node_modules\/(restify|find-my-way|formidable|send|mime)[^/]*\//],
  ['Partner Center answers: zod schemas', /\/node_modules\/zod\//],
  ['Partner Center retries and timeouts: cockatiel', /\/node_modules\/cockatiel\//],
  ['logging: pino', /\/node_modules\/(pino|@pinojs|sonic-boom|thread-stream)[^/]*\//],
  ['storage: better-sqlite3', /\/node_modules\/better-sqlite3\//],
  ['other packages', /\/node_modules\//],
  ['ours: cards and texts', /\/(cards|i18n)\//],
  ['ours: Partner Center client', /\/partner-center\//],
  ['ours: storage', /\/storage\//],
  ['ours: the rest', /\/(dist|src)\//],
  ['benchmark harness', /\/bench\//],
];
/** Parts listed by name in the console; the rest are summed. */
const SHOWN_PARTS = 10;
const NODE_ONLY = 'Node itself: sockets, HTTP parsing, timers (no caller of ours above)';
const IDLE = '(idle)';

export async function summariseProfile(file: string): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const partOfNode = new Map<number, string>();
  const partOf = (id: number): string => {
    const known = partOfNode.get(id);
    if (known !== undefined) return known;
    const { functionName, url } = byId.get(id)?.callFrame ?? { functionName: '', url: '' };
    let part: string | undefined;
    if (functionName === '(idle)') part = IDLE;
    else if (functionName === '(garbage collector)') part = 'garbage collection';
    else if (functionName === '(program)') part = 'V8 itself (compiling, ICs)';
    else part = PARTS.find(([, pattern]) => pattern.test(url))?.[0];
    if (part === undefined) {
      const parent = parentOf.get(id);
      part = parent === undefined ? NODE_ONLY : partOf(parent);
    }
    partOfNode.set(id, part);
    return part;
  };

  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const part = partOf(id);
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  totals.delete(IDLE);
  const busyMicros = [...totals.values()].reduce((sum, micros) => sum + micros, 0);
  const parts = [...totals]
    .map(([part, micros]) => ({ part, ms: micros / 1000, share: busyMicros > 0 ? micros / busyMicros : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { busyMs: busyMicros / 1000, parts };
}

/** A few lines for the console: the largest parts, then the rest together. */
export function formatProfileSummary(title: string, summary: ProfileSummary): string {
  const lines = [`${title}: ${Math.round(summary.busyMs).toLocaleString('en-US')} ms busy`];
  for (const { part, share } of summary.parts.slice(0, SHOWN_PARTS)) lines.push(`  ${(share * 100).toFixed(1).padStart(5)} %  ${part}`);
  const rest = summary.parts.slice(SHOWN_PARTS).reduce((sum, { share }) => sum + share, 0);
  if (rest > 0) lines.push(`  ${(rest * 100).toFixed(1).padStart(5)} %  everything else`);
  return lines.join('\n');
}
