/**
 * SQL fragments: the `sql` tagged template shared by schema files (defaults, checks,
 * partial indexes) and the runtime (`db.sql`).
 *
 * A fragment keeps the literal text and the interpolated values apart; values only ever
 * become bind parameters (`$1`, `$2`, ...) when a fragment is compiled for a query, so
 * user data never becomes SQL text.
 */

import { ValidationError } from './errors.js'
import { isWellFormed } from './types.js'

const fragmentBrand = Symbol.for('dbridge.sql')

/**
 * An identifier (`sql.identifier('books')` renders `"books"`). Each name must be a
 * non-empty string PostgreSQL can take: no NUL (the protocol ends a statement's text at
 * one, which would cut the quoted name open) and no lone UTF-16 surrogate.
 */
export class SqlIdentifier {
  constructor(readonly names: readonly string[]) {
    const issues = names.flatMap((name, i) =>
      typeof name !== 'string' || name === '' || name.includes('\0') || !isWellFormed(name)
        ? [{ path: `[${i}]`, message: 'expected a non-empty name without NUL or a lone UTF-16 surrogate' }]
        : [],
    )
    if (issues.length > 0) throw new ValidationError('sql.identifier: invalid input', issues)
  }
}

/** Trusted text spliced in as it is (`sql.raw`). Never pass user input. */
export class SqlRaw {
  constructor(readonly text: string) {}
}

export class SqlFragment {
  readonly [fragmentBrand] = true
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** Compiles to text with `$n` placeholders, appending the bound values to `params`. */
  compile(params: unknown[] = []): { text: string; params: unknown[] } {
    let text = this.strings[0]!
    for (let i = 0; i < this.values.length; i++) {
      text += renderValue(this.values[i], params) + this.strings[i + 1]!
    }
    return { text, params }
  }

  /**
   * Renders the fragment as standalone SQL with no parameters, for DDL (defaults, checks,
   * index predicates). Only identifiers, raw text and nested fragments may be interpolated.
   */
  toDDL(): string {
    let text = this.strings[0]!
    for (let i = 0; i < this.values.length; i++) {
      const value = this.values[i]
      if (isSqlFragment(value)) text += value.toDDL()
      else if (value instanceof SqlIdentifier) text += quoteQualified(value.names)
      else if (value instanceof SqlRaw) text += value.text
      else
        throw new TypeError(
          'sql`...` used in a schema (default, check or index) cannot interpolate values; ' +
            'write the literal into the SQL text, or use sql.raw(...) / sql.identifier(...)',
        )
      text += this.strings[i + 1]!
    }
    return text.trim()
  }
}

function renderValue(value: unknown, params: unknown[]): string {
  if (isSqlFragment(value)) {
    let text = value.strings[0]!
    for (let i = 0; i < value.values.length; i++) {
      text += renderValue(value.values[i], params) + value.strings[i + 1]!
    }
    return text
  }
  if (value instanceof SqlIdentifier) return quoteQualified(value.names)
  if (value instanceof SqlRaw) return value.text
  params.push(value)
  return '$' + params.length
}

export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && fragmentBrand in value
}

/** Quotes an identifier for PostgreSQL: `books` -> `"books"`, `a"b` -> `"a""b"`. */
export function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"'
}

function quoteQualified(names: readonly string[]): string {
  return names.map(quoteIdent).join('.')
}

/** Quotes a string literal for PostgreSQL (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new TypeError('a SQL literal cannot contain a NUL character')
  return "'" + value.replaceAll("'", "''") + "'"
}

export interface SqlTag {
  (strings: TemplateStringsArray, ...values: unknown[]): SqlFragment
  /** `sql.identifier('schema', 'table')` renders `"schema"."table"`. */
  identifier(...names: string[]): SqlIdentifier
  /** Trusted SQL text spliced as it is. Never pass user input. */
  raw(text: string): SqlRaw
  /** Joins fragments with a separator: `sql.join([sql`a`, sql`b`], sql`, `)`. */
  join(fragments: readonly SqlFragment[], separator?: SqlFragment): SqlFragment
}

const tag = (strings: TemplateStringsArray, ...values: unknown[]) => new SqlFragment([...strings], values)

/**
 * The `sql` tagged template.
 *
 * @example
 *   sql`price > ${minPrice}`        // text "price > $1", params [minPrice]
 *   sql`select * from ${sql.identifier('books')}`
 */
export const sql: SqlTag = Object.assign(tag, {
  identifier: (...names: string[]) => {
    if (names.length === 0) throw new ValidationError('sql.identifier: invalid input', [{ path: '', message: 'needs at least one name' }])
    return new SqlIdentifier(names)
  },
  raw: (text: string) => new SqlRaw(text),
  join: (fragments: readonly SqlFragment[], separator: SqlFragment = new SqlFragment([', '], [])) => {
    const strings: string[] = ['']
    const values: unknown[] = []
    fragments.forEach((fragment, i) => {
      if (i > 0) values.push(separator), strings.push('')
      values.push(fragment)
      strings.push('')
    })
    return new SqlFragment(strings, values)
  },
})
