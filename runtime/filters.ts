/**
 * Filter operator types used by the generated `...Where` types. Kept generic and shallow:
 * a where type is an interface of `column?: value | Filter<value>` entries.
 */

import type { Subquery } from './compile/subquery.js'

/** The set of `in` / `notIn`: a list of values, or a subquery of a column of the same type. */
export type ValueSet<T> = readonly T[] | Subquery<T | null>

/** Ordered values: numbers, bigints, numeric strings, dates, text, enums. `N` is `null` for nullable columns. */
export interface ComparableFilter<T, N extends null = never> {
  eq?: T | N
  /** For nullable columns, NULL counts as not equal (IS DISTINCT FROM). */
  ne?: T | N
  gt?: T
  gte?: T
  lt?: T
  lte?: T
  in?: ValueSet<T>
  notIn?: ValueSet<T>
  isNull?: boolean
}

/** Values that are only compared for equality (booleans, bytea). */
export interface EqualityFilter<T, N extends null = never> {
  eq?: T | N
  ne?: T | N
  in?: ValueSet<T>
  notIn?: ValueSet<T>
  isNull?: boolean
}

export interface TextFilter<T extends string = string, N extends null = never> extends ComparableFilter<T, N> {
  /** SQL LIKE pattern (`%` and `_` are wildcards). */
  like?: string
  /** Case-insensitive LIKE. */
  ilike?: string
  /** Literal prefix (wildcards in it are matched literally). */
  startsWith?: string
  endsWith?: string
  contains?: string
  /**
   * Full-text search in websearch syntax (`'left hand -darkness "exact phrase"'`), with the
   * text search configuration `'simple'` unless one is given.
   */
  search?: string | { query: string; config?: string }
}

export interface ArrayFilter<E, N extends null = never> {
  eq?: readonly E[] | N
  ne?: readonly E[] | N
  /** Contains this element. */
  has?: E
  /** Contains every one of these elements. */
  hasAll?: readonly E[]
  /** Contains at least one of these elements. */
  hasAny?: readonly E[]
  isEmpty?: boolean
  isNull?: boolean
}

export type JsonbFilter<T, N extends null = never> =
  | {
      eq?: T | N
      ne?: T | N
      /** JSON containment (`@>`). */
      contains?: unknown
      isNull?: boolean
      /** Has this top-level key (jsonb `?`). */
      hasKey?: string
      path?: never
    }
  | JsonPathFilter<T>

export type JsonFilter<T = unknown> = { isNull?: boolean; path?: never } | JsonPathFilter<T>

/** How deep paths into a declared JSON type are typed. */
type PathDepth = [never, 0, 1, 2, 3]

/** The paths into `T` (tuples of keys and array positions), up to four levels deep. */
export type JsonPath<T, D extends number = 4> = [D] extends [never]
  ? never
  : T extends readonly (infer E)[]
    ? [number] | [number, ...JsonPath<E, PathDepth[D]>]
    : T extends object
      ? { [K in keyof T & string]-?: [K] | [K, ...JsonPath<NonNullable<T[K]>, PathDepth[D]>] }[keyof T & string]
      : never

/** The value at path `P` inside `T` (null when a key on the way may be missing). */
export type JsonAt<T, P> = P extends readonly [infer K, ...infer Rest]
  ? JsonAt<
      K extends number ? (NonNullable<T> extends readonly (infer E)[] ? E : never) : K extends keyof NonNullable<T> ? NonNullable<T>[K] | (undefined extends NonNullable<T>[K] ? null : never) : never,
      Rest
    >
  : Exclude<T, undefined>

/** Operators on the value at a path. Values are compared as JSON: a number never equals a string. */
export interface JsonPathOperators<V> {
  equals?: V | null
  ne?: V | null
  gt?: V & (number | string)
  gte?: V & (number | string)
  lt?: V & (number | string)
  lte?: V & (number | string)
  in?: readonly NonNullable<V>[]
  /** JSON containment at the path: an array holds these elements, an object these keys and values. */
  contains?: NonNullable<V> extends readonly (infer E)[] ? readonly E[] | E : NonNullable<V> extends object ? Partial<NonNullable<V>> : never
  /** The path is missing, or holds JSON null. */
  isNull?: boolean
  /** The object at the path has this key. */
  hasKey?: NonNullable<V> extends object ? string : never
}

/**
 * `{ path: ['awards', 0], equals: 'hugo' }`: a filter on the value at a path, typed from the
 * column's declared type; any path when the column declares none.
 */
export type JsonPathFilter<T> = unknown extends T
  ? { path: readonly (string | number)[] } & JsonPathOperators<unknown>
  : JsonPath<NonNullable<T>> extends infer P
    ? P extends readonly unknown[]
      ? { path: P } & JsonPathOperators<JsonAt<NonNullable<T>, P>>
      : never
    : never

/** The paths of object keys only (what a jsonb `{ path, value }` change can set). */
type KeyPath<P> = P extends readonly string[] ? P : never

/**
 * A change of a jsonb value in `update({ set })`: `{ merge }` replaces or adds top-level keys
 * (`||`); `{ path, value }` sets one key, creating the objects on the way.
 */
export type JsonbChange<T> = { merge: unknown extends T ? Record<string, unknown> : Partial<NonNullable<T>> } | JsonbPathChange<T>

type JsonbPathChange<T> = unknown extends T
  ? { path: readonly string[]; value: unknown }
  : KeyPath<JsonPath<NonNullable<T>>> extends infer P
    ? P extends readonly string[]
      ? { path: P; value: JsonAt<NonNullable<T>, P> }
      : never
    : never

/** A change of an array column in `update({ set })`: append elements, or remove every element equal to one. */
export type ArrayChange<E> = { append: E | readonly E[] } | { remove: E }
