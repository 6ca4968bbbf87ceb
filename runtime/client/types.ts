/**
 * The public types of table clients. Generated code gives each table a concrete client type
 * (`BooksClient`) by filling in `TableTypes`; the implementation is one class for every
 * table (table-client.ts), driven by the table's metadata.
 */
import type { Query } from '../query.js'

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
