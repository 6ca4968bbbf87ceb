/**
 * The table client: every call checks its arguments, builds its statements (../compile/,
 * pure functions of the table's metadata and the arguments) and returns a lazy query whose
 * plan sends them and reads the rows back (../decode.ts). One implementation for every
 * table; generated code gives it each table's concrete types (types.ts).
 */
import { NotFoundError } from '../errors.js'
import type { ColumnMeta, TableMeta } from '../meta.js'
import { Issues, checkCount, checkOptions, emptyOwn, isPlainObject, listItems, withOwn, type Own } from '../input.js'
import { Query, asDbError, lazy, single, type Executor, type QueryPlan, type Statement, type StatementResult } from '../query.js'
import { describe, EncodeError } from '../types.js'
import { buildContext, type BuildContext } from '../compile/context.js'
import { compileRelationFilter } from '../compile/relations.js'
import { countStatement, existsStatement, findByIdText, keyCondition, readStatement, type WhereClause } from '../compile/read.js'
import { aggregateStatement, groupByStatement } from '../compile/aggregate.js'
import { Subquery } from '../compile/subquery.js'
import { checkedInsertStatement, conflictClause, insertRowStatement, insertStatement, unnestInsert } from '../compile/insert.js'
import { deleteStatement, setClause, updateStatement } from '../compile/update.js'
import { rowDecoder, type RowDecoder } from '../decode.js'
import { copyFromPlan, copyToStream } from '../copy.js'
import { streamRows } from '../stream.js'
import { acceptedCopy, checkPatch, checkRow, isChange } from './rows.js'
import { linkPlan, loadPlan, unlinkPlan } from './load.js'
import type { FindByIdOptions, FindManyArgs, FindOneArgs, TableTypes } from './types.js'

/**
 * The fewest rows for which `insertMany(rows, { returning: false })` sends COPY instead of
 * one INSERT ... unnest: 25,000 values (rows x columns given), or 5,000 when a json or jsonb
 * column is given (the server parses a json[] literal slowly; COPY's lines cheaply).
 * Measured on loopback, COPY / unnest time: one text column 1.08 at 5,000 rows; five columns
 * 0.90 at 5,000 rows (25,000 values), 1.03 at 2,000; seven with a jsonb 0.90 at 1,000 rows
 * (7,000 values), 0.54 at 2,000 and 0.48 at 5,000. Below that, COPY's extra round trips
 * outweigh what it saves.
 */
export function copyThreshold(columns: readonly Pick<ColumnMeta, 'type'>[]): number {
  const values = columns.some((c) => c.type === 'json' || c.type === 'jsonb') ? 5_000 : 25_000
  return Math.ceil(values / Math.max(columns.length, 1))
}

const findManyOptions = ['where', 'orderBy', 'limit', 'offset', 'select', 'with', 'distinct', 'distinctOn', 'after', 'before', 'lock', 'skipLocked', 'noWait', 'primary']
const findOneOptions = findManyOptions.filter((o) => o !== 'limit')
const findByIdOptions = ['select', 'with', 'lock', 'skipLocked', 'noWait', 'primary']
const aggregateOptions = ['where', '_count', '_sum', '_avg', '_min', '_max', 'primary']
const groupByOptions = [...aggregateOptions, 'by', 'having', 'orderBy', 'limit', 'offset']
const streamOptions = ['where', 'orderBy', 'limit', 'offset', 'select', 'primary', 'batchSize']

function context(issues: Issues): BuildContext {
  return buildContext(issues, compileRelationFilter)
}

export class TableClientImpl {
  /** The decoder of a whole row, for writes' RETURNING. */
  private readonly decodeRow: RowDecoder

  constructor(
    readonly meta: TableMeta,
    readonly executor: Executor,
  ) {
    this.decodeRow = rowDecoder(meta, undefined)
  }

  private issues(method: string): Issues {
    return new Issues(this.meta.key, method)
  }

  /** A lazy query of `method`; whatever compiling throws becomes its DbError. */
  private query<R>(method: string, compile: () => QueryPlan<R>): Query<R> {
    return lazy(this.executor, compile, `${this.meta.key}.${method}`)
  }

  /** Runs what an iterable method (stream, copyTo) checks at the call, so that it throws only DbErrors. */
  private checked<R>(method: string, check: () => R): R {
    try {
      return check()
    } catch (error) {
      throw asDbError(error, `${this.meta.key}.${method}`)
    }
  }

