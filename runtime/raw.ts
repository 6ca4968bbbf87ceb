/**
 * Raw SQL (`db.sql`): the tagged template compiled to a statement with every interpolated
 * value a bind parameter, and its rows decoded by the type OIDs PostgreSQL reports, keyed
 * by the column names it returns.
 */
import { ValidationError } from './errors.js'
import type { QueryPlan, StatementResult } from './query.js'
import { SqlFragment } from './sql.js'
import { EncodeError, encodeAny, oidDecoder } from './types.js'

/** A row of a raw query, keyed by the column names PostgreSQL returns. */
export type SqlRow = Record<string, unknown>

/** The plan of `db.sql`...``. */
export function rawSqlPlan(strings: TemplateStringsArray, values: unknown[]): QueryPlan<SqlRow[]> {
  if (!Array.isArray(strings) || !('raw' in strings)) {
    throw new ValidationError('db.sql: invalid input', [{ path: '', message: 'use it as a tagged template: db.sql`select ...`' }])
  }
  const { text, params } = new SqlFragment([...strings], values).compile()
  const issues: { path: string; message: string }[] = []
  const encoded = params.map((value, i) => {
    if (value === undefined) {
      issues.push({ path: `$${i + 1}`, message: 'is undefined; pass null for NULL' })
      return null
    }
    try {
      return encodeAny(value)
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      issues.push({ path: `$${i + 1}`, message: error.message })
      return null
    }
  })
  if (issues.length > 0) throw new ValidationError('db.sql: invalid parameters', issues)
  return {
    statements: [{ text, params: encoded }],
    read: false,
    atomic: false,
    finish: ([result]: readonly StatementResult[]) => decodeRaw(result!),
  }
}

/** Decodes raw rows by their column type OIDs into objects keyed by column name. */
function decodeRaw(result: StatementResult): SqlRow[] {
  const columns = result.columns
  const decoders = columns.map((c) => oidDecoder(c.type))
  return result.rows.map((row) => {
    const out: SqlRow = {}
    for (let i = 0; i < columns.length; i++) {
      const text = row[i]
      const decode = decoders[i]
      const value = text === null || text === undefined ? null : decode ? decode(text) : text
      const name = columns[i]!.name
      // A column named __proto__ must stay a plain property, never the row's prototype.
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
      else out[name] = value
    }
    return out
  })
}
