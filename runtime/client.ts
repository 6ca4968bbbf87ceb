/**
 * The table client: CRUD over one table, driven entirely by its metadata. Generated code
 * gives each table a concrete type (`BooksClient`) over this one implementation.
 */
import { NotFoundError } from './errors.js'
import type { ColumnMeta, TableMeta } from './meta.js'
import { Issues, addSchemaIssues, checkCount, checkOptions, emptyOwn, joinPath, knownKeys, listItems, ownCopy, withOwn, type Own } from './input.js'
import {
  Params,
  compileLock,
  compileOrderBy,
  compilePaging,
  compileWhere,
  compileWriteFilter,
  decodeSubset,
  selectedColumns,
  type WhereContext,
} from './compile.js'
import { Query, asDbError, lazy, single, type Executor, type QueryPlan, type Statement, type StatementResult } from './query.js'
import { describe, EncodeError, encodeColumn, isBareArrayElement } from './types.js'
import { compileWith, linkPlan, loadPlan, unlinkPlan } from './relations.js'
import { copyFromPlan, copyToStream, type CopyFormat } from './copy.js'
import { streamRows } from './stream.js'

// ---------------------------------------------------------------------------------------
// Types the generated code fills in

/** The generated types of one table, bundled so client signatures stay short. */
export interface TableTypes {
  row: object
  insert: object
  patch: object
  where: object
  orderBy: object
  column: string
  /** The primary key: a value, an object for composite keys, `never` without one. */
  key: unknown
  /** Column lists that are unique (valid `onConflict` targets). */
  conflict: readonly string[]
  /** The table's relations, by name. */
  relations: object
}

/** A relation to at most one row; `N` says whether it may be null. */
export interface OneRelation<T extends TableTypes, N extends boolean> {
  kind: 'one'
  target: T
  nullable: N
}

/** A relation to any number of rows. */
export interface ManyRelation<T extends TableTypes> {
  kind: 'many'
  target: T
}

/** A many-to-many relation (through a join table): `link` and `unlink` work on it. */
export interface ManyToManyRelation<T extends TableTypes> extends ManyRelation<T> {
  through: true
}

type AnyTypes = TableTypes

/** Options of one relation in `with` (and `load`): filter, order, page, narrow, nest. */
export type RelationOptions<R> =
  R extends ManyRelation<infer U extends AnyTypes>
    ? {
        where?: U['where']
        orderBy?: U['orderBy'] | readonly U['orderBy'][]
        limit?: number
        offset?: number
        select?: readonly U['column'][]
        with?: With<U>
      }
    : R extends OneRelation<infer U extends AnyTypes, boolean>
      ? { where?: U['where']; select?: readonly U['column'][]; with?: With<U> }
      : never

/** `with`: per relation, `true` or its options. */
export type With<T extends TableTypes> = { [K in keyof T['relations']]?: true | RelationOptions<T['relations'][K]> }

type SelectOf<U extends TableTypes, A> = A extends { select: readonly (infer C)[] } ? C : U['column']
type WithOf<A> = A extends { with: infer W } ? W : {}

/** The value a relation loads, given its options `A`. */
export type RelationResult<R, A> =
  R extends ManyRelation<infer U extends AnyTypes>
    ? Loaded<U, SelectOf<U, A>, WithOf<A>>[]
    : R extends OneRelation<infer U extends AnyTypes, infer N>
      ? Loaded<U, SelectOf<U, A>, WithOf<A>> | (N extends true ? null : A extends { where: object } ? null : never)
      : never

/** The relations `W` adds to a row. */
export type WithResult<T extends TableTypes, W> = {
  -readonly [K in keyof W & keyof T['relations']]: RelationResult<T['relations'][K], W[K]>
}

/** A row narrowed to `S` with the relations of `W`. */
export type Loaded<T extends TableTypes, S, W> = [keyof W] extends [never] ? Selected<T, S> : Selected<T, S> & WithResult<T, W>

/** Names of the table's many-to-many relations. */
export type ManyToManyName<T extends TableTypes> = {
  [K in keyof T['relations']]: T['relations'][K] extends ManyToManyRelation<AnyTypes> ? K : never
}[keyof T['relations']] &
  string

type TargetKey<T extends TableTypes, K extends keyof T['relations']> = T['relations'][K] extends ManyRelation<infer U extends AnyTypes> ? U['key'] : never

