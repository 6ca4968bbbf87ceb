/**
 * `db.authors.subquery('id', { where, orderBy, limit })`: a column of another read, used as
 * the set of `in` / `notIn` (where.ts compiles it into the statement that uses it, with
 * that statement's parameters and aliases). It is a description, checked when the
 * statement that uses it is built, so its mistakes are reported with that statement's paths.
 */
import type { TableMeta } from '../meta.js'

export class Subquery<V = unknown> {
  /** The type of the values it gives (for the type checker only: never set). */
  declare readonly values?: V

  constructor(
    readonly meta: TableMeta,
    readonly column: unknown,
    readonly options: unknown,
  ) {}

  /** Not a query of its own: it only runs inside the statement that uses it. */
  get [Symbol.toStringTag](): string {
    return `Subquery(${this.meta.key}.${String(this.column)})`
  }
}

export function isSubquery(value: unknown): value is Subquery<unknown> {
  return value instanceof Subquery
}
