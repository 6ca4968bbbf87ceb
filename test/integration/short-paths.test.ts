/**
 * The short paths of the common writes (TableClientImpl.insertChecked and updateByKey):
 * `update({ where: { <primary key> }, set })` sends the general path's statement, whatever
 * the order of `set`'s keys and values; what the short paths do not take (changes, filters,
 * bad values, hostile objects) the general path compiles or refuses as before; and what
 * they write is what was given.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db, type BookPatch } from '../../generated/index.js'
import { ValidationError } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
let bookId: bigint
let authorId: number

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 2 })
  authorId = (await db.authors.insert({ name: 'Le Guin', email: 'ursula@example.com' })).id
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})
beforeEach(async () => {
  await db.sql`delete from books`
  bookId = (await db.books.insert({ isbn: '1', title: 'The Dispossessed', authorId, price: '15.99' })).id
})

/** The same update through the general path: a filter object is never taken by the short one. */
const general = (set: BookPatch, returning?: false) =>
  returning === false ? db.books.update({ where: { id: { eq: bookId } }, set, returning }) : db.books.update({ where: { id: { eq: bookId } }, set })

describe('update by primary key', () => {
  const shapes: { name: string; sets: [BookPatch, BookPatch]; returning?: false }[] = [
    { name: 'one column', sets: [{ title: 'A' }, { title: 'B' }] },
    { name: 'two columns, in either order', sets: [{ title: 'A', price: '1.50' }, { price: '2.00', title: 'B' }] },
    { name: 'arrays, json, dates and bytes', sets: [{ tags: ['x'], meta: { pages: 1, language: 'en' }, publishedOn: '2000-01-01', cover: new Uint8Array([1]) }, { cover: new Uint8Array([2, 3]), publishedOn: null, meta: null, tags: [] }] },
    { name: 'no rows returned', sets: [{ stock: 1 }, { stock: 2 }], returning: false },
  ]
  for (const shape of shapes) {
    it(`${shape.name}: the general path's statement, with this call's values`, async () => {
      const [first, second] = shape.sets.map((set) => db.books.update({ where: { id: bookId }, set, ...(shape.returning === undefined ? {} : { returning: shape.returning }) }))
      const expected = general(shape.sets[1], shape.returning).toSQL()
      expect(first!.toSQL()[0]!.text).toBe(expected[0]!.text)
      expect(second!.toSQL()).toEqual(expected)
      await first
      const result = await second
      if (shape.returning === false) expect(result).toBe(1)
      else expect(result).toEqual([await db.books.findById(bookId)])
      const row = (await db.books.findById(bookId))!
      for (const [key, value] of Object.entries(shape.sets[1])) expect(row[key as keyof typeof row], key).toEqual(value)
    })
  }

  it('what it does not take goes the general way: changes, more filters, unknown keys, bad values', async () => {
    expect(await db.books.update({ where: { id: bookId }, set: { stock: { increment: 2 } } })).toMatchObject([{ stock: 2 }])
    expect(await db.books.update({ where: { id: bookId, title: 'nope' }, set: { title: 'x' } })).toEqual([])
    for (const bad of [{ title: '' }, { title: 5 }, { price: 'abc' }, { nope: 1 }, { stock: -1 }, { title: undefined }]) {
      const error = await db.books.update({ where: { id: bookId }, set: bad as never }).catch((e: unknown) => e)
      expect(error, JSON.stringify(bad)).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues[0]!.path).toMatch(/^set\./)
    }
    const unknownOption = await db.books.update({ where: { id: bookId }, set: { title: 'x' }, extra: 1 } as never).catch((e: unknown) => e)
    expect(unknownOption).toBeInstanceOf(ValidationError)
    expect((await db.books.findById(bookId))!.title).toBe('The Dispossessed')
  })

  it('hostile arguments: a throwing getter, an inherited `set` or `where`, a key that reads differently each time', async () => {
    const throwing = { where: { id: bookId }, get set(): never { throw new Error('boom') } }
    expect(await db.books.update(throwing as never).catch((e: unknown) => e)).toBeInstanceOf(ValidationError)
    // Outcomes are checked once the prototype is clean again (a polluted `set` breaks Object.defineProperty, which expect uses).
    const proto = Object.prototype as Record<string, unknown>
    const outcomes: unknown[] = []
    try {
      proto.set = { title: 'polluted' }
      outcomes.push(await db.books.update({ where: { id: bookId } } as never).catch((e: unknown) => e))
      delete proto.set
      proto.where = { id: bookId }
      outcomes.push(await db.books.update({ set: { title: 'polluted' } } as never).catch((e: unknown) => e))
    } finally {
      delete proto.set
      delete proto.where
    }
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(ValidationError)
    expect((await db.books.findById(bookId))!.title).toBe('The Dispossessed')
    let reads = 0
    const shifty = { get title() { return reads++ === 0 ? 'valid' : 5 } }
    const query = db.books.update({ where: { id: bookId }, set: shifty as never })
    // Read once: the value checked is the value sent.
    expect(query.toSQL()[0]!.params[0]).toBe('valid')
    await query
    expect((await db.books.findById(bookId))!.title).toBe('valid')
  })

  it('writes what was set, for any set of columns and values (property)', async () => {
    const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0'))
    const patch = fc.record(
      {
        title: text,
        price: fc.integer({ min: 0, max: 99_999 }).map((cents) => (cents / 100).toFixed(2)),
        stock: fc.integer({ min: 0, max: 1000 }),
        tags: fc.array(text, { maxLength: 3 }),
        meta: fc.option(fc.record({ pages: fc.integer({ min: 1, max: 999 }), language: fc.constantFrom('en', 'fr') }), { nil: null }),
        publishedOn: fc.option(fc.constantFrom('1999-12-31', '2024-02-29'), { nil: null }),
      },
      { requiredKeys: [] },
    ).filter((p) => Object.keys(p).length > 0)
    await fc.assert(
      fc.asyncProperty(patch, fc.boolean(), async (set, returning) => {
        const query = returning ? db.books.update({ where: { id: bookId }, set }) : db.books.update({ where: { id: bookId }, set, returning: false })
        expect(query.toSQL()).toEqual(general(set, returning ? undefined : false).toSQL())
        const result: unknown = await query
        expect(returning ? (result as unknown[]).length : result).toBe(1)
        const row = (await db.books.findById(bookId))!
        for (const [key, value] of Object.entries(set)) expect(row[key as keyof typeof row], key).toEqual(value)
      }),
      { numRuns: 60 },
    )
  })
})

describe('insert', () => {
  it('a valid row is written as given; one its encoders refuse is refused with its path, and nothing is written', async () => {
    const row = { isbn: '2', title: 'Earthsea', authorId, price: '8.00', tags: ['a'], meta: { pages: 3, language: 'en' }, cover: new Uint8Array([9]) }
    const inserted = await db.books.insert(row)
    expect(inserted).toMatchObject(row)
    expect(await db.books.findById(inserted.id)).toEqual(inserted)
    // Valid for the schema, refused by the encoders: NUL in text, a lone surrogate, a numeric out of range.
    for (const [field, value] of [['title', 'a\0b'], ['title', 'a\uD800'], ['price', '1e999999']] as const) {
      const error = await db.books.insert({ ...row, isbn: '3', [field]: value }).catch((e: unknown) => e)
      expect(error, `${field}: ${JSON.stringify(value)}`).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([field])
    }
    const throwing = { ...row, isbn: '3', get title(): string { throw new Error('boom') } }
    expect(await db.books.insert(throwing).catch((e: unknown) => e)).toBeInstanceOf(ValidationError)
    expect(await db.books.count({ where: { isbn: '3' } })).toBe(0)
  })
})