/** Relation filters in `where`. */
export interface OneFilter<W> {
  /** The related row exists and matches (`null`: there is none). */
  is?: W | null
  /** No related row matches (`null`: there is one). */
  isNot?: W | null
}

export interface ManyFilter<W> {
  /** At least one related row matches. */
  some?: W
  /** No related row matches. */
  none?: W
  /** Every related row matches (true when there are none). */
  every?: W
}

export type SortDirection = 'asc' | 'desc'
export type LockMode = 'forUpdate' | 'forNoKeyUpdate' | 'forShare' | 'forKeyShare'

/** The row type narrowed to the selected columns (the whole row when nothing was selected). */
export type Selected<T extends TableTypes, S> = [T['column']] extends [S] ? T['row'] : Pick<T['row'], S & keyof T['row']>

export interface FindManyArgs<T extends TableTypes, S extends T['column'] = T['column'], W extends With<T> = {}> {
  where?: T['where']
  /** Related rows to load in the same statement, at any depth. */
  with?: W
  orderBy?: T['orderBy'] | readonly T['orderBy'][]
  limit?: number
  offset?: number
  /** Only these columns; the result type narrows to them. */
  select?: readonly S[]
  lock?: LockMode
  skipLocked?: boolean
  noWait?: boolean
  /** Read from the primary even when there are replicas. */
  primary?: boolean
}

export interface StreamArgs<T extends TableTypes, S extends T['column'] = T['column']> {
  where?: T['where']
  orderBy?: T['orderBy'] | readonly T['orderBy'][]
  limit?: number
  offset?: number
  select?: readonly S[]
  /** Rows fetched per round trip (default 1000). */
  batchSize?: number
  /** Read from the primary even when there are replicas. */
  primary?: boolean
}

export interface CopyToArgs<T extends TableTypes> {
  where?: T['where']
  orderBy?: T['orderBy'] | readonly T['orderBy'][]
  limit?: number
  offset?: number
  select?: readonly T['column'][]
  format?: 'text' | 'csv'
  /** Read from the primary even when there are replicas. */
  primary?: boolean
}

export type FindOneArgs<T extends TableTypes, S extends T['column'] = T['column'], W extends With<T> = {}> = Omit<FindManyArgs<T, S, W>, 'limit'>

export interface FindByIdOptions<T extends TableTypes, S extends T['column'] = T['column'], W extends With<T> = {}> {
  select?: readonly S[]
  with?: W
  primary?: boolean
  lock?: LockMode
  skipLocked?: boolean
  noWait?: boolean
}

export interface UpsertOptions<T extends TableTypes> {
  /** The unique columns that identify an existing row. */
  onConflict: T['conflict']
  /** Columns to overwrite on conflict (default: every given column but the target). */
  update?: readonly T['column'][]
}

/**
 * An update narrows with `where`, or says `all: true` to change every row; a `where` that
 * matches every row by its shape (`{}`, `{ AND: [{}] }`) is a ValidationError.
 */
export type UpdateArgs<T extends TableTypes> = { where: T['where']; set: T['patch']; all?: never } | { all: true; set: T['patch']; where?: never }

/** A delete narrows with `where`, or says `all: true` to delete every row. */
export type DeleteArgs<T extends TableTypes> = { where: T['where']; all?: never } | { all: true; where?: never }

/** `{ increment: n }` / `{ decrement: n }` in an update's `set`, applied atomically in SQL. */
export type NumericChange<V> = { increment: V } | { decrement: V }

