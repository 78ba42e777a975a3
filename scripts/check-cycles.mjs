#!/usr/bin/env node
// yarn lint:cycles: fails on any import cycle in the source of a package
// (plugins/*/src, packages/*/src; tests and test utilities left out), at two
// levels: between files (madge --circular, type-only imports included) and
// between the folders directly under src/ (a file there counts as a folder
// of its own), so `llm` may import `tracing` or the other way, never both.
// Prints each cycle with the imports that close it; exits 1 when there is one.
import fs from 'fs';
import path from 'path';
import madge from 'madge';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const EXCLUDE = [
  /\.test\.tsx?$/,
  /__testUtils__\//,
  /__fixtures__\//,
  /setupTests\.ts$/,
];

/** The package source folders, relative to the repository root. */
function sourceFolders() {
  return ['plugins', 'packages'].flatMap(group =>
    fs
      .readdirSync(path.join(root, group), { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => path.join(group, entry.name, 'src'))
      .filter(dir => fs.existsSync(path.join(root, dir))),
  );
}

/** The folder (or root file) directly under `src/` that `file` belongs to. */
function unitOf(src, file) {
  return path.relative(src, file).split(path.sep)[0];
}

/** Strongly connected components of size > 1 (Tarjan), each a list of nodes. */
export function cyclesOf(edges) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const found = [];
  let next = 0;
  const visit = node => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node), low.get(to)));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node), index.get(to)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

async function checkPackage(src) {
  const result = await madge(path.join(root, src), {
    baseDir: root,
    fileExtensions: ['ts', 'tsx'],
    tsConfig: path.join(root, 'tsconfig.json'),
    excludeRegExp: EXCLUDE,
  });
  const problems = result
    .circular()
    .map(files => `file cycle: ${[...files, files[0]].join(' -> ')}`);
  const folders = new Map();
  const why = new Map();
  for (const [file, imports] of Object.entries(result.obj())) {
    if (!file.startsWith(`${src}/`)) continue;
    const from = unitOf(src, file);
    for (const imported of imports) {
      if (!imported.startsWith(`${src}/`)) continue;
      const to = unitOf(src, imported);
      if (from === to) continue;
      if (!folders.has(from)) folders.set(from, new Set());
      folders.get(from).add(to);
      const key = `${from}>${to}`;
      if (!why.has(key)) why.set(key, `${file} -> ${imported}`);
    }
  }
  for (const component of cyclesOf(folders)) {
    const inside = new Set(component);
    const ties = [...why.entries()]
      .filter(([key]) => key.split('>').every(unit => inside.has(unit)))
      .map(([, example]) => `    ${example}`);
    problems.push(
      `folder cycle in ${src}: ${component.join(', ')}\n${ties.join('\n')}`,
    );
  }
  const files = Object.keys(result.obj()).filter(f => f.startsWith(`${src}/`));
  return { files: files.length, problems };
}

async function main() {
  let files = 0;
  const problems = [];
  for (const src of sourceFolders()) {
    const checked = await checkPackage(src);
    files += checked.files;
    problems.push(...checked.problems);
  }
  for (const problem of problems) console.error(problem);
  console.log(
    `import cycles: ${problems.length} in ${files} source files (file level and folders under src/)`,
  );
  process.exit(problems.length ? 1 : 0);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
