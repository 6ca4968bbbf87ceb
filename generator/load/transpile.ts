/**
 * Strips the types from a TypeScript module (nothing is type-checked): by blanking them
 * out with ts-blank-space (strip-types.ts), or, for what needs more than that, with
 * TypeScript's `transpileModule`. The generator runs this on its main thread for the module
 * hooks in ts-hooks.ts, so the TypeScript compiler (bundled with ts-morph, which the
 * generator loads anyway) is loaded once per process, not once per thread.
 */
import { sourceCache } from './source-cache.js'
import { loadTypeStripper } from './strip-types.js'

export type TranspileResult = { output: string } | { errors: string[] }

const transpiled = new Map<string, { source: string; result: TranspileResult }>()

export async function transpile(path: string, source: string): Promise<TranspileResult> {
  const cached = transpiled.get(path)
  if (cached && cached.source === source) return cached.result
  const disk = sourceCache()
  const key = disk?.key('transpile', path, source)
  const stored = key === undefined ? undefined : (disk!.get(key) as TranspileResult | undefined)
  if (stored) {
    transpiled.set(path, { source, result: stored })
    return stored
  }
  const result = await transpileNow(path, source)
  transpiled.set(path, { source, result })
  if (key !== undefined) disk!.set(key, result)
  return result
}

async function transpileNow(path: string, source: string): Promise<TranspileResult> {
  const stripper = await loadTypeStripper()
  const ts = stripper.ts
  const file = stripper.parse(path, source)
  // A module that does not parse goes to transpileModule, which reports the errors; so does
  // TSX, whose JSX Node cannot run.
  const parseErrors = (file as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics
  const stripped = parseErrors?.length === 0 && !/x$/.test(path) ? stripper.strip(file) : undefined
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
