/**
 * `dbridge generate`: load -> normalize -> validate -> (typed SQL files: read -> describe ->
 * check) -> plan -> (`emit: 'js'`: each module as JavaScript and declarations) -> emit ->
 * write. Each file is emitted as its final text (laid out as it is written:
 * generator/emit/module.ts), and only when the output cache does not hold it already.
 * Nothing is written when any stage finds a problem.
 */
import type { SchemaModel } from '../schema/model.js'
import type { ResolvedConfig } from './config.js'
import { SchemaError, type Diagnostic } from './diagnostics.js'
import { loadSchema } from './load/load.js'
import { normalize } from './model/normalize.js'
import { cacheState, emitFiles } from './emit/output-cache.js'
import { unitsFor } from './emit/emit-mode.js'
import { loadTypeStripper, type TypeStripper } from './load/strip-types.js'
import { clientTables, plan, type PlannedFile } from './emit/plan.js'
import { validate } from './model/validate.js'
import { checkFiles, writeFiles } from './emit/write.js'
import { buildQueries } from './queries/load.js'

export interface GenerateResult {
  tables: number
  /** Typed statements of the SQL files, and how many of them needed the database to be described. */
  queries: number
  describedFromDatabase: number
  files: PlannedFile[]
  written: string[]
  unchanged: string[]
  removed: string[]
  /** In check mode: files that are out of date (would be written or removed). */
  outdated: string[]
  ms: number
  model: SchemaModel
}

function unreachable(what: string): never {
  throw new Error(`internal error: ${what}`)
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.file ?? '', d.table ?? '', d.column ?? ''].join('\u0000')
  return list.map((d, i) => ({ d, i })).sort((a, b) => (key(a.d) < key(b.d) ? -1 : key(a.d) > key(b.d) ? 1 : a.i - b.i)).map((x) => x.d)
}

/** Loads, normalizes and validates the schema; throws SchemaError listing every problem. */
export async function buildModel(config: ResolvedConfig): Promise<SchemaModel> {
  const loaded = await loadSchema(config)
  const { model, diagnostics } = normalize({ files: loaded.files, manyToMany: loaded.manyToMany, casing: config.casing })
  const problems = [...loaded.diagnostics, ...diagnostics]
  // Cross-checks on a model built from files that failed to load would only add noise.
  if (loaded.diagnostics.length === 0) problems.push(...validate(model))
  if (problems.length > 0) throw new SchemaError(sortDiagnostics(problems))
  return model
}

export async function generate(config: ResolvedConfig, options: { check?: boolean } = {}): Promise<GenerateResult> {
  const start = performance.now()
  const model = await buildModel(config)
  const { described, fromDatabase } = await buildQueries(config, model)
  const ctx = { model, root: config.root, outDir: config.out, queries: described }
  let stripper: TypeStripper | undefined
  const units = unitsFor(config.emit, plan(ctx), () => stripper ?? unreachable('the type stripper was not loaded'))
  const cached = config.emit === 'js' ? cacheState(ctx, units) : undefined
  if (cached && !cached.complete) stripper = await loadTypeStripper()
  const files = emitFiles(ctx, units, cached)
  const counts = { tables: clientTables(model).length, queries: described.length, describedFromDatabase: fromDatabase }
  if (options.check) {
    const { outdated, removed } = checkFiles(config.out, files)
    return { ...counts, files, written: [], unchanged: [], removed: [], outdated: [...outdated, ...removed], ms: performance.now() - start, model }
  }
  const result = writeFiles(config.out, files)
  return { ...counts, files, ...result, outdated: [], ms: performance.now() - start, model }
}