  /** A read's statement and the decoder of its rows (`parts`: a copy of its options). */
  private read(issues: Issues, parts: Own, where?: WhereClause, selectAsListed = false) {
    const read = readStatement(this.meta, parts, context(issues), where, selectAsListed)
    return { ...read, decode: rowDecoder(this.meta, read.columns, read.relations) }
  }

  // -------------------------------------------------------------------------------------
  // Reads

  findMany(args?: FindManyArgs<TableTypes>): Query<never[]> {
    return this.query('findMany', () => {
      const issues = this.issues('findMany')
      const { statement, decode, read, reverse } = this.read(issues, checkOptions(issues, args, findManyOptions, ''))
      if (reverse) return single(statement, read, (result) => result.rows.map(decode).reverse() as never[])
      return single(statement, read, (result) => result.rows.map(decode) as never[])
    })
  }

  findOne(args?: FindOneArgs<TableTypes>): Query<never> {
    return this.query('findOne', () => this.findOnePlan('findOne', args, false))
  }

  findOneOrThrow(args?: FindOneArgs<TableTypes>): Query<never> {
    return this.query('findOneOrThrow', () => this.findOnePlan('findOneOrThrow', args, true))
  }

  private findOnePlan(method: string, args: unknown, orThrow: boolean): QueryPlan<never> {
    const issues = this.issues(method)
    const parts = checkOptions(issues, args, findOneOptions, '')
    const { statement, decode, read } = this.read(issues, withOwn(parts, { limit: 1 }))
    return single(statement, read, (result) => {
      const row = result.rows[0]
      if (row) return decode(row) as never
      if (orThrow) throw new NotFoundError(`${this.meta.key}.${method}: no row matched`, { table: this.meta.name, sql: statement.text })
      return null as never
    })
  }

  /** The text of the common findById (one key column, no options), built once. */
  private findByIdText: string | undefined

  /** A result's first row decoded, or null: made once, not per call. */
  private readonly firstRowOrNull = (result: StatementResult): never => (result.rows[0] ? (this.decodeRow(result.rows[0]) as never) : (null as never))

  findById(key: unknown, options?: FindByIdOptions<TableTypes>): Query<never> {
    const meta = this.meta
    if (options === undefined && meta.primaryKey.length === 1 && key !== undefined && key !== null) {
      // The common case, kept short: one column, one parameter, the text built once.
      const column = meta.byKey.get(meta.primaryKey[0]!)!
      let encoded: string
      try {
        encoded = column.encode(key)
      } catch (error) {
        return this.query('findById', () => {
          if (error instanceof EncodeError) this.issues('findById').fail('key', error.message)
          throw error
        })
      }
      this.findByIdText ??= findByIdText(meta, column)
      return new Query(this.executor, single({ text: this.findByIdText, params: [encoded] }, true, this.firstRowOrNull))
    }
    return this.query('findById', () => {
      const issues = this.issues('findById')
      const parts = checkOptions(issues, options, findByIdOptions, '')
      // The key is unique, so no LIMIT is needed.
      const { statement, decode, read } = this.read(issues, parts, (ctx) => keyCondition(meta, key, ctx))
      return single(statement, read, (result) => (result.rows[0] ? (decode(result.rows[0]) as never) : (null as never)))
    })
  }

  count(args?: { where?: unknown }): Query<number> {
    return this.query('count', () => {
      const issues = this.issues('count')
      const parts = checkOptions(issues, args, ['where', 'primary'])
      return single(countStatement(this.meta, parts.where, context(issues)), parts.primary !== true, (result) => Number(result.rows[0]![0]))
    })
  }

  /** count, sum, avg, min and max over the rows `where` selects: one row. */
  aggregate(args: unknown): Query<never> {
    return this.query('aggregate', () => {
      const issues = this.issues('aggregate')
      const parts = checkOptions(issues, args, aggregateOptions, '')
      const { statement, decode } = aggregateStatement(this.meta, parts, context(issues))
      return single(statement, parts.primary !== true, (result) => decode(result.rows[0]!) as never)
    })
  }

  /** The aggregates per group of `by` columns, filtered (`having`), ordered and paged. */
  groupBy(args: unknown): Query<never[]> {
    return this.query('groupBy', () => {
      const issues = this.issues('groupBy')
      const parts = checkOptions(issues, args, groupByOptions, '')
      const { statement, decode } = groupByStatement(this.meta, parts, context(issues))
      return single(statement, parts.primary !== true, (result) => result.rows.map(decode) as never[])
    })
  }

  /** A column of this table's rows as a set for `in` / `notIn` of another call (runs inside it). */
  subquery(column: unknown, options?: unknown): Subquery {
    return new Subquery(this.meta, column, options)
  }

