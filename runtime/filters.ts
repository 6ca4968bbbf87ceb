/**
 * Filter operator types used by the generated `...Where` types. Kept generic and shallow:
 * a where type is an interface of `column?: value | Filter<value>` entries.
 */

/** Ordered values: numbers, bigints, numeric strings, dates, text, enums. `N` is `null` for nullable columns. */
export interface ComparableFilter<T, N extends null = never> {
  eq?: T | N
  /** For nullable columns, NULL counts as not equal (IS DISTINCT FROM). */
  ne?: T | N
  gt?: T
  gte?: T
  lt?: T
  lte?: T
  in?: readonly T[]
  notIn?: readonly T[]
  isNull?: boolean
}

/** Values that are only compared for equality (booleans, bytea). */
export interface EqualityFilter<T, N extends null = never> {
  eq?: T | N
  ne?: T | N
  in?: readonly T[]
  notIn?: readonly T[]
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

export interface JsonbFilter<T, N extends null = never> {
  eq?: T | N
  ne?: T | N
  /** JSON containment (`@>`). */
  contains?: unknown
  isNull?: boolean
}

export interface JsonFilter {
  isNull?: boolean
}
