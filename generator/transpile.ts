/**
 * Strips the types from a TypeScript module (nothing is type-checked): by blanking them
 * out of the parsed source (strip-types.ts), or, for what needs more than that, with
 * TypeScript's `transpileModule`. The generator runs this on its main thread for the module
 * hooks in ts-hooks.ts, so the TypeScript compiler (bundled with ts-morph, which the
 * generator loads anyway) is loaded once per process, not once per thread.
 */
import { createRequire } from 'node:module'
import type * as TypeScript from 'typescript'
import { sourceCache } from './source-cache.js'
import { stripTypes } from './strip-types.js'

export type TranspileResult = { output: string } | { errors: string[] }

let ts: typeof TypeScript | undefined
const transpiled = new Map<string, { source: string; result: TranspileResult }>()

/** The TypeScript compiler (bundled with ts-morph), loaded on first use: synchronous and cached. */
export function typescript(): typeof TypeScript {
  ts ??= createRequire(import.meta.url)('ts-morph').ts as typeof TypeScript
  return ts
}

const parsed = new Map<string, { source: string; file: TypeScript.SourceFile }>()

/** The syntax tree of a module (cached by path and text: the generator reads each schema file twice). */
export function parseModule(path: string, source: string): TypeScript.SourceFile {
  const cached = parsed.get(path)
  if (cached && cached.source === source) return cached.file
  const ts = typescript()
  const kind = /x$/.test(path) ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, kind)
  parsed.set(path, { source, file })
  return file
}

export function transpile(path: string, source: string): TranspileResult {
  const cached = transpiled.get(path)
  if (cached && cached.source === source) return cached.result
  const disk = sourceCache()
  const key = disk?.key('transpile', path, source)
  const stored = key === undefined ? undefined : (disk!.get(key) as TranspileResult | undefined)
  if (stored) {
    transpiled.set(path, { source, result: stored })
    return stored
  }
  const result = transpileNow(path, source)
  transpiled.set(path, { source, result })
  if (key !== undefined) disk!.set(key, result)
  return result
}

function transpileNow(path: string, source: string): TranspileResult {
  const ts = typescript()
  const file = parseModule(path, source)
  // A module that does not parse goes to transpileModule, which reports the errors.
  const parseErrors = (file as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics
  const stripped = parseErrors?.length === 0 ? stripTypes(ts, file) : undefined
  if (stripped !== undefined) return { output: stripped }
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
  return errors.length === 0
      ? { output: output.outputText }
      : {
          errors: errors.map((d) => {
            const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
            if (!d.file || d.start === undefined) return text
            const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
            return `${path}:${line + 1}:${character + 1}: ${text}`
          }),
        }
}