  exists(args?: { where?: unknown }): Query<boolean> {
    return this.query('exists', () => {
      const issues = this.issues('exists')
      const parts = checkOptions(issues, args, ['where', 'primary'])
      return single(existsStatement(this.meta, parts.where, context(issues)), parts.primary !== true, (result) => result.rows[0]![0] === 't')
    })
  }

  /**
   * Rows one at a time through a server-side cursor, `batchSize` at a time: memory stays
   * constant however many rows match. Leaving the loop early closes the cursor.
   */
  stream(args?: unknown): AsyncIterable<never> {
    const { statement, decode, read, batchSize } = this.checked('stream', () => {
      const issues = this.issues('stream')
      const parts = checkOptions(issues, args, streamOptions, '')
      const batchSize = parts.batchSize === undefined ? 1000 : (checkCount(issues, 'batchSize', parts.batchSize) ?? 1000)
      if (batchSize === 0) issues.add('batchSize', 'must be at least 1')
      return { ...this.read(issues, withOwn(parts, { batchSize: undefined })), batchSize }
    })
    const executor = this.executor
    return {
      async *[Symbol.asyncIterator]() {
        for await (const rows of streamRows(executor, statement, batchSize, read)) {
          for (const row of rows) yield decode(row) as never
        }
      },
    }
  }

  /** `COPY (SELECT ...) TO STDOUT`: the matching rows in COPY text format (or CSV), as chunks. */
  copyTo(args?: unknown): AsyncIterable<Buffer> {
    const { statement, read, format } = this.checked('copyTo', () => {
      const issues = this.issues('copyTo')
      const parts = checkOptions(issues, args, ['where', 'orderBy', 'limit', 'offset', 'select', 'format', 'primary'], '')
      const format = parts.format ?? 'text'
      if (format !== 'text' && format !== 'csv') issues.add('format', "expected 'text' or 'csv'")
      // The columns come out in the order `select` lists them: they are the export's columns.
      return { ...this.read(issues, withOwn(parts, { format: undefined }), undefined, true), format: format as 'text' | 'csv' }
    })
    const executor = this.executor
    return copyToStream(() => executor.lease({ read }), statement, format)
  }

  load(rows: unknown, relations: unknown): Query<never> {
    return this.query('load', () => loadPlan(this.meta, rows, relations))
  }

  // -------------------------------------------------------------------------------------
  // Writes

  insert(row: unknown): Query<never> {
    return this.insertChecked(row) ?? this.query('insert', () => this.insertPlan('insert', row))
  }

  private readonly firstRow = (result: StatementResult): never => this.decodeRow(result.rows[0]!) as never

  /**
   * The short path of insert: a plain object whose copy passes the plain check and every
   * encoder becomes its statement directly. Anything else gives undefined, and the general
   * path reports what is wrong.
   */
  private insertChecked(row: unknown): Query<never> | undefined {
    const values = acceptedCopy(this.meta, row)
    if (!values) return undefined
    try {
      return new Query(this.executor, single(checkedInsertStatement(this.meta, values), false, this.firstRow))
    } catch {
      return undefined
    }
  }

  upsert(row: unknown, options: unknown): Query<never> {
    return this.query('upsert', () => {
      const issues = this.issues('upsert')
      const parts = checkOptions(issues, options, ['onConflict', 'update'], 'options')
      issues.throwIfAny()
      return this.insertPlan('upsert', row, parts)
    })
  }

  private insertPlan(method: string, row: unknown, conflict?: Own): QueryPlan<never> {
    const meta = this.meta
    const issues = this.issues(method)
    const values = checkRow(meta, issues, row, '')
    let statement: Statement
    if (conflict === undefined) {
      issues.throwIfAny()
      statement = insertRowStatement(meta, values!, issues)
    } else {
      // The conflict target's problems are reported with the row's.
      const columns = values ? meta.columns.filter((c) => c.key in values) : []
      const onConflict = conflictClause(meta, issues, conflict, columns)
      issues.throwIfAny()
      statement = insertStatement(meta, columns, values!, onConflict, issues)
    }
    issues.throwIfAny()
    return single(statement, false, this.firstRow)
  }

  insertMany(rows: unknown, options?: unknown): Query<never> {
    return this.query('insertMany', () => this.insertManyPlan('insertMany', rows, options, undefined))
  }

  upsertMany(rows: unknown, options: unknown): Query<never> {
    return this.query('upsertMany', () => {
      const issues = this.issues('upsertMany')
      const parts = checkOptions(issues, options, ['onConflict', 'update'], 'options')
      issues.throwIfAny()
      return this.insertManyPlan('upsertMany', rows, undefined, parts)
    })
  }

