import type { ProjectNames, TemplateFile } from '../names';

type Kind = 'function' | 'class' | 'cli' | 'api';

/**
 * JavaScript (CommonJS) and TypeScript share one template: `ts` switches on
 * type annotations and ES module syntax.
 */
interface Dialect {
  ts: boolean;
  /** Renders an annotation only in TypeScript. */
  t(annotation: string): string;
  importLine(names: string, from: string): string;
  exportLine(names: string): string;
}

function dialect(ts: boolean): Dialect {
  return {
    ts,
    t: a => (ts ? a : ''),
    importLine: (names, from) =>
      ts
        ? `import { ${names} } from '${from}';`
        : `const { ${names} } = require('${from}');`,
    exportLine: names =>
      ts ? `export { ${names} };` : `module.exports = { ${names} };`,
  };
}

const sources: Record<Kind, (n: ProjectNames, d: Dialect) => string> = {
  function: (n, d) => `${
    d.ts
      ? 'export interface TextStats {\n  words: number;\n  lines: number;\n  characters: number;\n}\n\n'
      : ''
  }/** Count the words, lines and characters of text. */
function ${n.camel}(text${d.t(': string')})${d.t(': TextStats')} {
  if (typeof text !== 'string') {
    throw new TypeError('text must be a string');
  }
  return {
    words: text.split(/\\s+/).filter(Boolean).length,
    lines: text === '' ? 0 : text.split(/\\r?\\n/).length - (text.endsWith('\\n') ? 1 : 0),
    characters: text.length,
  };
}

${d.exportLine(n.camel)}
`,
  class: (n, d) => `/** A small in-memory key-value store. */
class ${n.pascal} {
  ${
    d.ts
      ? 'private readonly items = new Map<string, string>();'
      : 'items = new Map();'
  }

  put(key${d.t(': string')}, value${d.t(': string')})${d.t(': void')} {
    if (!key) {
      throw new Error('key must not be empty');
    }
    this.items.set(key, value);
  }

  get(key${d.t(': string')})${d.t(': string | undefined')} {
    return this.items.get(key);
  }

  delete(key${d.t(': string')})${d.t(': boolean')} {
    return this.items.delete(key);
  }

  get size()${d.t(': number')} {
    return this.items.size;
  }
}

${d.exportLine(n.pascal)}
`,
  cli: (
    n,
    d,
  ) => `/** Join the given words, optionally upper-cased, and write them to out. */
function main(argv${d.t(': string[]')}, out${d.t(
    ': { write(s: string): unknown }',
  )})${d.t(': number')} {
  const upper = argv.includes('--upper');
  const words = argv.filter(a => a !== '--upper');
  if (words.length === 0) {
    out.write('usage: ${n.kebab} [--upper] WORD...\\n');
    return 2;
  }
  const text = words.join(' ');
  out.write((upper ? text.toUpperCase() : text) + '\\n');
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.stdout);
}

${d.exportLine('main')}
`,
  api: (n, d) => `${
    d.ts ? "import * as http from 'http';" : "const http = require('http');"
  }

/** Route one request; returns the status and JSON body. */
function handle(method${d.t(': string')}, path${d.t(': string')}, body${d.t(
    ': string',
  )})${d.t(': { status: number; body: unknown }')} {
  if (method === 'GET' && path === '/health') {
    return { status: 200, body: { status: 'ok', service: '${n.kebab}' } };
  }
  if (method === 'POST' && path === '/echo') {
    try {
      return { status: 200, body: { echo: JSON.parse(body || 'null') } };
    } catch {
      return { status: 400, body: { error: 'body must be JSON' } };
    }
  }
  return { status: 404, body: { error: 'not found' } };
}

function createServer()${d.t(': http.Server')} {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const result = handle(req.method ?? 'GET', req.url ?? '/', body);
      res.writeHead(result.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(result.body));
    });
  });
}

if (require.main === module) {
  createServer().listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
}

${d.exportLine('handle, createServer')}
`,
};

const tests: Record<
  Kind,
  (n: ProjectNames, d: Dialect, from: string) => string
