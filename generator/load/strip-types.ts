/**
 * Strips the types from a TypeScript module with ts-blank-space: every type is overwritten
 * with spaces, so the JavaScript left keeps every token at its line and column and error
 * positions need no source map. It only parses (a tenth of the cost of `transpileModule`,
 * which runs the whole emit pipeline), and adds a `;` where a blanked type would let the
 * next line continue the statement before (`let b = a as number` followed by `(b)`).
 *
 * Imports read only as types are then dropped, as TypeScript's emit drops them
 * (import-elision.ts). What blanking cannot express (enums, namespaces with values,
 * parameter properties, `import x = require()`, `export =`, `<T>value` assertions, and
 * decorators, which Node does not run) gives `undefined`: the caller transpiles the module.
 */
import { createRequire } from 'node:module'
import type * as TypeScript from 'typescript'
import { importElisions, type Erasure } from './import-elision.js'
import { parse, parseModule, typescript, typescriptLent } from './typescript.js'

export interface TypeStripper {
  /** The compiler ts-blank-space runs on; modules it refuses are transpiled with it too. */
  readonly ts: typeof TypeScript
  /** Parses a module for `strip` (with this compiler). */
  parse(path: string, source: string): TypeScript.SourceFile
  /** The module as JavaScript, or `undefined` when blanking cannot express it. */
  strip(file: TypeScript.SourceFile): string | undefined
  /**
   * The blanking alone, without dropping the imports read only as types: for modules that
   * mark every type import (`import { type X }`), as generated ones do. Needs no parent links.
   */
  blank(file: TypeScript.SourceFile): string | undefined
}

let loading: Promise<TypeStripper> | undefined

/**
 * Loads ts-blank-space (once per thread). On the generator's thread the module hooks hand it
 * the generator's own compiler (stripper-typescript.ts); elsewhere (`dbridge-cli/register`'s
 * hooks thread) it loads the `typescript` it depends on, and this thread uses that one too.
 */
export function loadTypeStripper(): Promise<TypeStripper> {
  return (loading ??= load())
}

async function load(): Promise<TypeStripper> {
  const { blankSourceFile } = await import('ts-blank-space')
  const lent = typescriptLent()
  const require = createRequire(import.meta.url)
  const ts: typeof TypeScript = lent ? typescript() : createRequire(require.resolve('ts-blank-space'))('typescript')
  return {
    ts,
    parse: (path, source) => (lent ? parseModule(path, source) : parse(ts, path, source)),
    strip(file) {
      let refused = false
      const output = blankSourceFile(file, () => (refused = true))
      if (refused || hasDecorators(ts, file)) return undefined
      return erase(output, importElisions(ts, file))
    },
    blank(file) {
      let refused = false
      const output = blankSourceFile(file, () => (refused = true))
      return refused ? undefined : output
    },
  }
}

function hasDecorators(ts: typeof TypeScript, file: TypeScript.SourceFile): boolean {
  if (!file.text.includes('@')) return false
  const visit = (node: TypeScript.Node): boolean => ts.isDecorator(node) || (ts.forEachChild(node, visit) ?? false)
  return visit(file)
}

/** Blanks each range of `text`, keeping its line breaks (so every position stays). */
function erase(text: string, erasures: readonly Erasure[]): string {
  if (erasures.length === 0) return text
  let out = ''
  let at = 0
  for (const { start, end, statement } of [...erasures].sort((a, b) => a.start - b.start)) {
    const from = Math.max(start, at)
    if (end <= from) continue
    const blank = text.slice(from, end).replace(/[^\r\n\u2028\u2029]/g, ' ')
    out += text.slice(at, from) + (statement && from === start ? ';' + blank.slice(1) : blank)
    at = end
  }
  return out + text.slice(at)
}
