/**
 * The public types of table clients. Generated code gives each table a concrete client type
 * (`BooksClient`) by filling in `TableTypes`; the implementation is one class for every
 * table (table-client.ts), driven by the table's metadata.
 */
import type { Query } from '../query.js'
import type { Subquery } from '../compile/subquery.js'
import type { ComparableFilter } from '../filters.js'

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

/**
 * What generated code adds for aggregates (optional, so that clients generated before
 * stay valid): per number column the types of its sum() and avg(), and the columns that
 * have min() and max().
 */
export interface AggregateTypes {
  sums: object
  ranged: string
}

type SumsOf<T> = T extends { sums: infer S extends object } ? S : {}
type RangedOf<T> = T extends { ranged: infer R extends string } ? R : never

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
        orderBy?: OrderBy<U> | readonly OrderBy<U>[]
        limit?: number
        offset?: number
        select?: readonly U['column'][]
        with?: With<U>
      }
    : R extends OneRelation<infer U extends AnyTypes, boolean>
      ? { where?: U['where']; select?: readonly U['column'][]; with?: With<U> }
      : never

/** `with`: per relation, `true` or its options; `_count`: the number of rows of to-many relations. */
export type With<T extends TableTypes> = { [K in keyof T['relations']]?: true | RelationOptions<T['relations'][K]> } & { _count?: CountSpec<T> }

/** `_count` of `with`: per to-many relation, `true` or `{ where }`. */
export type CountSpec<T extends TableTypes> = {
  [K in keyof T['relations'] as T['relations'][K] extends ManyRelation<AnyTypes> ? K : never]?: true | { where?: RelationTarget<T['relations'][K]>['where'] }
}

/**
 * `W` (an inferred `with`) checked key by key: a key that is not a relation (or, in
 * `_count`, not a to-many relation) becomes `never`, at any depth. Inferred arguments escape
 * excess property checks, so `{ books: true, nope: true }` would pass otherwise.
 */
export type StrictWith<T extends TableTypes, W> = {
  [K in keyof W]: K extends '_count'
    ? { [C in keyof W[K]]: C extends keyof CountSpec<T> ? W[K][C] : never }
    : K extends keyof T['relations']
      ? W[K] extends { with: infer N } ? { with: StrictWith<RelationTarget<T['relations'][K]>, N> } : unknown
      : never
}

type RelationTarget<R> = R extends ManyRelation<infer U extends AnyTypes> ? U : R extends OneRelation<infer U extends AnyTypes, boolean> ? U : never

type SelectOf<U extends TableTypes, A> = A extends { select: readonly (infer C)[] } ? C : U['column']
type WithOf<A> = A extends { with: infer W } ? W : {}

/** The value a relation loads, given its options `A`. */
export type RelationResult<R, A> =
  R extends ManyRelation<infer U extends AnyTypes>
    ? Loaded<U, SelectOf<U, A>, WithOf<A>>[]
    : R extends OneRelation<infer U extends AnyTypes, infer N>
      ? Loaded<U, SelectOf<U, A>, WithOf<A>> | (N extends true ? null : A extends { where: object } ? null : never)
      : never

/** The relations `W` adds to a row (and `_count`, when asked for). */
export type WithResult<T extends TableTypes, W> = {
  -readonly [K in keyof W & keyof T['relations']]: RelationResult<T['relations'][K], W[K]>
} & (W extends { _count: infer C } ? { _count: { -readonly [K in keyof C]: number } } : {})

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

/** A direction, or a direction with where nulls go (PostgreSQL's default: last ascending, first descending). */
export type SortDirection = 'asc' | 'desc' | { dir: 'asc' | 'desc'; nulls?: 'first' | 'last' }

/**
 * An ordering: by the table's columns (the generated `...OrderBy`), by a column of a
 * to-one relation (`{ author: { name: 'asc' } }`), or by the number of rows of a to-many
 * relation (`{ reviews: { _count: 'desc' } }`).
 */
export type OrderBy<T extends TableTypes> =
  | T['orderBy']
  | {
      [K in keyof T['relations']]?: T['relations'][K] extends OneRelation<infer U extends AnyTypes, boolean>
        ? U['orderBy']
        : { _count: SortDirection }
    }
