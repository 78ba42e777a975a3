import ts from 'typescript';
import { failed, SourceDiagnostic, SyntaxChecker } from './types';

/** Where the parser's diagnostic points, 1-based. */
function toSourceDiagnostic(d: ts.Diagnostic): SourceDiagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return { message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { line: line + 1, column: character + 1, message };
}

/**
 * Syntax-checks TypeScript and JavaScript in process with the TypeScript
 * parser: only syntactic diagnostics, so missing types never fail a file. The
 * file name picks the dialect (`.js` rejects type annotations, `.tsx`/`.jsx`
 * allow JSX).
 */
export const checkTypeScriptSyntax: SyntaxChecker = async (_dir, files) =>
  files.map(file => {
    const out = ts.transpileModule(file.content, {
      fileName: file.path,
      reportDiagnostics: true,
      compilerOptions: {
        allowJs: true,
        module: ts.ModuleKind.CommonJS,
        jsx: ts.JsxEmit.Preserve,
      },
    });
    const errors = (out.diagnostics ?? []).filter(
      d => d.category === ts.DiagnosticCategory.Error,
    );
    if (errors.length === 0) return { path: file.path, ok: true };
    return failed(file.path, errors.map(toSourceDiagnostic));
  });

/** Compiles TypeScript sources to CommonJS next to them, for the test run. */
export function transpileToCommonJs(content: string, fileName: string): string {
  return ts.transpileModule(content, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
}
