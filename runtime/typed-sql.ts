/**
 * Typed SQL files at run time: a statement written in a `.sql` file, described by the
 * generator, becomes a function of `db.queries`. The generated code gives each statement's
 * text (parameters as `$n`), its parameters' PostgreSQL types and a row decoder; this
 * module checks and encodes the parameters and builds the plan. Like every call, the plan
 * is one statement: it runs prepared, in `batch`, in transactions, through `toSQL()`.
 */
import { EncodeError, columnEncoder, type PgTypeName, type RawRow } from './types.js'
import { Issues, isOwnCopy, isPlainObject, ownCopy } from './input.js'
import { single, type Query, type QueryPlan, type StatementResult } from './query.js'
import type { Encoder } from './values/encode.js'

/** What a statement returns: rows, one row or null, nothing, or the number of rows it touched. */
export type SqlQueryKind = 'many' | 'one' | 'exec' | 'execrows'

export interface SqlParameterSpec {
  /** As written in the file (`:minBooks`). */
  readonly name: string
  /** Its PostgreSQL type as the server inferred it (text when dbridge has no row for it). */
  readonly type: PgTypeName
  readonly dimensions?: number
  /** Written `:name?`: may be left out or null. */
  readonly optional?: boolean
  /** An enum's values, checked before sending. */
  readonly enumValues?: readonly string[]
}

export interface SqlQuerySpec<Row> {
  /** Where it comes from, for messages (`queries/top-authors.sql`). */
  readonly file: string
  readonly kind: SqlQueryKind
  readonly text: string
  readonly parameters: readonly SqlParameterSpec[]
  /** Builds a row from the text of each result column (generated). */
  readonly decode?: (row: RawRow) => Row
}

/** A described statement, ready to run: built once when the generated module loads. */
export interface SqlQuery<Row = unknown> {
  readonly name: string
  readonly spec: SqlQuerySpec<Row>
  readonly encoders: readonly Encoder[]
  /** The parameters' names, to tell unknown keys. */
  readonly names: ReadonlySet<string>
  /** A result to the value of a call, made once: no closure per call. */
  readonly finishOne: (result: StatementResult) => unknown
}

/** The value a query of `kind` resolves to. */
export type SqlQueryResult<Row, Kind extends SqlQueryKind> = Kind extends 'many' ? Row[] : Kind extends 'one' ? Row | null : Kind extends 'execrows' ? number : void

/** Called by generated code, once per statement. */
export function defineSqlQuery<Row>(name: string, spec: SqlQuerySpec<Row>): SqlQuery<Row> {
  const encoders = spec.parameters.map((p) => columnEncoder(p.type, p.dimensions ?? 0, p.enumValues))
  const { kind, decode } = spec
  return { name, spec, encoders, names: new Set(spec.parameters.map((p) => p.name)), finishOne: (result) => finish(kind, result, decode) }
}

/**
 * The parameters as bind values: every required one given and not null, no unknown key,
 * no `undefined` (pass null, or leave an optional one out). Problems are reported together,
 * by parameter name, and never with the value itself.
 */
function encodeParameters(query: SqlQuery, given: unknown): (string | null)[] {
  if (query.spec.parameters.length === 0 && given === undefined) return []
  return (isPlainObject(given) && encodeValid(query, given)) || encodeChecked(query, given)
}

/**
 * The common case, with no copy of the argument and no issue list: every key known, every
 * value valid. Anything else returns undefined, and the checked path says what is wrong.
 */
function encodeValid(query: SqlQuery, given: Record<string, unknown>): (string | null)[] | undefined {
  const { parameters } = query.spec
  const values = new Array<string | null>(parameters.length)
  let present = 0
  for (let i = 0; i < parameters.length; i++) {
    const parameter = parameters[i]!
    if (!Object.hasOwn(given, parameter.name)) {
      if (!parameter.optional) return undefined
      values[i] = null
      continue
    }
    present++
    const value = given[parameter.name]
    if (value === undefined || (value === null && !parameter.optional)) return undefined
    if (value === null) {
      values[i] = null
      continue
    }
    try {
      values[i] = query.encoders[i]!(value)
    } catch {
      return undefined
    }
  }
  // Another own key is an unknown parameter.
  return Object.keys(given).length === present ? values : undefined
}

/** Reads the argument through a copy (nothing inherited, each getter once) and reports every problem. */
function encodeChecked(query: SqlQuery, given: unknown): (string | null)[] {
  const issues = new Issues('queries', query.name)
  const { parameters } = query.spec
  if (!isPlainObject(given) && !isOwnCopy(given)) {
    const expected = parameters.length === 0 ? 'no parameters' : `an object of its parameters (${parameters.map((p) => p.name).join(', ')})`
    issues.fail('', `expected ${expected}`)
  }
  const own = ownCopy(issues, given, '', 'an object of parameters')!
  for (const key of Object.keys(own)) if (!query.names.has(key)) issues.add(key, `unknown parameter; ${query.name} takes ${[...query.names].join(', ') || 'none'}`)
  const values = parameters.map((parameter, i) => {
    const has = Object.hasOwn(own, parameter.name)
    const value = own[parameter.name]
    if (has && value === undefined) {
      issues.add(parameter.name, parameter.optional ? 'is undefined; pass null or leave it out' : 'is undefined; give a value')
      return null
    }
    if (value === null || !has) {
      if (!parameter.optional) issues.add(parameter.name, has ? 'is null; it is required (write it :name? in the file to allow null)' : 'is missing; it is required')
      return null
    }
    try {
      return query.encoders[i]!(value)
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      issues.add(parameter.name, error.message)
      return null
    }
  })
  issues.throwIfAny()
  return values
}

/** The plan of one call of a typed statement. */
export function sqlQueryPlan<Row>(query: SqlQuery<Row>, given: unknown): QueryPlan<unknown> {
  const params = encodeParameters(query as SqlQuery, given)
  // The statement may write (or call something that does): it never goes to a replica.
  return single({ text: query.spec.text, params }, false, query.finishOne)
}

function finish<Row>(kind: SqlQueryKind, result: StatementResult, decode: ((row: RawRow) => Row) | undefined): unknown {
  switch (kind) {
    case 'many':
      return decode ? result.rows.map(decode) : result.rows.map(() => ({}))
    case 'one':
      return result.rows.length === 0 ? null : decode ? decode(result.rows[0]!) : {}
    case 'execrows':
      return result.count
    case 'exec':
      return undefined
  }
}

/**
 * A function of `db.queries`: takes the statement's parameters (none: no argument; all
 * optional: the argument may be left out) and resolves to its result.
 */
export type SqlQueryCall<Params, Result> = [Params] extends [undefined]
  ? () => Query<Result>
  : {} extends Params
    ? (params?: Params) => Query<Result>
    : (params: Params) => Query<Result>
