/**
 * The SQL tests build calls on the generated clients and read what they compile to with
 * `query.toSQL()`: no PostgreSQL is needed. The clients point at a port nothing listens
 * on, and no query is ever awaited, so no connection is made (`expectNothingSent` checks
 * it after each file).
 */
import { expect } from 'vitest'
import { ValidationError, type Query, type Statement } from 'dbridge'
import { createDb } from '../../generated/index.js'
import { createDb as createRelationsDb } from '../fixtures/relations/generated/index.js'
import { createDb as createAllTypesDb } from '../fixtures/all-types/generated/index.js'
import { createDb as createHostileDb } from '../fixtures/hostile/generated/index.js'

/** Where no server listens: a query that was sent would fail, not pass by accident. */
export const nowhere = 'postgres://nobody@127.0.0.1:1/none'

/** The example client (`examples/schema`): books, authors, genres, orders, ... */
export const db = createDb({ url: nowhere })
/** Relations of every kind: self-reference, composite keys, many-to-many, two relations to one table. */
export const rel = createRelationsDb({ url: nowhere })
/** One column of every type (`samples`), defaults of every kind (`defaults`). */
export const all = createAllTypesDb({ url: nowhere })
/** Reserved words and quotes as names (`user`, `order`, `select`, `__proto__`). */
export const hostile = createHostileDb({ url: nowhere })

/** A statement as the tests write it: the text may be given in pieces, joined with single spaces. */
export interface ExpectedStatement {
  readonly text: string | readonly string[]
  readonly params: readonly (string | null)[]
}

function joined(expected: ExpectedStatement): Statement {
  return { text: typeof expected.text === 'string' ? expected.text : expected.text.join(' '), params: expected.params }
}

/** Asserts the statements of a query: exactly these, with their full text and every parameter. */
export function expectSql(query: Query<unknown>, ...expected: ExpectedStatement[]): void {
  expect(query.toSQL()).toEqual(expected.map(joined))
}

/** The issues of the ValidationError that `toSQL()` throws (fails when it throws nothing or something else). */
export function issuesOf(query: Query<unknown>): { path: string; message: string }[] {
  let thrown: unknown
  try {
    query.toSQL()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(ValidationError)
  return [...(thrown as ValidationError).issues]
}

/** After a file: no client sent a statement or opened a connection. */
export function expectNothingSent(): void {
  for (const client of [db, rel, all, hostile]) {
    const metrics = client.metrics()
    expect(metrics.queries).toBe(0)
    expect(metrics.pool.total).toBe(0)
  }
}

/** `t0."id", t0."isbn", ...`: every column of `books`, in declaration order. */
export const bookColumns =
  't0."id", t0."isbn", t0."title", t0."author_id", t0."price", t0."stock", t0."tags", t0."meta", t0."published_on", t0."cover", t0."created_at"'

/** Every column of `samples` (all-types fixture), in declaration order. */
export const sampleColumns = [
  't0."id", t0."small", t0."int", t0."big", t0."real", t0."double", t0."exact", t0."any_numeric", t0."flag",',
  't0."text", t0."code", t0."fixed", t0."uid", t0."day", t0."clock", t0."stamp", t0."stamp_tz", t0."span",',
  't0."doc", t0."docb", t0."bytes", t0."address", t0."ci", t0."mood", t0."ints", t0."bigs", t0."numerics",',
  't0."doubles", t0."flags", t0."texts", t0."days", t0."stamps", t0."uids", t0."blobs", t0."docs", t0."moods", t0."matrix"',
].join(' ')