export type LockMode = 'forUpdate' | 'forNoKeyUpdate' | 'forShare' | 'forKeyShare'

/** The row type narrowed to the selected columns (the whole row when nothing was selected). */
export type Selected<T extends TableTypes, S> = [T['column']] extends [S] ? T['row'] : Pick<T['row'], S & keyof T['row']>

export interface FindManyArgs<T extends TableTypes, S extends T['column'] = T['column'], W extends With<T> = {}> {
  where?: T['where']
  /** Related rows to load in the same statement, at any depth. */
  with?: W & StrictWith<T, W>
  orderBy?: OrderBy<T> | readonly OrderBy<T>[]
  limit?: number
  offset?: number
  /** Only these columns; the result type narrows to them. */
  select?: readonly S[]
  /** `SELECT DISTINCT` of the selected columns. */
  distinct?: boolean
  /** The first row (in orderBy order, which must start with these columns) of each group of equal values. */
  distinctOn?: readonly T['column'][]
  /**
   * Keyset pagination: the rows after (before) the row with these orderBy values. orderBy
   * must include a unique key; give every orderBy column's value (those of the last row seen).
   */
  after?: Partial<T['row']>
  before?: Partial<T['row']>
  lock?: LockMode
  skipLocked?: boolean
  noWait?: boolean
  /** Read from the primary even when there are replicas. */
  primary?: boolean
}

export interface StreamArgs<T extends TableTypes, S extends T['column'] = T['column']> {
  where?: T['where']
  orderBy?: OrderBy<T> | readonly OrderBy<T>[]
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
  orderBy?: OrderBy<T> | readonly OrderBy<T>[]
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
  with?: W & StrictWith<T, W>
  primary?: boolean
  lock?: LockMode
  skipLocked?: boolean
  noWait?: boolean
}

