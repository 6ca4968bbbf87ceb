/**
 * The `emit` option applied to a plan: in `js` mode every TypeScript unit becomes two, its
 * JavaScript (javascript.ts) and its declarations (declarations.ts), both derived from the
 * module the emitters wrote, so the emitters know nothing of the mode. Other files
 * (schema.sql) are the same in both modes. Each derived unit has a key of its own, so the
 * output cache serves them like any other file, and the module is emitted and parsed at
 * most once for the two.
 */
import type * as TypeScript from 'typescript'
import type { EmitMode } from '../config.js'
import type { TypeStripper } from '../load/strip-types.js'
import { declarationsOf } from './declarations.js'
import { javascriptOf } from './javascript.js'
import type { PlannedUnit } from './plan.js'

/** A generated module's syntax tree: no JSDoc, no parent links (nothing here reads them; a third of the parse time). */
function parse(ts: typeof TypeScript, path: string, text: string): TypeScript.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }
  return ts.createSourceFile(path, text, options, false, ts.ScriptKind.TS)
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}

/**
 * The units to write in `mode`. `js` units call `stripper()` when they are emitted: the type
 * stripper loads asynchronously (loadTypeStripper), so the caller loads it first unless the
 * output cache holds every file (it loads the TypeScript compiler, which a run from the cache
 * does without).
 */
export function unitsFor(mode: EmitMode, units: readonly PlannedUnit[], stripper: () => TypeStripper): PlannedUnit[] {
  if (mode === 'ts') return [...units]
  const out: PlannedUnit[] = []
  for (const unit of units) {
    if (!unit.path.endsWith('.ts')) {
      out.push(unit)
      continue
    }
    const base = unit.path.slice(0, -'.ts'.length)
    // The one parse both derived files read (with the compiler the stripper works with).
    const parsed = once(() => parse(stripper().ts, unit.path, unit.emit()))
    out.push(
      { path: `${base}.js`, key: JSON.stringify(['js', unit.key]), emit: () => javascriptOf(stripper(), parsed()) },
      { path: `${base}.d.ts`, key: JSON.stringify(['d.ts', unit.key]), emit: () => declarationsOf(stripper().ts, parsed()) },
    )
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
