/**
 * Normalize: the objects schema files export -> the schema model. Applies casing, picks
 * constraint names, renders defaults and validator checks as SQL, and records what it
 * cannot make sense of as diagnostics (it never throws for bad input).
 *
 * The parts, in generator/normalize/: which tables and enums the files export (exports.ts),
 * enum types (enums.ts), tables and their columns (tables.ts), column types and defaults
 * (types.ts), validators (validators.ts), keys, checks and indexes (constraints.ts),
 * foreign keys (relations.ts) and many-to-many join tables (many-to-many.ts).
 */
import type { ManyToMany } from '../../schema/dsl.js'
import { MODEL_VERSION, freezeDeep, type Casing, type SchemaModel } from '../../schema/model.js'
import type { Diagnostic } from '../diagnostics.js'
import type { SourceInfo } from '../load/source-types.js'
import { byteOrder, type Context } from './normalize/context.js'
import { enumRegistry } from './normalize/enums.js'
import { collectExports } from './normalize/exports.js'
import { normalizeManyToMany } from './normalize/many-to-many.js'
import { normalizeTable } from './normalize/tables.js'

export interface LoadedFile {
  /** Path relative to the project root, with forward slashes. */
  readonly rel: string
  readonly exports: Readonly<Record<string, unknown>>
  readonly info: SourceInfo
}

export interface NormalizeInput {
  readonly files: readonly LoadedFile[]
  readonly manyToMany: readonly ManyToMany[]
  readonly casing: Casing
}

export function normalize(input: NormalizeInput): { model: SchemaModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const exported = collectExports(input.files)
  const ctx: Context = { casing: input.casing, diagnostics, entries: exported.tables, enums: enumRegistry(diagnostics, exported.enums) }
  const tables = [...exported.tables.values()].map((entry) => normalizeTable(ctx, entry))
  const { links, joinTables } = normalizeManyToMany(ctx, input.manyToMany, tables)
  const allTables = [...tables, ...joinTables].sort((a, b) => byteOrder(a.name, b.name))
  const model: SchemaModel = {
    version: MODEL_VERSION,
    casing: input.casing,
    extensions: allTables.some((t) => t.columns.some((c) => c.type.name === 'citext')) ? ['citext'] : [],
    enums: ctx.enums.models(),
    tables: allTables,
    manyToMany: links.sort((a, b) => byteOrder(a.through, b.through)),
  }
  return { model: freezeDeep(model), diagnostics }
}