  /**
   * Rows are grouped by the set of columns they give (so defaults apply to the rest); each
   * group is one `INSERT ... unnest` statement, whatever the number of rows. Several groups
   * run in one transaction. Many rows of one group, with nothing to return, go by COPY.
   */
  private insertManyPlan(method: string, rows: unknown, options: unknown, conflict: Own | undefined): QueryPlan<never> {
    const meta = this.meta
    const issues = this.issues(method)
    const parts = checkOptions(issues, options, ['returning'], 'options')
    const returning = parts.returning !== false
    if (parts.returning !== undefined && typeof parts.returning !== 'boolean') issues.add('options.returning', 'expected true or false')
    const items = listItems(issues, rows, 'rows', 'an array of rows')
    if (!items) return issues.stop()
    const groups = groupByColumns(meta, issues, items)
    const conflicts = groups.map((g) => (conflict === undefined ? '' : conflictClause(meta, issues, conflict, g.columns)))
    issues.throwIfAny()
    const total = items.length
    const decode = this.decodeRow
    const finish = (results: readonly StatementResult[]): never => {
      if (!returning) return results.reduce((n, r) => n + r.count, 0) as never
      const out: unknown[] = new Array(total)
      results.forEach((result, g) => result.rows.forEach((row, j) => (out[groups[g]!.indexes[j]!] = decode(row))))
      return out as never
    }
    // Many rows, nothing to return, no conflict handling, every row giving the same columns:
    // COPY is the fastest way in. The rows are validated already and COPY encodes them; the
    // unnest statement is only built if batch() or toSQL() asks for it.
    const only = groups.length === 1 ? groups[0]! : undefined
    if (!returning && conflict === undefined && only && total >= copyThreshold(only.columns)) {
      const copy = copyFromPlan(meta, only.values, (_issues, row) => row as Record<string, unknown>)
      let statements: Statement[] | undefined
      const unnest = () => {
        const issues = this.issues(method)
        const statement = unnestInsert(meta, issues, only.columns, only.values, '', false)
        issues.throwIfAny()
        return [statement]
      }
      return {
        get statements() {
          return (statements ??= unnest())
        },
        read: false,
        atomic: false,
        finish,
        leased: copy.leased as QueryPlan<never>['leased'],
      }
    }
    const statements = groups.map((group, g) => unnestInsert(meta, issues, group.columns, group.values, conflicts[g]!, returning))
    issues.throwIfAny()
    return { statements, read: false, atomic: statements.length > 1, finish }
  }

  /** `COPY ... FROM STDIN`: validates each row, sends them all, returns how many were copied. */
  copyFrom(rows: unknown): Query<number> {
    return this.query('copyFrom', () => copyFromPlan(this.meta, rows, (issues, row, path) => checkRow(this.meta, issues, row, path)))
  }

  update(args: unknown): Query<never> {
    return this.updateByKey(args) ?? this.query('update', () => this.updatePlan(args))
  }

  private updatePlan(args: unknown): QueryPlan<never> {
    const issues = this.issues('update')
    if (args === undefined) issues.fail('', 'update needs { where, set }, or { all: true, set } to update every row')
    const parts = checkOptions(issues, args, ['where', 'all', 'set', 'returning'])
    const ctx = context(issues)
    const { plain, changes } = checkPatch(this.meta, issues, parts.set)
    const set = setClause(this.meta, plain, changes, ctx.params, issues)
    if (parts.returning !== undefined && typeof parts.returning !== 'boolean') issues.add('returning', `expected true or false, got ${describe(parts.returning)}`)
    const returning = parts.returning !== false
    const statement = updateStatement(this.meta, set, parts, returning, ctx)
    return single(statement, false, returning ? this.decodeAll : this.countOf)
  }

  /** Update texts by the columns set (a bit each) and whether rows are returned; see updateByKey. */
  private readonly updateTexts = new Map<number, string | null>()
  private readonly decodeAll = (result: StatementResult): never => result.rows.map(this.decodeRow) as never
  private readonly countOf = (result: StatementResult): never => result.count as never