export interface TableClient<T extends TableTypes> {
  /** `SELECT ... WHERE <primary key> = $1`; null when there is no such row. */
  findById<S extends T['column'] = T['column'], const W extends With<T> = {}>(
    key: T['key'],
    options?: FindByIdOptions<T, S, W>,
  ): Query<Loaded<T, S, W> | null>
  findOne<S extends T['column'] = T['column'], const W extends With<T> = {}>(args?: FindOneArgs<T, S, W>): Query<Loaded<T, S, W> | null>
  /** Like findOne, but rejects with NotFoundError when no row matches. */
  findOneOrThrow<S extends T['column'] = T['column'], const W extends With<T> = {}>(args?: FindOneArgs<T, S, W>): Query<Loaded<T, S, W>>
  /** One statement, whatever the depth of `with`. */
  findMany<S extends T['column'] = T['column'], const W extends With<T> = {}>(args?: FindManyArgs<T, S, W>): Query<Loaded<T, S, W>[]>
  count(args?: { where?: T['where']; primary?: boolean }): Query<number>
  exists(args?: { where?: T['where']; primary?: boolean }): Query<boolean>
  /** Rows one at a time through a server-side cursor (constant memory); `break` closes it. */
  stream<S extends T['column'] = T['column']>(args?: StreamArgs<T, S>): AsyncIterable<Selected<T, S>>
  /** `COPY ... FROM STDIN` of validated rows (every row giving the same columns); returns how many. */
  copyFrom(rows: Iterable<T['insert']> | AsyncIterable<T['insert']>): Query<number>
  /** `COPY (SELECT ...) TO STDOUT`: the matching rows as COPY text (or CSV with a header), in chunks. */
  copyTo(args?: CopyToArgs<T>): AsyncIterable<Buffer>
  /** Validates, inserts and returns the row with its defaults filled in. */
  insert(row: T['insert']): Query<T['row']>
  /** Inserts every row in one statement (`unnest`), atomically. */
  insertMany(rows: readonly T['insert'][], options?: { returning?: true }): Query<T['row'][]>
  insertMany(rows: readonly T['insert'][], options: { returning: false }): Query<number>
  upsert(row: T['insert'], options: UpsertOptions<T>): Query<T['row']>
  upsertMany(rows: readonly T['insert'][], options: UpsertOptions<T>): Query<T['row'][]>
  /**
   * Updates the rows `where` matches and returns them; `{ all: true, set }` updates every
   * row. A `where` that narrows nothing (`{}`) is refused.
   */
  update(args: UpdateArgs<T>): Query<T['row'][]>
  update(args: UpdateArgs<T> & { returning: false }): Query<number>
  /**
   * Deletes the rows `where` matches and returns how many; `{ all: true }` deletes every
   * row. A `where` that narrows nothing (`{}`) is refused.
   */
  delete(args: DeleteArgs<T>): Query<number>
  /**
   * Attaches relations to rows already in hand: one query per relation and level, batched
   * by key. Returns new rows in the same order; the given ones are not changed.
   */
  load<R extends object, const W extends With<T>>(rows: readonly R[], relations: W): Query<(R & WithResult<T, W>)[]>
  /** Adds many-to-many links (those that exist are kept); returns how many were added. */
  link<K extends ManyToManyName<T>>(relation: K, key: T['key'], targets: readonly TargetKey<T, K>[]): Query<number>
  /** Removes many-to-many links; returns how many were removed. */
  unlink<K extends ManyToManyName<T>>(relation: K, key: T['key'], targets: readonly TargetKey<T, K>[]): Query<number>
}

// ---------------------------------------------------------------------------------------
// Implementation

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

const findManyOptions = ['where', 'orderBy', 'limit', 'offset', 'select', 'with', 'lock', 'skipLocked', 'noWait', 'primary']
const findOneOptions = findManyOptions.filter((o) => o !== 'limit')
const findByIdOptions = ['select', 'with', 'lock', 'skipLocked', 'noWait', 'primary']

function newContext(issues: Issues): WhereContext {
  let next = 0
  return { params: new Params(), issues, alias: 't0', nextAlias: () => 't' + ++next }
}

export class TableClientImpl {
  constructor(
    readonly meta: TableMeta,
    readonly executor: Executor,
  ) {}