> = {
  function: (n, d, from) => `${d.importLine('test', 'node:test')}
${
  d.ts
    ? "import assert from 'node:assert/strict';"
    : "const assert = require('node:assert/strict');"
}
${d.importLine(n.camel, from)}

test('counts words, lines and characters', () => {
  assert.deepEqual(${
    n.camel
  }('a b\\nc'), { words: 3, lines: 2, characters: 5 });
});

test('handles the empty string', () => {
  assert.deepEqual(${n.camel}(''), { words: 0, lines: 0, characters: 0 });
});

test('rejects non-strings', () => {
  assert.throws(() => ${n.camel}(42 as unknown as string), TypeError);
});
`,
  class: (n, d, from) => `${d.importLine('test', 'node:test')}
${
  d.ts
    ? "import assert from 'node:assert/strict';"
    : "const assert = require('node:assert/strict');"
}
${d.importLine(n.pascal, from)}

test('puts, gets and deletes', () => {
  const store = new ${n.pascal}();
  store.put('a', '1');
  assert.equal(store.get('a'), '1');
  assert.equal(store.size, 1);
  assert.equal(store.delete('a'), true);
  assert.equal(store.get('a'), undefined);
  assert.equal(store.delete('a'), false);
});

test('rejects an empty key', () => {
  assert.throws(() => new ${n.pascal}().put('', 'x'));
});
`,
  cli: (_n, d, from) => `${d.importLine('test', 'node:test')}
${
  d.ts
    ? "import assert from 'node:assert/strict';"
    : "const assert = require('node:assert/strict');"
}
${d.importLine('main', from)}

function run(argv${d.t(': string[]')}) {
  let output = '';
  const code = main(argv, { write: (s${d.t(': string')}) => (output += s) });
  return { code, output };
}

test('joins words', () => {
  assert.deepEqual(run(['hello', 'world']), { code: 0, output: 'hello world\\n' });
});

test('upper-cases with --upper', () => {
  assert.deepEqual(run(['--upper', 'hi']), { code: 0, output: 'HI\\n' });
});

test('prints usage without words', () => {
  assert.equal(run([]).code, 2);
});
`,
  api: (n, d, from) => `${d.importLine('test', 'node:test')}
${
  d.ts
    ? "import assert from 'node:assert/strict';"
    : "const assert = require('node:assert/strict');"
}
${d.ts ? "import type { AddressInfo } from 'net';\n" : ''}${d.importLine(
    'handle, createServer',
    from,
  )}

test('routes health and echo', () => {
  assert.deepEqual(handle('GET', '/health', ''), {
    status: 200,
    body: { status: 'ok', service: '${n.kebab}' },
  });
  assert.deepEqual(handle('POST', '/echo', '{"a":1}'), { status: 200, body: { echo: { a: 1 } } });
  assert.equal(handle('POST', '/echo', '{').status, 400);
  assert.equal(handle('GET', '/nope', '').status, 404);
});

test('serves over HTTP', async () => {
  const server = createServer();
  await new Promise${d.t(
    '<void>',
  )}(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const { port } = server.address()${d.t(' as AddressInfo')};
    const res = await fetch(\`http://127.0.0.1:\${port}/health\`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).status, 'ok');
  } finally {
    server.close();
  }
});
`,
};

function render(ts: boolean, kind: Kind, n: ProjectNames, summary: string) {
  const ext = ts ? 'ts' : 'js';
  const lang = ts ? 'typescript' : 'javascript';
  const d = dialect(ts);
  const head = `/**\n * ${n.project}: ${
    summary || 'generated module'
  }\n *\n * Generated offline by QuantumLayer's template provider.\n */\n`;
  const src: TemplateFile = {
    path: `src/${n.camel}.${ext}`,
    lang,
    content: head + sources[kind](n, d),
  };
  const body = tests[kind](n, d, `../src/${n.camel}`);
  const test: TemplateFile = {
    path: `test/${n.camel}.test.${ext}`,
    lang,
    // JavaScript has no casts: drop the TypeScript-only one in the shared test text.
    content: ts ? body : body.replace(/ as unknown as string/g, ''),
  };
  return { src, test };
}

/** JavaScript or TypeScript sources for one project kind. */
export function jsSources(
  ts: boolean,
  kind: Kind,
  n: ProjectNames,
  summary: string,
): TemplateFile[] {
  const manifest: TemplateFile = {
    path: 'package.json',
    lang: 'json',
    content: `${JSON.stringify(
      {
        name: n.kebab,
        version: '0.1.0',
        private: true,
        type: 'commonjs',
        main: ts ? `dist/${n.camel}.js` : `src/${n.camel}.js`,
        scripts: ts
          ? { build: 'tsc', test: 'tsc && node --test dist/test/' }
          : { test: 'node --test test/' },
        ...(ts
          ? {
              devDependencies: {
                typescript: '^5.8.0',
                '@types/node': '^20.0.0',
              },
            }
          : {}),
      },
      null,
      2,
    )}\n`,
  };
  const files = [manifest, render(ts, kind, n, summary).src];
  if (ts) {
    files.push({
      path: 'tsconfig.json',
      lang: 'json',
      content: `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'commonjs',
            strict: true,
            esModuleInterop: true,
            outDir: 'dist',
          },
          include: ['src', 'test'],
        },
        null,
        2,
      )}\n`,
    });
  }
  return files;
}

/** node:test files for one project kind. */
export function jsTests(
  ts: boolean,
  kind: Kind,
  n: ProjectNames,
): TemplateFile[] {
  return [render(ts, kind, n, '').test];
}