  /**
   * The common update, kept short: `{ where: { <primary key>: value }, set: { <columns>: values } }`
   * (and `returning`), the values plain and valid. Its text is the general path's, taken from
   * the first such call of each set of columns (and checked to number its parameters the same
   * way); later calls only encode their values. Anything else, or anything wrong, gives
   * undefined: the general path then compiles it, or reports what is wrong.
   */
  private updateByKey(args: unknown): Query<never> | undefined {
    const meta = this.meta
    const all = meta.columns
    if (meta.primaryKey.length !== 1 || all.length > 30 || !isPlainObject(args)) return undefined
    try {
      let where: unknown
      let set: unknown
      let returning: unknown = true
      // Own keys by for-in and hasOwn: no array of them per call.
      for (const name in args) {
        if (!Object.hasOwn(args, name)) continue
        if (name === 'where') where = args.where
        else if (name === 'set') set = args.set
        else if (name === 'returning') returning = args.returning
        else return undefined
      }
      if (typeof returning !== 'boolean' || !isPlainObject(where) || !isPlainObject(set)) return undefined
      const keyColumn = meta.byKey.get(meta.primaryKey[0]!)!
      let key: unknown
      for (const name in where) {
        if (!Object.hasOwn(where, name)) continue
        if (name !== keyColumn.key || key !== undefined) return undefined
        key = where[name]
      }
      if (key === null || key === undefined || typeof key === 'object') return undefined
      const plain = emptyOwn()
      let mask = 0
      let count = 0
      for (const name in set) {
        if (!Object.hasOwn(set, name)) continue
        const column = meta.byKey.get(name)
        const value = set[name]
        if (!column || value === undefined || isChange(column, value)) return undefined
        plain[name] = value
        mask |= 1 << all.indexOf(column)
        count++
      }
      if (count === 0 || !meta.acceptsRow(plain, true)) return undefined
      const shape = returning ? mask : -mask
      const text = this.updateTexts.get(shape)
      if (text === null) return undefined
      const params = new Array<string | null>(count + 1)
      let p = 0
      for (let c = 0; c < all.length; c++) {
        if ((mask & (1 << c)) === 0) continue
        const value = plain[all[c]!.key]
        params[p++] = value === null ? null : all[c]!.encode(value)
      }
      params[p] = keyColumn.encode(key)
      const finish = returning ? this.decodeAll : this.countOf
      if (text !== undefined) return new Query(this.executor, single({ text, params }, false, finish))
      // The first of its shape: the general path's statement, remembered if it numbers its parameters as above.
      const query = this.query<never>('update', () => this.updatePlan(args))
      const statements = 'error' in query.plan ? undefined : query.plan.statements
      const same = statements?.length === 1 && statements[0]!.params.length === params.length && statements[0]!.params.every((v, i) => v === params[i])
      if (this.updateTexts.size < 256) this.updateTexts.set(shape, same ? statements[0]!.text : null)
      return query
    } catch {
      // A getter or an encoder threw: the general path reports it.
      return undefined
    }
  }

  delete(args: unknown): Query<number> {
    return this.query('delete', () => {
      const issues = this.issues('delete')
      if (args === undefined) issues.fail('where', 'is required: give a filter that narrows, or delete({ all: true }) to delete every row')
      const parts = checkOptions(issues, args, ['where', 'all'])
      return single(deleteStatement(this.meta, parts, context(issues)), false, (result) => result.count)
    })
  }

  link(relation: unknown, key: unknown, targets: unknown): Query<number> {
    return this.query('link', () => linkPlan(this.meta, relation, key, targets))
  }

  unlink(relation: unknown, key: unknown, targets: unknown): Query<number> {
    return this.query('unlink', () => unlinkPlan(this.meta, relation, key, targets))
  }
}

interface RowGroup {
  readonly columns: ColumnMeta[]
  /** Where each row of the group stands in the input. */
  readonly indexes: number[]
  readonly values: Own[]
}

/** Validates rows and groups them by the columns they give, in order of first appearance. */
function groupByColumns(meta: TableMeta, issues: Issues, items: readonly unknown[]): RowGroup[] {
  const groups = new Map<string | number, RowGroup>()
  const columns = meta.columns
  items.forEach((row, i) => {
    const values = acceptedCopy(meta, row) ?? checkRow(meta, issues, row, `[${i}]`)
    if (!values) return
    // Which columns the row gives: a bit per column (a string past 30 columns).
    let signature: string | number = 0
    if (columns.length <= 30) {
      for (let c = 0; c < columns.length; c++) if (columns[c]!.key in values) signature |= 1 << c
    } else {
      signature = ''
      for (let c = 0; c < columns.length; c++) signature += columns[c]!.key in values ? '1' : '0'
    }
    let group = groups.get(signature)
    if (!group) groups.set(signature, (group = { columns: columns.filter((c) => c.key in values), indexes: [], values: [] }))
    group.indexes.push(i)
    group.values.push(values)
  })
  return [...groups.values()]
}