export interface SubqueryOptions<T extends TableTypes> {
  where?: T['where']
  orderBy?: OrderBy<T> | readonly OrderBy<T>[]
  limit?: number
  offset?: number
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

/** The aggregates to compute: `_count: true` (rows) or per column (non-null values); sums, averages, minimums, maximums per column. */
export interface AggregateSpec<T extends TableTypes> {
  _count?: true | { [K in T['column']]?: true }
  _sum?: { [K in keyof SumsOf<T>]?: true }
  _avg?: { [K in keyof SumsOf<T>]?: true }
  _min?: { [K in RangedOf<T>]?: true }
  _max?: { [K in RangedOf<T>]?: true }
}

export interface AggregateArgs<T extends TableTypes> extends AggregateSpec<T> {
  where?: T['where']
  primary?: boolean
}

type SumOf<T, K> = K extends keyof SumsOf<T> ? (SumsOf<T>[K] extends { sum: infer V } ? V : never) : never
type AvgOf<T, K> = K extends keyof SumsOf<T> ? (SumsOf<T>[K] extends { avg: infer V } ? V : never) : never
type RowValue<T extends TableTypes, K> = K extends keyof T['row'] ? NonNullable<T['row'][K]> : never

/**
 * What an aggregate gives, as PostgreSQL gives it: a count is a number (0 over no rows);
 * a sum of int2/int4 a bigint, of int8 or numeric a string; an average of integers or
 * numeric a string, of floats a number; min and max the column's type; all null over no rows.
 */
export type AggregateResult<T extends TableTypes, A> = (A extends { _count: infer C }
  ? { _count: C extends true ? number : { -readonly [K in keyof C]: number } }
  : {}) &
  (A extends { _sum: infer C } ? { _sum: { -readonly [K in keyof C]: SumOf<T, K> | null } } : {}) &
  (A extends { _avg: infer C } ? { _avg: { -readonly [K in keyof C]: AvgOf<T, K> | null } } : {}) &
  (A extends { _min: infer C } ? { _min: { -readonly [K in keyof C]: RowValue<T, K> | null } } : {}) &
  (A extends { _max: infer C } ? { _max: { -readonly [K in keyof C]: RowValue<T, K> | null } } : {})

/** `A` with every key that `Known` lacks turned into `never`, so that a misspelt or wrong column is a compile error. */
type OnlyKnown<A, Known> = { [K in keyof A]: K extends keyof Known ? A[K] : never }

/**
 * The aggregates `A` asks for, checked key by key (an inferred argument escapes excess
 * property checks, so `{ _sum: { stock: true, title: true } }` would pass otherwise).
 */
export type StrictAggregates<T extends TableTypes, A, Options> = {
  [K in keyof A]: K extends '_sum' | '_avg'
    ? OnlyKnown<A[K], SumsOf<T>>
    : K extends '_min' | '_max'
      ? OnlyKnown<A[K], Record<RangedOf<T>, true>>
      : K extends '_count'
        ? A[K] extends true
          ? true
          : OnlyKnown<A[K], Record<T['column'], true>>
        : K extends keyof Options
          ? A[K]
          : never
}

/** A filter on a computed number: a value (equality) or comparisons. */
type NumberFilter<V> = V | ComparableFilter<V>

/** HAVING: filters on grouped columns and on aggregates. */
export type Having<T extends TableTypes, B extends T['column']> = {
  [K in B]?: K extends keyof T['where'] ? T['where'][K] : never
} & {
  _count?: NumberFilter<number> | { [K in T['column']]?: NumberFilter<number> }
  _sum?: { [K in keyof SumsOf<T>]?: NumberFilter<SumOf<T, K>> }
  _avg?: { [K in keyof SumsOf<T>]?: NumberFilter<AvgOf<T, K>> }
  _min?: { [K in RangedOf<T>]?: NumberFilter<RowValue<T, K>> }
  _max?: { [K in RangedOf<T>]?: NumberFilter<RowValue<T, K>> }
}

/** ORDER BY of groups: grouped columns and aggregates. */
export type GroupOrderBy<T extends TableTypes, B extends T['column']> =
  | { [K in B]?: SortDirection }
  | { _count: SortDirection }
  | { _sum: { [K in keyof SumsOf<T>]?: SortDirection } }
  | { _avg: { [K in keyof SumsOf<T>]?: SortDirection } }
  | { _min: { [K in RangedOf<T>]?: SortDirection } }
  | { _max: { [K in RangedOf<T>]?: SortDirection } }

export interface GroupByArgs<T extends TableTypes, B extends T['column']> extends AggregateSpec<T> {
  by: readonly B[]
  where?: T['where']
  having?: Having<T, B>
  orderBy?: GroupOrderBy<T, B> | readonly GroupOrderBy<T, B>[]
  limit?: number
  offset?: number
  primary?: boolean
}

/** One group: its `by` columns and its aggregates. */
export type GroupResult<T extends TableTypes, B extends T['column'], A> = Pick<T['row'], B & keyof T['row']> & AggregateResult<T, A>

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
  /** count, sum, avg, min and max over the rows `where` selects, in one statement. */
  aggregate<const A extends AggregateArgs<T>>(args: A & StrictAggregates<T, A, AggregateArgs<T>>): Query<AggregateResult<T, A>>
  /** The aggregates per group of `by` columns, with `having`, `orderBy` and paging. */
  groupBy<B extends T['column'], const A extends GroupByArgs<T, B>>(args: A & GroupByArgs<T, B> & StrictAggregates<T, A, GroupByArgs<T, B>>): Query<GroupResult<T, B, A>[]>
  /** A column of this table's rows, as the set of another call's `in` / `notIn` (it runs inside that call's statement). */
  subquery<C extends T['column']>(column: C, options?: SubqueryOptions<T>): Subquery<C extends keyof T['row'] ? T['row'][C] : never>
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
  load<R extends object, const W extends With<T>>(rows: readonly R[], relations: W & StrictWith<T, W>): Query<(R & WithResult<T, W>)[]>
  /** Adds many-to-many links (those that exist are kept); returns how many were added. */
  link<K extends ManyToManyName<T>>(relation: K, key: T['key'], targets: readonly TargetKey<T, K>[]): Query<number>
  /** Removes many-to-many links; returns how many were removed. */
  unlink<K extends ManyToManyName<T>>(relation: K, key: T['key'], targets: readonly TargetKey<T, K>[]): Query<number>
}
