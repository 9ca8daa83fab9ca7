import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The folder layout is the architecture: these rules keep it true. Imports are read with the
 * TypeScript compiler's pre-processor, so `import type` and `export … from` count like any other
 * import (a type-only cycle is still a cycle between two modules' meanings).
 */

const SRC = resolve(__dirname, '../../../src');

interface ModuleImports {
  /** Relative to src, with forward slashes, e.g. `alerts/run-alert-pass.ts`. */
  file: string;
  /** Other modules under src this one imports, in the same form. */
  local: string[];
  /** Package specifiers (`botbuilder`, `node:fs`, `@azure/msal-node`). */
  packages: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function resolveLocal(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function readGraph(): Map<string, ModuleImports> {
  const graph = new Map<string, ModuleImports>();
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path).split('\\').join('/');
    const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
    const local: string[] = [];
    const packages: string[] = [];
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) {
        packages.push(specifier);
        continue;
      }
      const target = resolveLocal(path, specifier);
      // JSON templates and other non-TypeScript files cannot take part in a cycle.
      if (target) local.push(relative(SRC, target).split('\\').join('/'));
      else if (!existsSync(resolve(dirname(path), specifier))) throw new Error(`${file} imports ${specifier}, which does not exist`);
    }
    graph.set(file, { file, local, packages });
  }
  return graph;
}

/** Every import cycle, each as the path of modules that leads back to its start. */
function findCycles(graph: Map<string, ModuleImports>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file)?.local ?? []) {
      const seen = state.get(next);
      if (seen === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

const graph = readGraph();
const modules = [...graph.values()];
const under = (folder: string) => modules.filter((m) => m.file.startsWith(`${folder}/`));
const describeImport = (m: ModuleImports, target: string) => `${m.file} -> ${target}`;

describe('the import graph of src', () => {
  it('reads the modules it checks (a walker that finds nothing would pass every rule)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('index.ts')?.local).toContain('alerts/run-alert-pass.ts');
  });

  it('has no import cycle, type-only imports included', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('the cycle finder sees a type-only cycle', () => {
    const made = new Map<string, ModuleImports>([
      ['a.ts', { file: 'a.ts', local: ['b.ts'], packages: [] }],
      ['b.ts', { file: 'b.ts', local: ['a.ts'], packages: [] }],
    ]);
    expect(findCycles(made)).toEqual([['a.ts', 'b.ts', 'a.ts']]);
    const { importedFiles } = ts.preProcessFile("import type { X } from './b';\nexport type { Y } from './c';", true, true);
    expect(importedFiles.map((f) => f.fileName)).toEqual(['./b', './c']);
  });

  it('src/alerts never imports src/commands', () => {
    const wrong = under('alerts').flatMap((m) => m.local.filter((t) => t.startsWith('commands/')).map((t) => describeImport(m, t)));
    expect(wrong).toEqual([]);
  });

  it('src/core imports nothing outside src/core: no I/O, no botbuilder, restify or msal', () => {
    const core = under('core');
    expect(core.length).toBeGreaterThan(5);
    const outside = core.flatMap((m) => m.local.filter((t) => !t.startsWith('core/')).map((t) => describeImport(m, t)));
    expect(outside).toEqual([]);
    // Type-only helpers such as zod are allowed; what talks to the outside world is not.
    const forbidden = /^(node:|botbuilder|botframework|restify|@azure\/|better-sqlite3|pino)/;
    const packages = core.flatMap((m) => m.packages.filter((p) => forbidden.test(p)).map((p) => describeImport(m, p)));
    expect(packages).toEqual([]);
  });
});
