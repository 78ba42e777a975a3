import type { SourceDiagnostic } from './types';

/** What a TypeScript worker is asked: syntax-check these files. */
export interface TypeScriptRequest {
  files: { path: string; content: string }[];
}

/** Per file, in order: its syntax errors (none when it parses), 1-based. */
export type TypeScriptAnswer = {
  path: string;
  errors: SourceDiagnostic[];
}[];

/**
 * The worker thread's code, run with `eval` so it loads the same from
 * source, from dist and under Jest; the compiler's path comes in
 * `workerData.typescript`. For each file it reports what
 * `ts.transpileModule(content, { reportDiagnostics: true })` reports (same
 * options, source file and one-file program, then `getSyntacticDiagnostics`
 * and `getOptionsDiagnostics`) without the emit, which is super-linear on
 * long expressions (`x = a + a + …`: 64 KB took 21 s). A parser that gives
 * up (the call stack on deep nesting) is an error of that file.
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
function check(file) {
  try {
    const errors = syntaxDiagnostics(file.path, file.content).filter(
      d => d.category === ts.DiagnosticCategory.Error,
    );
    return { path: file.path, errors: errors.slice(0, 100).map(toDiagnostic) };
  } catch (error) {
    const message = String((error && error.message) || error);
    const reason = /call stack/.test(message) ? 'it is nested too deeply' : message;
    return {
      path: file.path,
      errors: [{ message: 'the TypeScript parser gave up: ' + reason }],
    };
  }
}
parentPort.on('message', request => {
  parentPort.postMessage(request.files.map(check));
});
`;
