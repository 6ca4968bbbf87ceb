/**
 * Renames: a dropped table and an added one that look alike, or a dropped column and an
 * added one of the same type, may be renames. The diff never guesses: these are the
 * candidates `migrate diff` asks about (or names the flags for), and the renames chosen.
 */
import type { SchemaModel, TableModel } from '../../schema/model.js'
import { UsageError } from '../diagnostics.js'

/** Renames chosen for a diff: table old -> new, and per (new) table, column old -> new. */
export interface Renames {
  readonly tables: ReadonlyMap<string, string>
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>
}

export const noRenames: Renames = { tables: new Map(), columns: new Map() }

/** The same renames seen from the other side (for the down part of a migration). */
export function reverseRenames(renames: Renames): Renames {
  const tables = new Map([...renames.tables].map(([from, to]) => [to, from]))
  const columns = new Map<string, Map<string, string>>()
  for (const [table, map] of renames.columns) {
    const oldTable = [...renames.tables].find(([, to]) => to === table)?.[0] ?? table
    columns.set(oldTable, new Map([...map].map(([from, to]) => [to, from])))
  }
  return { tables, columns }
}

export interface RenameCandidate {
  readonly kind: 'table' | 'column'
  /** For columns: the table (its name in the new model). */
  readonly table?: string
  readonly from: string
  readonly to: string
}

const typed = (table: TableModel) => table.columns.map((c) => `${c.name}:${JSON.stringify(c.type)}`)

/**
 * Tables removed and added that look alike (at least half of their columns, by name and
 * type, are shared), and columns dropped and added with the same type. Columns are compared
 * within tables of the same name and within the renamed tables `tableRenames` gives
 * (old -> new), so that choosing a table rename brings its columns' candidates.
 */
export function renameCandidates(from: SchemaModel, to: SchemaModel, tableRenames: ReadonlyMap<string, string> = new Map()): RenameCandidate[] {
  const candidates: RenameCandidate[] = []
  const fromNames = new Set(from.tables.map((t) => t.name))
  const toNames = new Set(to.tables.map((t) => t.name))
  const renamedFrom = new Set(tableRenames.keys())
  const renamedTo = new Set(tableRenames.values())
  const removed = from.tables.filter((t) => !toNames.has(t.name) && !renamedFrom.has(t.name))
  const added = to.tables.filter((t) => !fromNames.has(t.name) && !renamedTo.has(t.name))
  const taken = new Set<string>()
  for (const old of removed) {
    const columns = new Set(typed(old))
    let best: TableModel | undefined
    let bestScore = 0
    for (const candidate of added) {
      if (taken.has(candidate.name)) continue
      const other = typed(candidate)
      const shared = other.filter((c) => columns.has(c)).length
      const score = shared / (columns.size + other.length - shared)
      if (score > bestScore) (bestScore = score), (best = candidate)
    }
    if (best && bestScore >= 0.5) {
      taken.add(best.name)
      candidates.push({ kind: 'table', from: old.name, to: best.name })
    }
  }
  const oldNameOf = new Map([...tableRenames].map(([oldName, newName]) => [newName, oldName]))
  for (const table of to.tables) {
    const oldName = oldNameOf.get(table.name) ?? table.name
    const old = from.tables.find((t) => t.name === oldName)
    if (!old) continue
    const oldNames = new Set(old.columns.map((c) => c.name))
    const newNames = new Set(table.columns.map((c) => c.name))
    const dropped = old.columns.filter((c) => !newNames.has(c.name))
    const addedColumns = table.columns.filter((c) => !oldNames.has(c.name))
    const used = new Set<string>()
    for (const column of dropped) {
      const match = addedColumns.find((c) => !used.has(c.name) && JSON.stringify(c.type) === JSON.stringify(column.type))
      if (match) {
        used.add(match.name)
        candidates.push({ kind: 'column', table: table.name, from: column.name, to: match.name })
      }
    }
  }
  return candidates
}

/**
 * The candidates of one kind that the renames `given` (by flags) leave open. Columns are
 * compared within the tables that `tables` renames (default: the tables `given` renames).
 */
export function undecidedRenames(
  from: SchemaModel,
  to: SchemaModel,
  given: readonly RenameCandidate[],
  kind: RenameCandidate['kind'],
  tables: readonly RenameCandidate[] = given,
): RenameCandidate[] {
  const tableRenames = new Map(tables.filter((c) => c.kind === 'table').map((c) => [c.from, c.to]))
  return renameCandidates(from, to, tableRenames).filter(
    (c) => c.kind === kind && !given.some((g) => g.kind === c.kind && (g.from === c.from || g.to === c.to) && (c.kind === 'table' || g.table === c.table)),
  )
}

/** How a prompt or a message names a candidate: `column people.full_name -> people.display_name`. */
export function describeCandidate(c: RenameCandidate): string {
  return c.kind === 'table' ? `table ${c.from} -> ${c.to}` : `column ${c.table}.${c.from} -> ${c.table}.${c.to}`
}

/** The flag that chooses a candidate: `--rename people.full_name=people.display_name`. */
export function flagOf(c: RenameCandidate): string {
  return c.kind === 'table' ? `--rename ${c.from}=${c.to}` : `--rename ${c.table}.${c.from}=${c.table}.${c.to}`
}

/** Parses `--rename old=new` (tables) and `--rename table.old=table.new` / `table.old=new` (columns). */
export function parseRenames(flags: readonly string[]): RenameCandidate[] {
  return flags.map((flag) => {
    const match = /^([^=.\s]+)(?:\.([^=.\s]+))?=([^=.\s]+)(?:\.([^=.\s]+))?$/.exec(flag)
    if (!match) throw new UsageError(`--rename ${flag}: expected old=new for a table, or table.old=table.new for a column`)
    const [, a, b, c, d] = match
    if (b === undefined) {
      if (d !== undefined) throw new UsageError(`--rename ${flag}: a table renames to a table name (old=new)`)
      return { kind: 'table', from: a!, to: c! }
    }
    if (d !== undefined && c !== a) throw new UsageError(`--rename ${flag}: a column keeps its table (table.old=table.new)`)
    return { kind: 'column', table: a!, from: b, to: d ?? c! }
  })
}

/** The renames the chosen candidates make. */
export function toRenames(chosen: readonly RenameCandidate[]): Renames {
  const tables = new Map<string, string>()
  const columns = new Map<string, Map<string, string>>()
  for (const c of chosen) {
    if (c.kind === 'table') tables.set(c.from, c.to)
    else {
      if (!columns.has(c.table!)) columns.set(c.table!, new Map())
      columns.get(c.table!)!.set(c.from, c.to)
    }
  }
  return { tables, columns }
}
