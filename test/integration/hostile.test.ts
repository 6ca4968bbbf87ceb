/**
 * Hostile and bad input: every malformed call is a clear ValidationError before anything is
 * sent, and hostile names from schema files generate code that compiles and runs safely
 * (fixture: test/fixtures/hostile, type-checked with the project).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createDb as createHostileDb, type Db as HostileDb, weirdValues } from '../fixtures/hostile/generated/index.js'
import { ValidationError } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
let sent = 0

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 2, onQuery: () => void sent++ })
  await db.authors.insert({ name: 'A', email: 'a@example.com' })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})
beforeEach(() => {
  sent = 0
})

class NotPlain {
  eq = 'x'
}

const bad: [string, () => PromiseLike<unknown>, RegExp][] = [
  ['unknown where column', () => db.authors.findMany({ where: { nmae: 'x' } as never }), /where\.nmae: unknown column of authors/],
  ['unknown operator', () => db.authors.findMany({ where: { name: { equals: 'x' } } as never }), /where\.name\.equals: unknown operator/],
  ['operator not allowed for the type', () => db.authors.findMany({ where: { id: { like: '1%' } } as never }), /where\.id\.like: unknown operator for this column/],
  ['undefined filter value', () => db.authors.delete({ where: { id: undefined } }), /where\.id: is undefined/],
  ['undefined operator value', () => db.authors.delete({ where: { id: { eq: undefined } } }), /where\.id\.eq: is undefined/],
  ['undefined deep inside OR', () => db.authors.delete({ where: { OR: [{ name: 'x' }, { email: undefined }] } }), /where\.OR\[1\]\.email: is undefined/],
  ['undefined combinator', () => db.authors.delete({ where: { AND: undefined } }), /where\.AND: is undefined/],
  ['where: undefined on delete', () => db.authors.delete({ where: undefined as never }), /where: is required/],
  ['operator object that is not plain', () => db.authors.findMany({ where: { name: new NotPlain() as never } }), /where\.name: expected a value or an operator object, got an instance of NotPlain$/],
  ['a Map as operators', () => db.authors.findMany({ where: { name: new Map([['eq', 'x']]) as never } }), /where\.name: expected a value or an operator object, got an instance of Map$/],
  ['wrong value type', () => db.authors.findMany({ where: { id: '1 OR 1=1' as never } }), /where\.id: expected an integer, got a string$/],
  ['in with a non-array', () => db.authors.findMany({ where: { id: { in: 5 as never } } }), /where\.id\.in: expected an array/],
  ['in with undefined inside', () => db.authors.findMany({ where: { id: { in: [1, undefined as never] } } }), /where\.id\.in\[1\]: is undefined/],
  ['negative limit', () => db.authors.findMany({ limit: -1 }), /limit: must be a non-negative integer/],
  ['fractional offset', () => db.authors.findMany({ offset: 1.5 }), /offset: must be a non-negative integer/],
  ['limit as a string', () => db.authors.findMany({ limit: '10' as never }), /limit: must be a non-negative integer/],
  ['bad order direction', () => db.authors.findMany({ orderBy: [{ name: 'up' as never }] }), /orderBy\[0\]\.name: expected 'asc', 'desc' or \{ dir/],
  ['SQL as order direction', () => db.authors.findMany({ orderBy: { name: 'asc; drop table authors' as never } }), /orderBy\.name: expected 'asc', 'desc' or \{ dir/],
  ['unknown order column', () => db.authors.findMany({ orderBy: { nope: 'asc' } as never }), /orderBy\.nope: unknown column/],
  ['unknown select column', () => db.authors.findMany({ select: ['id', 'password'] as never }), /select\[1\]: unknown column of authors; expected one of id, name, bio, email, status, website, createdAt$/],
  ['empty select', () => db.authors.findMany({ select: [] }), /select: is empty/],
  ['unknown set column', () => db.authors.update({ where: { id: 1 }, set: { nmae: 'x' } as never }), /set\.nmae: unknown column/],
  ['undefined set value', () => db.authors.update({ where: { id: 1 }, set: { name: undefined } }), /set\.name: is undefined/],
  ['empty set', () => db.authors.update({ where: { id: 1 }, set: {} }), /set: is empty/],
  ['bad increment', () => db.books.update({ where: { id: 1n }, set: { stock: { add: 1 } as never } }), /set\.stock: expected a value, \{ increment: n \} or \{ decrement: n \}/],
  ['unknown option', () => db.authors.findMany({ wehre: { id: 1 } } as never), /wehre: unknown option/],
  ['row that is not an object', () => db.authors.insert('x' as never), /expected a plain object/],
  ['insert of an unknown column', () => db.authors.insert({ name: 'x', email: 'x@example.com', admin: true } as never), / - admin: unknown column of authors; expected one of id, name/],
  ['NUL in text', () => db.authors.insert({ name: 'a\0b', email: 'n@example.com' }), /NUL/],
  ['findById without a key', () => db.authors.findById(undefined as never), /key: is undefined/],
  ['composite key with an extra field', () => db.editions.findById({ bookId: 1n, number: 1, printedOn: 'x' } as never), /key\.printedOn: is not part of the primary key/],
]

describe('bad input is rejected before anything is sent', () => {
  for (const [name, call, message] of bad) {
    it(name, async () => {
      const error = await Promise.resolve(call()).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as Error).message).toMatch(message)
      expect(sent).toBe(0)
      expect(await db.authors.count()).toBe(1)
    })
  }

  it('every problem is listed at once', async () => {
    const error = (await db.authors
      .findMany({ where: { nope: 1, id: undefined, name: { like: 3 } } as never, limit: -1, orderBy: { id: 'sideways' as never } })
      .catch((e: unknown) => e)) as ValidationError
    expect(error.issues.map((i) => i.path)).toEqual(['where.nope', 'where.id', 'where.name.like', 'orderBy.id', 'limit'])
  })
})

describe('hostile names in schema files', () => {
  let hostile: TestDatabase
  let hdb: HostileDb

  beforeAll(async () => {
    hostile = await createTestDatabase(readSchemaSql('../fixtures/hostile/generated/schema.sql'))
    hdb = createHostileDb({ url: hostile.url })
  })
  afterAll(async () => {
    await hdb?.close()
    await hostile?.drop()
  })

  it('reserved words and odd enum values work, and nothing in them executes', async () => {
    const user = await hdb.user.insert({ select: 'a', from: 1 })
    expect(user).toMatchObject({ select: 'a', from: 1, default: "'; DROP TABLE \"user\"; --", class: '${globalThis.process.exit(7)}', values: ['*/ throw 1 /*', "it's"] })
    for (const value of weirdValues) {
      const [row] = await hdb.user.update({ where: { id: user.id }, set: { class: value, values: [value, value] } })
      expect(row!.class).toBe(value)
      expect(row!.values).toEqual([value, value])
      expect(await hdb.user.count({ where: { class: value, values: { has: value } } })).toBe(1)
    }
    await hdb.order.insert({ userId: user.id, group: 'g' })
    expect(await hdb.order.count({ where: { group: 'g' } })).toBe(1)
    const renamed = await hdb.user.update({ where: { id: user.id }, set: { constructorName: 'c', protoKey: 'p' } })
    expect(renamed[0]).toMatchObject({ constructorName: 'c', protoKey: 'p' })
    const [raw] = await hdb.sql`select "constructor", "__proto__" from "user"`
    expect(Object.keys(raw!)).toEqual(['constructor', '__proto__'])
    expect(Object.getPrototypeOf(raw)).toBe(Object.prototype)
  })
})
