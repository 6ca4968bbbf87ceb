/** What the parts of normalize share: the casing, the tables the files export, the enums met, and where problems go. */
import type { AnyColumn, AnyTable, TableDefinition } from '../../../schema/dsl.js'
import type { Casing } from '../../../schema/model.js'
import { applyCasing } from '../../../schema/naming.js'
import { isSqlFragment } from '../../../runtime/sql.js'
import type { Diagnostic } from '../../diagnostics.js'
import type { SourceInfo } from '../../load/source-types.js'
import type { Enums } from './enums.js'

/** An exported table and the file that declares it. */
export interface TableEntry {
  readonly table: AnyTable
  readonly definition: TableDefinition
  readonly exportName: string
  readonly file: string
  readonly info: SourceInfo
}

/** Where a problem is: the file, the table (export name) and the column (property name). */
export type Where = Pick<Diagnostic, 'file' | 'table' | 'column'>

export interface Context {
  readonly casing: Casing
  /** Problems found so far; normalize never throws for bad input. */
  readonly diagnostics: Diagnostic[]
  /** Exported tables, by table object. */
  readonly entries: ReadonlyMap<AnyTable, TableEntry>
  readonly enums: Enums
}

export const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** A column built by any copy of the DSL module (brands, not classes, identify DSL objects). */
export function isColumn(value: unknown): value is AnyColumn {
  return typeof value === 'object' && value !== null && 'definition' in value && typeof (value as AnyColumn).definition?.type === 'string'
}

/** A bound column's SQL name: its `.dbName()`, else its property name in the configured casing. */
export function sqlNameOf(ctx: Context, column: AnyColumn): string {
  return column.definition.dbName ?? applyCasing(column.binding!.key, ctx.casing)
}

/** A `sql` fragment as DDL text, or undefined (with a diagnostic) when it is not one or is empty. */
export function ddlOf(ctx: Context, fragment: unknown, at: Where, what: string): string | undefined {
  if (!isSqlFragment(fragment)) {
    ctx.diagnostics.push({ ...at, message: `${what} must be a sql\`...\` fragment` })
    return undefined
  }
  try {
    const text = fragment.toDDL()
    if (text === '') ctx.diagnostics.push({ ...at, message: `${what} is empty` })
    return text || undefined
  } catch (error) {
    ctx.diagnostics.push({ ...at, message: `${what}: ${(error as Error).message}` })
    return undefined
  }
}
