import type { SourceDiagnostic } from './types';

/** What a TypeScript worker is asked: syntax-check, or compile to CommonJS. */
export interface TypeScriptRequest {
  op: 'check' | 'transpile';
  files: { path: string; content: string }[];
}

/**
 * Per file, in order: `check` gives its syntax errors (none when it parses,
 * 1-based); `transpile` gives the CommonJS `output`, or `error` when the
 * compiler gave up.
 */
export type TypeScriptAnswer = {
  path: string;
  errors?: SourceDiagnostic[];
  output?: string;
  error?: string;
}[];

/**
 * The worker thread's code, run with `eval` so it loads the same from
 * source, from dist and under Jest; the compiler's path comes in
 * `workerData.typescript`. For each file it reports what
 * `ts.transpileModule(content, { reportDiagnostics: true })` reports (same
 * options, source file and one-file program, then `getSyntacticDiagnostics`
 * and `getOptionsDiagnostics`) without the emit, which is super-linear on
 * long expressions (`x = a + a + …`: 64 KB took 21 s). A parser that gives
 * up (the call stack on deep nesting) is an error of that file. `transpile`
 * runs that emit (for the test run), bounded by the pool's time limit.
 */
export const TYPESCRIPT_WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const ts = require(workerData.typescript);
const options = Object.assign(ts.getDefaultCompilerOptions(), {
  allowJs: true,
  module: ts.ModuleKind.CommonJS,
  jsx: ts.JsxEmit.Preserve,
});
for (const option of ts.transpileOptionValueCompilerOptions) {
  options[option.name] = option.transpileOptionValue;
}
Object.assign(options, {
  suppressOutputPathCheck: true,
  allowNonTsExtensions: true,
  declaration: false,
  declarationMap: false,
});
function hostFor(fileName, getSourceFile) {
  return {
    getSourceFile: name => (name === fileName ? getSourceFile() : undefined),
    writeFile: () => {},
    getDefaultLibFileName: () => 'lib.d.ts',
    useCaseSensitiveFileNames: () => false,
    getCanonicalFileName: name => name,
    getCurrentDirectory: () => '',
    getNewLine: () => '\\n',
    fileExists: name => name === fileName,
    readFile: () => '',
    directoryExists: () => true,
    getDirectories: () => [],
  };
}
function syntaxDiagnostics(fileName, content) {
  let sourceFile;
  const host = hostFor(fileName, () => sourceFile);
  sourceFile = ts.createSourceFile(fileName, content, {
    languageVersion: ts.getEmitScriptTarget(options),
    impliedNodeFormat: ts.getImpliedNodeFormatForFile(fileName, undefined, host, options),
    setExternalModuleIndicator: ts.getSetExternalModuleIndicator(options),
  });
  const program = ts.createProgram([fileName], options, host);
  return program
    .getSyntacticDiagnostics(sourceFile)
    .concat(program.getOptionsDiagnostics());
}
function toDiagnostic(d) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\\n');
  if (!d.file || d.start === undefined) return { message };
  const at = d.file.getLineAndCharacterOfPosition(d.start);
  return { line: at.line + 1, column: at.character + 1, message };
}
function gaveUp(what, error) {
  const message = String((error && error.message) || error);
  const reason = /call stack/.test(message) ? 'it is nested too deeply' : message;
  return 'the TypeScript ' + what + ' gave up: ' + reason;
}
function check(file) {
  try {
    const errors = syntaxDiagnostics(file.path, file.content).filter(
      d => d.category === ts.DiagnosticCategory.Error,
    );
    return { path: file.path, errors: errors.slice(0, 100).map(toDiagnostic) };
  } catch (error) {
    return { path: file.path, errors: [{ message: gaveUp('parser', error) }] };
  }
}
const commonJs = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
};
function transpile(file) {
  try {
    const out = ts.transpileModule(file.content, {
      fileName: file.path,
      compilerOptions: commonJs,
    });
    return { path: file.path, output: out.outputText };
  } catch (error) {
    return { path: file.path, error: gaveUp('compiler', error) };
  }
}
parentPort.on('message', request => {
  parentPort.postMessage(
    request.files.map(request.op === 'transpile' ? transpile : check),
  );
});
`;
