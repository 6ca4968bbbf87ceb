/**
 * Strips the types from a TypeScript module (nothing is type-checked). Runs on the main
 * thread for the module hooks in ts-hooks.ts, so the TypeScript compiler (bundled with
 * ts-morph, which the generator loads anyway) is loaded once per process, not once per thread.
 */
import { createRequire } from 'node:module'
import type * as TypeScript from 'typescript'

export type TranspileResult = { output: string } | { errors: string[] }

let ts: typeof TypeScript | undefined
const transpiled = new Map<string, { source: string; result: TranspileResult }>()

function compiler(): typeof TypeScript {
  // ts-morph bundles the TypeScript compiler; requiring it is synchronous and cached.
  ts ??= createRequire(import.meta.url)('ts-morph').ts as typeof TypeScript
  return ts
}

export function transpile(path: string, source: string): TranspileResult {
  const cached = transpiled.get(path)
  if (cached && cached.source === source) return cached.result
  const ts = compiler()
  const output = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      inlineSourceMap: true,
      inlineSources: true,
      esModuleInterop: true,
    },
  })
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error)
  const result: TranspileResult =
    errors.length === 0
      ? { output: output.outputText }
      : {
          errors: errors.map((d) => {
            const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
            if (!d.file || d.start === undefined) return text
            const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
            return `${path}:${line + 1}:${character + 1}: ${text}`
          }),
        }
  transpiled.set(path, { source, result })
  return result
}
