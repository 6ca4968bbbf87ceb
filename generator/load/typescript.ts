/**
 * The TypeScript compiler of the generator: the one bundled with ts-morph, which the emitters
 * load anyway. Everything on the generator's thread that parses TypeScript uses it, and so
 * does ts-blank-space there (the module hooks hand it this copy, stripper-typescript.ts), so a
 * cold run loads the compiler once. Loaded on first use: a run served from the source cache
 * never loads it.
 */
import { createRequire } from 'node:module'
import type * as TypeScript from 'typescript'

let ts: typeof TypeScript | undefined
let lent = false

/** The TypeScript compiler (bundled with ts-morph), loaded on first use: synchronous and cached. */
export function typescript(): typeof TypeScript {
  ts ??= createRequire(import.meta.url)('ts-morph').ts as typeof TypeScript
  return ts
}

/** The compiler for ts-blank-space's own `import 'typescript'` (see stripper-typescript.ts). */
export function lendTypescript(): typeof TypeScript {
  lent = true
  return typescript()
}

/** Whether ts-blank-space was given this compiler on this thread (it loads its own otherwise). */
export function typescriptLent(): boolean {
  return lent
}

/** Parses a module as ts-blank-space does (no JSDoc: nothing here reads it), with parent links. */
export function parse(compiler: typeof TypeScript, path: string, source: string): TypeScript.SourceFile {
  const kind = /x$/.test(path) ? compiler.ScriptKind.TSX : compiler.ScriptKind.TS
  const options = { languageVersion: compiler.ScriptTarget.Latest, jsDocParsingMode: compiler.JSDocParsingMode.ParseNone }
  return compiler.createSourceFile(path, source, options, true, kind)
}

const parsed = new Map<string, { source: string; file: TypeScript.SourceFile }>()

/** The syntax tree of a module (cached by path and text: the generator reads each schema file twice). */
export function parseModule(path: string, source: string): TypeScript.SourceFile {
  const cached = parsed.get(path)
  if (cached && cached.source === source) return cached.file
  const file = parse(typescript(), path, source)
  parsed.set(path, { source, file })
  return file
}