  private context(method: string): Issues {
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

  /** The SELECT for a read (`parts`: a copy of its options), with a decoder for its rows. */
  private compileRead(issues: Issues, parts: Own, whereSql?: (ctx: WhereContext) => string, selectAsListed = false) {
    const meta = this.meta
    const ctx = newContext(issues)
    const columns = selectedColumns(meta, parts.select, issues, 'select', selectAsListed)
    const relations = parts.with === undefined ? undefined : compileWith(meta, parts.with, ctx, 'with')
    const where = whereSql ? whereSql(ctx) : compileWhere(meta, parts.where, ctx)
    const orderBy = compileOrderBy(meta, parts.orderBy, 't0', issues)
    const paging = compilePaging(ctx.params, issues, parts.limit, parts.offset)
    const lock = compileLock(issues, parts.lock, parts.skipLocked, parts.noWait)
    issues.throwIfAny()
    const selectList =
      (columns ? columns.map((c) => 't0.' + c.quoted).join(', ') : meta.selectAll) +
      (relations ? relations.selects.map((entry) => ', ' + entry).join('') : '')
    const text = `SELECT ${selectList} FROM ${meta.quoted} AS t0${where}${orderBy}${paging}${lock}`
    const width = columns ? columns.length : meta.columns.length
    const decodeRow = (row: readonly (string | null)[]): Record<string, unknown> => {
      const out = columns ? decodeSubset(columns, row) : (meta.decode(row) as Record<string, unknown>)
      // Each relation arrives as one json column after the row's own columns.
      if (relations) relations.attach(out, (i) => JSON.parse(row[width + i] as string))
      return out
    }
    if (parts.primary !== undefined && typeof parts.primary !== 'boolean') issues.fail('primary', 'expected true or false')
    // Locking reads and `primary: true` go to the primary; other reads may go to a replica.
    return { statement: { text, params: ctx.params.values } satisfies Statement, decodeRow, read: parts.lock === undefined && parts.primary !== true }
  }

  findMany(args?: FindManyArgs<TableTypes>): Query<never[]> {
    return this.query('findMany', () => {
      const issues = this.context('findMany')
      const parts = checkOptions(issues, args, findManyOptions, '')
      const { statement, decodeRow, read } = this.compileRead(issues, parts)
      return single(statement, read, (result) => result.rows.map(decodeRow) as never[])
    })
  }

  findOne(args?: FindOneArgs<TableTypes>): Query<never> {
    return this.query('findOne', () => this.findOnePlan('findOne', args, false))
  }

  findOneOrThrow(args?: FindOneArgs<TableTypes>): Query<never> {
    return this.query('findOneOrThrow', () => this.findOnePlan('findOneOrThrow', args, true))
  }

  private findOnePlan(method: string, args: unknown, orThrow: boolean): QueryPlan<never> {
    const issues = this.context(method)
    const parts = checkOptions(issues, args, findOneOptions, '')
    const { statement, decodeRow, read } = this.compileRead(issues, withOwn(parts, { limit: 1 }))
    return single(statement, read, (result) => {
      const row = result.rows[0]
      if (row) return decodeRow(row) as never
      if (orThrow) throw new NotFoundError(`${this.meta.key}.${method}: no row matched`, { table: this.meta.name, sql: statement.text })
      return null as never
    })
  }

  /** `SELECT <every column> ... WHERE <primary key> = $1`, the text of the common findById. */
  private findByIdText: string | undefined

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
          if (error instanceof EncodeError) this.context('findById').fail('key', error.message)
          throw error
        })
      }
      this.findByIdText ??= `SELECT ${meta.selectAll} FROM ${meta.quoted} AS t0 WHERE t0.${column.quoted} = $1`
      return new Query(this.executor, single({ text: this.findByIdText, params: [encoded] }, true, (result) =>
        result.rows[0] ? (meta.decode(result.rows[0]) as never) : (null as never),
      ))
    }
    return this.query('findById', () => {
      const issues = this.context('findById')
      const parts = checkOptions(issues, options, findByIdOptions, '')
      // The key is unique, so no LIMIT is needed.
      const { statement, decodeRow, read } = this.compileRead(issues, parts, (ctx) => this.keyCondition(key, ctx))
      return single(statement, read, (result) => (result.rows[0] ? (decodeRow(result.rows[0]) as never) : (null as never)))
    })
  }

  /** `WHERE t0."id" = $1` (or every column of a composite key). */
  private keyCondition(key: unknown, ctx: WhereContext): string {
    const pk = this.meta.primaryKey
    if (pk.length === 0) ctx.issues.fail('', `${this.meta.key} has no primary key; use findOne({ where })`)
    const columns = pk.map((k) => this.meta.byKey.get(k)!)
    const encode = (column: ColumnMeta, value: unknown, path: string) => {
      if (value === undefined || value === null) {
        ctx.issues.add(path, `is ${value}; a primary key value is required`)
        return 'NULL'
      }
      try {
        return ctx.params.add(column.encode(value))
      } catch (error) {
        if (!(error instanceof EncodeError)) throw error
        ctx.issues.add(path, error.message)
        return 'NULL'
      }
    }
    if (columns.length === 1) {
      const column = columns[0]!
      return ` WHERE t0.${column.quoted} = ${encode(column, key, 'key')}`
    }
    const parts = ownCopy(ctx.issues, key, 'key', `an object with ${pk.join(', ')}`)
    if (!parts) return ctx.issues.stop()
    for (const k of Object.keys(parts)) if (!pk.includes(k)) ctx.issues.add(joinPath('key', k), `is not part of the primary key (${pk.join(', ')})`)
    return ' WHERE ' + columns.map((c) => `t0.${c.quoted} = ${encode(c, parts[c.key], joinPath('key', c.key))}`).join(' AND ')
  }

  count(args?: { where?: unknown }): Query<number> {
    return this.query('count', () => {
      const issues = this.context('count')
      const parts = checkOptions(issues, args, ['where', 'primary'])
      const ctx = newContext(issues)
      const where = compileWhere(this.meta, parts.where, ctx)
      issues.throwIfAny()
      const text = `SELECT count(*) FROM ${this.meta.quoted} AS t0${where}`
      return single({ text, params: ctx.params.values }, parts.primary !== true, (result) => Number(result.rows[0]![0]))
    })
  }

  exists(args?: { where?: unknown }): Query<boolean> {
    return this.query('exists', () => {
      const issues = this.context('exists')
      const parts = checkOptions(issues, args, ['where', 'primary'])
      const ctx = newContext(issues)
      const where = compileWhere(this.meta, parts.where, ctx)
      issues.throwIfAny()
      const text = `SELECT EXISTS (SELECT 1 FROM ${this.meta.quoted} AS t0${where})`
      return single({ text, params: ctx.params.values }, parts.primary !== true, (result) => result.rows[0]![0] === 't')
    })
  }

  // -------------------------------------------------------------------------------------
  // Writes

  /** Validates one row for insert and returns its given columns, in declaration order. */
  private checkRow(issues: Issues, row: unknown, path: string): { columns: ColumnMeta[]; values: Record<string, unknown> } | undefined {
    const values = this.checkRowValues(issues, row, path)
    return values && { columns: this.meta.columns.filter((c) => c.key in values), values }
  }

  /**
   * Validates one row for insert; returns a copy of its given values (undefined ones left
   * out: the column's default applies). zod sees only the copy, so a column missing from
   * the row is missing, whatever was added to Object.prototype.
   */
  private checkRowValues(issues: Issues, row: unknown, path: string): Own | undefined {
    const values = ownCopy(issues, row, path || 'row', 'a plain object', true)
    if (!values) return undefined
    if (this.meta.insertSchema.safeParse(values).success) return values
    addSchemaIssues(issues, this.meta.insertSchema, values, path, this.unknownColumn)
    return undefined
  }

  private get unknownColumn(): string {
    return `unknown column of ${this.meta.key}; expected one of ${knownKeys(this.meta.byKey.keys())}`
  }

  /** Encodes one value; `path` names it in an error (a function, so that hot loops build no strings). */
  private encodeValue(issues: Issues, column: ColumnMeta, value: unknown, path: string | (() => string)): string | null {
    if (value === null) return null
    try {
      return column.encode(value)
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      issues.add(typeof path === 'string' ? path : path(), error.message)
      return null
    }
  }

  private insertPlan(method: string, row: unknown, conflict?: Own): QueryPlan<never> {
    const issues = this.context(method)
    const checked = this.checkRow(issues, row, '')
    const onConflict = conflict === undefined ? '' : this.conflictClause(issues, conflict, checked?.columns ?? [])
    issues.throwIfAny()
    const { columns, values } = checked!
    const params = new Params()
    const placeholders = columns.map((c) => params.add(this.encodeValue(issues, c, values[c.key], c.key)))
    issues.throwIfAny()
    const text =
      columns.length === 0
        ? `INSERT INTO ${this.meta.quoted} AS t0 DEFAULT VALUES${onConflict} RETURNING ${this.meta.selectAll}`
        : `INSERT INTO ${this.meta.quoted} AS t0 (${columns.map((c) => c.quoted).join(', ')}) VALUES (${placeholders.join(', ')})${onConflict} RETURNING ${this.meta.selectAll}`
    return single({ text, params: params.values }, false, (result) => this.meta.decode(result.rows[0]!) as never)
  }

  insert(row: unknown): Query<never> {
    return this.query('insert', () => this.insertPlan('insert', row))
  }

  upsert(row: unknown, options: unknown): Query<never> {
    return this.query('upsert', () => {
      const issues = this.context('upsert')
      const parts = checkOptions(issues, options, ['onConflict', 'update'], 'options')
      issues.throwIfAny()
      return this.insertPlan('upsert', row, parts)
    })
  }

  /**
   * `ON CONFLICT (...) DO UPDATE SET ...` for upserts; validates the target and update list
   * (`options`: a copy of the upsert's options).
   */
  private conflictClause(issues: Issues, options: Own, given: readonly ColumnMeta[]): string {
    const { onConflict, update } = options
    const targetKeys = listItems(issues, onConflict, 'onConflict', 'a list of unique columns')
    if (!targetKeys) return ''
    if (targetKeys.length === 0) {
      issues.add('onConflict', 'is empty; name the columns of a unique key')
      return ''
    }
    const target = new Set(targetKeys)
    const keys = this.meta.uniqueKeys
    const matches = keys.some((key) => key.length === target.size && key.every((k) => target.has(k)))
    if (!matches) {
      const valid = keys.map((key) => `[${key.map((k) => `'${k}'`).join(', ')}]`).join(' or ')
      issues.add(
        'onConflict',
        `is not a unique key of ${this.meta.key}; ` + (valid ? `use ${valid}` : `${this.meta.key} has no primary key or unique constraint to upsert on`),
      )
      return ''
    }
    const targetColumns = this.meta.columns.filter((c) => target.has(c.key))
    let updateColumns: ColumnMeta[]
    if (update === undefined) {
      updateColumns = given.filter((c) => !target.has(c.key))
    } else {
      const updateKeys = listItems(issues, update, 'update', 'a list of columns')
      if (!updateKeys) return ''
      updateColumns = []
      updateKeys.forEach((key, i) => {
        const column = typeof key === 'string' ? this.meta.byKey.get(key) : undefined
        if (!column) issues.add(`update[${i}]`, this.unknownColumn)
        else if (!given.includes(column)) issues.add(`update[${i}]`, `'${key}' is not given in the row, so there is no new value to update it with`)
        else updateColumns.push(column)
      })
    }
    // With nothing to update, a no-op assignment still returns the existing row.
    const assignments = (updateColumns.length > 0 ? updateColumns : targetColumns.slice(0, 1)).map(
      (c) => `${c.quoted} = EXCLUDED.${c.quoted}`,
    )
    return ` ON CONFLICT (${targetColumns.map((c) => c.quoted).join(', ')}) DO UPDATE SET ${assignments.join(', ')}`
  }

  insertMany(rows: unknown, options?: unknown): Query<never> {
    return this.query('insertMany', () => this.insertManyPlan('insertMany', rows, options, undefined))
  }

  upsertMany(rows: unknown, options: unknown): Query<never> {
    return this.query('upsertMany', () => {
      const issues = this.context('upsertMany')
      const parts = checkOptions(issues, options, ['onConflict', 'update'], 'options')
      issues.throwIfAny()
      return this.insertManyPlan('upsertMany', rows, undefined, parts)
    })
  }

  /**
   * Rows are grouped by the set of columns they give (so defaults apply to the rest); each
   * group is one `INSERT ... SELECT FROM unnest($1::type[], ...)` with one array parameter
   * per column, whatever the number of rows. Several groups run in one transaction.
   */
  private insertManyPlan(method: string, rows: unknown, options: unknown, conflict: Own | undefined): QueryPlan<never> {
    const issues = this.context(method)
    const parts = checkOptions(issues, options, ['returning'], 'options')
    const returning = parts.returning !== false
    if (parts.returning !== undefined && typeof parts.returning !== 'boolean') issues.add('options.returning', 'expected true or false')
    const items = listItems(issues, rows, 'rows', 'an array of rows')
    if (!items) return issues.stop()
    const groups = new Map<string | number, { columns: ColumnMeta[]; indexes: number[]; values: Own[] }>()
    const columns = this.meta.columns
    items.forEach((row, i) => {
      const values = this.checkRowValues(issues, row, `[${i}]`)
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
    const conflicts = [...groups.values()].map((g) => (conflict === undefined ? '' : this.conflictClause(issues, conflict, g.columns)))
    issues.throwIfAny()
    const total = items.length
    const order = [...groups.values()].map((group) => group.indexes)
    const finish = (results: readonly StatementResult[]): never => {
      if (!returning) return results.reduce((n, r) => n + r.count, 0) as never
      const out: unknown[] = new Array(total)
      results.forEach((result, g) => result.rows.forEach((row, j) => (out[order[g]![j]!] = this.meta.decode(row))))
      return out as never
    }
    // Many rows, nothing to return, no conflict handling, every row giving the same columns:
    // COPY is the fastest way in. The rows are validated already and COPY encodes them; the
    // unnest statement is only built if batch() or toSQL() asks for it.
    const only = groups.size === 1 ? [...groups.values()][0]! : undefined
    if (!returning && conflict === undefined && only && total >= copyThreshold(only.columns)) {
      const group = only
      const copy = copyFromPlan(this.meta, group.values, (_issues, row) => row as Record<string, unknown>)
      let statements: Statement[] | undefined
      const unnest = () => {
        const issues = this.context(method)
        const statement = this.unnestInsert(issues, group.columns, group.values, '', false)
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
    const statements = [...groups.values()].map((group, g) => this.unnestInsert(issues, group.columns, group.values, conflicts[g]!, returning))
    issues.throwIfAny()
    return { statements, read: false, atomic: statements.length > 1, finish }
  }

  private unnestInsert(issues: Issues, columns: ColumnMeta[], rows: Own[], conflict: string, returning: boolean): Statement {
    const params = new Params()
    const returningSql = returning ? ` RETURNING ${this.meta.selectAll}` : ''
    if (columns.length === 0) {
      // Every column takes its default: one row per input row.
      const text = `INSERT INTO ${this.meta.quoted} AS t0 SELECT FROM generate_series(1, ${params.add(String(rows.length))}::int4)${conflict}${returningSql}`
      return { text, params: params.values }
    }
    const arrays: string[] = []
    const selects: string[] = []
    columns.forEach((column, i) => {
      const name = `c${i + 1}`
      // Array-typed columns travel as text[] of array literals (unnest would flatten them).
      const elementsAreArrays = column.dimensions > 0
      const bare = !elementsAreArrays && isBareArrayElement(column.type)
      const literal = encodeColumn(rows, column.key, column.encode, bare, (r, error) => issues.add(`[${r}].${column.key}`, error.message))
      arrays.push(params.add(literal) + '::' + (elementsAreArrays ? 'text[]' : column.arrayCast))
      selects.push(elementsAreArrays ? `u.${name}::${column.cast}` : `u.${name}`)
    })
    const names = columns.map((_, i) => `c${i + 1}`).join(', ')
    const text =
      `INSERT INTO ${this.meta.quoted} AS t0 (${columns.map((c) => c.quoted).join(', ')}) ` +
      `SELECT ${selects.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names})${conflict}${returningSql}`
    return { text, params: params.values }
  }

  update(args: unknown): Query<never> {
    return this.query('update', () => {
      const issues = this.context('update')
      if (args === undefined) issues.fail('', 'update needs { where, set }, or { all: true, set } to update every row')
      const parts = checkOptions(issues, args, ['where', 'all', 'set', 'returning'])
      const ctx = newContext(issues)
      const assignments = this.compileSet(issues, parts.set, ctx.params)
      const where = compileWriteFilter(this.meta, 'update', parts, ctx)
      if (parts.returning !== undefined && typeof parts.returning !== 'boolean') issues.add('returning', `expected true or false, got ${describe(parts.returning)}`)
      const returning = parts.returning !== false
      issues.throwIfAny()
      const text = `UPDATE ${this.meta.quoted} AS t0 SET ${assignments}${where}${returning ? ` RETURNING ${this.meta.selectAll}` : ''}`
      return single({ text, params: ctx.params.values }, false, (result) =>
        returning ? (result.rows.map((row) => this.meta.decode(row)) as never) : (result.count as never),
      )
    })
  }

  private compileSet(issues: Issues, given: unknown, params: Params): string {
    const set = ownCopy(issues, given, 'set', 'an object of new values')
    if (!set) return ''
    // The values zod checks: a copy, so that a column not given is not given.
    const plain = emptyOwn()
    const changes: { column: ColumnMeta; op: '+' | '-'; value: unknown }[] = []
    for (const key of Object.keys(set)) {
      const value = set[key]
      const column = this.meta.byKey.get(key)
      if (!column) {
        issues.add(`set.${key}`, this.unknownColumn)
      } else if (value === undefined) {
        issues.add(`set.${key}`, 'is undefined; leave the key out, or use null to clear the column')
      } else if (column.numeric && typeof value === 'object' && value !== null) {
        const change = ownCopy(issues, value, `set.${key}`, 'a value, { increment: n } or { decrement: n }')
        const ops = change ? Object.keys(change) : []
        const op = ops[0]
        if (!change) continue
        if (ops.length !== 1 || (op !== 'increment' && op !== 'decrement')) {
          issues.add(`set.${key}`, 'expected a value, { increment: n } or { decrement: n }')
        } else {
          changes.push({ column, op: op === 'increment' ? '+' : '-', value: change[op] })
        }
      } else {
        plain[key] = value
      }
    }
    if (Object.keys(set).length === 0) issues.add('set', 'is empty; give at least one column to change')
    if (!this.meta.patchSchema.safeParse(plain).success) addSchemaIssues(issues, this.meta.patchSchema, plain, 'set', this.unknownColumn)
    const parts: string[] = []
    for (const column of this.meta.columns) {
      if (Object.hasOwn(plain, column.key)) {
        parts.push(`${column.quoted} = ${params.add(this.encodeValue(issues, column, plain[column.key], `set.${column.key}`))}`)
      }
    }
    for (const { column, op, value } of changes) {
      if (value === null) issues.add(`set.${column.key}`, 'cannot increment or decrement by null')
      const amount = params.add(this.encodeValue(issues, column, value, `set.${column.key}`))
      parts.push(`${column.quoted} = t0.${column.quoted} ${op} ${amount}::${column.cast}`)
    }
    return parts.join(', ')
  }

  /**
   * Rows one at a time through a server-side cursor, `batchSize` at a time: memory stays
   * constant however many rows match. Leaving the loop early closes the cursor.
   */
  stream(args?: unknown): AsyncIterable<never> {
    const { statement, decodeRow, read, batchSize } = this.checked('stream', () => {
      const issues = this.context('stream')
      const parts = checkOptions(issues, args, [...findManyOptions.filter((o) => o !== 'with' && !o.startsWith('lock') && o !== 'skipLocked' && o !== 'noWait'), 'batchSize'], '')
      const batchSize = parts.batchSize === undefined ? 1000 : (checkCount(issues, 'batchSize', parts.batchSize) ?? 1000)
      if (batchSize === 0) issues.add('batchSize', 'must be at least 1')
      return { ...this.compileRead(issues, withOwn(parts, { batchSize: undefined })), batchSize }
    })
    const executor = this.executor
    return {
      async *[Symbol.asyncIterator]() {
        for await (const rows of streamRows(executor, statement, batchSize, read)) {
          for (const row of rows) yield decodeRow(row) as never
        }
      },
    }
  }

  /** `COPY ... FROM STDIN`: validates each row, sends them all, returns how many were copied. */
  copyFrom(rows: unknown): Query<number> {
    return this.query('copyFrom', () => copyFromPlan(this.meta, rows, (issues, row, path) => this.checkRowValues(issues, row, path)))
  }

  /** `COPY (SELECT ...) TO STDOUT`: the matching rows in COPY text format (or CSV), as chunks. */
  copyTo(args?: unknown): AsyncIterable<Buffer> {
    const { statement, read, format } = this.checked('copyTo', () => {
      const issues = this.context('copyTo')
      const parts = checkOptions(issues, args, ['where', 'orderBy', 'limit', 'offset', 'select', 'format', 'primary'], '')
      const format = parts.format ?? 'text'
      if (format !== 'text' && format !== 'csv') issues.add('format', "expected 'text' or 'csv'")
      // The columns come out in the order `select` lists them: they are the export's columns.
      return { ...this.compileRead(issues, withOwn(parts, { format: undefined }), undefined, true), format }
    })
    const executor = this.executor
    return copyToStream(() => executor.lease({ read }), statement, format as CopyFormat)
  }

  load(rows: unknown, relations: unknown): Query<never> {
    return this.query('load', () => loadPlan(this.meta, rows, relations))
  }

  link(relation: unknown, key: unknown, targets: unknown): Query<number> {
    return this.query('link', () => linkPlan(this.meta, relation, key, targets))
  }

  unlink(relation: unknown, key: unknown, targets: unknown): Query<number> {
    return this.query('unlink', () => unlinkPlan(this.meta, relation, key, targets))
  }

  delete(args: unknown): Query<number> {
    return this.query('delete', () => {
      const issues = this.context('delete')
      if (args === undefined) issues.fail('where', 'is required: give a filter that narrows, or delete({ all: true }) to delete every row')
      const parts = checkOptions(issues, args, ['where', 'all'])
      const ctx = newContext(issues)
      const where = compileWriteFilter(this.meta, 'delete', parts, ctx)
      issues.throwIfAny()
      const text = `DELETE FROM ${this.meta.quoted} AS t0${where}`
      return single({ text, params: ctx.params.values }, false, (result) => result.count)
    })
  }
}
