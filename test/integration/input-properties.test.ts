/**
 * Property tests of the input side against a real PostgreSQL (the example client): random
 * `where` objects, well formed and not (random keys, `__proto__`, `constructor`, operator
 * names, nested AND/OR/NOT and relation filters, values of every type, odd and huge ones),
 * given to findMany, count, update and delete only ever give rows or a ValidationError, and
 * every statement they compile sends each value as a `$n` parameter, never in its text.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { ValidationError, type Statement } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 2 })
  const author = await db.authors.insert({ name: 'Le Guin', email: 'ursula@example.com' })
  const [first] = await db.books.insertMany([
    { isbn: '1', title: 'The Dispossessed', authorId: author.id, price: '15.99', tags: ['sf', 'classic'], meta: { pages: 387, language: 'en' }, publishedOn: '1974-05-01' },
    { isbn: '2', title: 'Earthsea', authorId: author.id, price: '8.00', cover: new Uint8Array([1, 2, 3]) },
  ])
  const genre = await db.genres.insert({ name: 'sf' })
  await db.books.link('genres', first!.id, [genre.id])
  await db.editions.insert({ bookId: first!.id, number: 1, printedOn: '1974-05-01' })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

// Every value the generators make carries a mark, so that a value written into a
// statement's text would show: strings hold STRING_MARK, numbers and bigints the digits
// NUMBER_MARK, dates the year YEAR_MARK.
const STRING_MARK = 'Ω'
const NUMBER_MARK = '73917'
const YEAR_MARK = 2739

const columns = ['id', 'isbn', 'title', 'authorId', 'price', 'stock', 'tags', 'meta', 'publishedOn', 'cover', 'createdAt']
const relations = ['author', 'editions', 'genres', 'orderItems', 'reviews']
const operators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isNull', 'like', 'ilike', 'startsWith', 'endsWith', 'contains', 'has', 'hasAll', 'hasAny', 'isEmpty', 'is', 'isNot', 'some', 'none', 'every', 'path', 'equals']
const prototypeKeys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...columns, ...relations) },
  { weight: 3, arbitrary: fc.constantFrom('AND', 'OR', 'NOT') },
  { weight: 1, arbitrary: fc.constantFrom(...operators, ...prototypeKeys) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).filter((s) => !s.includes(NUMBER_MARK)) },
)

const markedNumber = fc.oneof(
  fc.integer({ min: 0, max: 99 }).map((n) => Number(NUMBER_MARK + n)),
  fc.constantFrom(Number(NUMBER_MARK) + 0.5, Number(NUMBER_MARK) * 1e30, -Number(NUMBER_MARK), Number(NUMBER_MARK + '000000')),
)
const oddNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.MAX_SAFE_INTEGER + 2)
const markedBigint = fc.constantFrom(BigInt(NUMBER_MARK), -BigInt(NUMBER_MARK), BigInt(NUMBER_MARK) * 10n ** 20n)
const markedString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }).map((s) => STRING_MARK + s),
  fc.constantFrom(`${STRING_MARK}\uD800`, `${STRING_MARK}\u0000`, `${STRING_MARK}%_\\`, `${STRING_MARK}\\`, `${STRING_MARK}'; drop table books; --`),
  // Numeric text, a date, a UUID-like string and a long one, all marked.
  fc.constantFrom(`${NUMBER_MARK}.25`, `${NUMBER_MARK}e99999`, `-${NUMBER_MARK}`, ` ${NUMBER_MARK} `, 'NaN'),
  fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([m, d]) => `${YEAR_MARK}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.constant(STRING_MARK.repeat(10_000)),
)
const markedDate = fc.oneof(
  fc.integer({ min: 0, max: 364 }).map((day) => new Date(Date.UTC(YEAR_MARK, 0, 1 + day))),
  fc.constantFrom(new Date(Number.NaN), new Date(-8e15), new Date(8.64e15)),
)
const leaf = fc.oneof(
  markedString,
  markedNumber,
  oddNumber,
  markedBigint,
  markedDate,
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.constant(new Uint8Array([7, 3, 9, 1, 7])),
  fc.constantFrom(Symbol('x'), () => 1, new Map(), Object.create({ inherited: 1 }) as object),
)

const { where } = fc.letrec<{ where: Record<string, unknown>; value: unknown; operators: Record<string, unknown> }>((tie) => ({
  where: fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  value: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'where' },
    { weight: 4, arbitrary: leaf },
    { weight: 2, arbitrary: tie('operators') },
    { weight: 2, arbitrary: tie('where') },
    { weight: 1, arbitrary: fc.array(fc.oneof(leaf, tie('where')), { maxLength: 3 }) },
  ),
  operators: fc.dictionary(fc.constantFrom(...operators), fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), tie('where')), { minKeys: 1, maxKeys: 2 }),
}))

// Well-formed filters too, column by column, so that many runs reach the database; their
// values have the column's type, and now and then one PostgreSQL would refuse (a day that
// does not exist, a number out of range, a LIKE pattern ending in its escape character).
const text = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 6 }).map((t) => STRING_MARK + t) },
  { weight: 1, arbitrary: fc.constantFrom(`${STRING_MARK}\\\\`, `${STRING_MARK}\\`, `%\\`, `${STRING_MARK}\u0000`, `${STRING_MARK}\uDFFF`) },
)
const day = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${YEAR_MARK}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([m, d]) => `${YEAR_MARK}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom(`${YEAR_MARK}-02-29`, '0000-01-01', `${YEAR_MARK}000-01-01`, `4715-01-01 BC`, `${YEAR_MARK}-01-01 BC`, 'infinity') },
)
const markedInt = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 99 }).map((n) => Number(NUMBER_MARK + n)) },
  { weight: 1, arbitrary: fc.constantFrom(Number(NUMBER_MARK + '00000'), Number(NUMBER_MARK) + 0.5, -Number(NUMBER_MARK + '00000')) },
)
const wellFormedColumnFilter = fc.oneof(
  fc.record({ id: fc.oneof(markedBigint.filter((b) => b < 2n ** 63n && b > -(2n ** 63n)), fc.record({ in: fc.array(fc.constant(BigInt(NUMBER_MARK)), { maxLength: 3 }) })) }),
  fc.record({ title: fc.oneof(text, fc.record({ contains: text }), fc.record({ ilike: text }), fc.record({ notIn: fc.array(text, { maxLength: 2 }) })) }),
  fc.record({ isbn: fc.oneof(text, fc.record({ startsWith: text, ne: text })) }),
  fc.record({ authorId: fc.oneof(markedInt, fc.record({ gte: markedInt })) }),
  fc.record({ price: fc.oneof(fc.constantFrom(`${NUMBER_MARK}.25`, `${NUMBER_MARK}e200000`, `0.${NUMBER_MARK}e-16380`), fc.record({ lt: fc.constant(`${NUMBER_MARK}.5`) })) }),
  fc.record({ stock: fc.record({ gt: markedInt, lte: markedInt }, { requiredKeys: [] }) }),
  fc.record({ tags: fc.oneof(fc.record({ has: text }), fc.record({ hasAny: fc.array(text, { maxLength: 2 }) }), fc.record({ isEmpty: fc.boolean() }), fc.array(text, { maxLength: 2 })) }),
  fc.record({ meta: fc.oneof(fc.record({ contains: fc.record({ language: text }) }), fc.record({ isNull: fc.boolean() }), fc.constant(null)) }),
  fc.record({ publishedOn: fc.oneof(day, fc.constant(null), fc.record({ gt: day })) }),
  fc.record({ cover: fc.oneof(fc.constant(new Uint8Array([7, 3, 9, 1, 7])), fc.constant(null)) }),
  fc.record({ createdAt: fc.record({ lt: markedDate }) }),
  fc.record({ title: fc.record({ like: text }) }),
  fc.record({ author: fc.record({ is: fc.record({ name: text }, { requiredKeys: [] }) }) }),
  fc.record({ genres: fc.record({ some: fc.record({ name: text }, { requiredKeys: [] }), none: fc.constant({}) }, { requiredKeys: [] }) }),
  fc.record({ editions: fc.record({ every: fc.record({ number: markedInt }) }) }),
)
const { wellFormed } = fc.letrec<{ wellFormed: unknown }>((tie) => ({
  wellFormed: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'wellFormed' },
    { weight: 3, arbitrary: wellFormedColumnFilter },
    { weight: 1, arbitrary: fc.record({ AND: fc.array(tie('wellFormed'), { minLength: 1, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ OR: fc.array(tie('wellFormed'), { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ NOT: tie('wellFormed') }) },
  ),
}))
const anyWhere = fc.oneof(where, wellFormed)

/** Values are parameters: no mark in the text, no string literal, and every `$n` matches a parameter. */
function expectParameterized(statements: readonly Statement[]): void {
  for (const { text, params } of statements) {
    expect(text).not.toContain(STRING_MARK)
    expect(text).not.toContain(NUMBER_MARK)
    expect(text).not.toContain(String(YEAR_MARK))
    // Identifiers are double-quoted; with them removed, no quote of a string literal is left.
    expect(text.replace(/"(?:[^"]|"")*"/g, '')).not.toContain("'")
    const placeholders = new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))
    expect([...placeholders].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1))
  }
}

/** How the calls ended, so that a test can tell its runs were not all refused before the database. */
const outcomes = { sent: 0, refused: 0 }

/** Runs a call: it must give a value or a ValidationError whose message holds no value. */
async function rowsOrValidationError(run: () => PromiseLike<unknown> & { toSQL(): Statement[] }): Promise<void> {
  const query = run()
  let statements: Statement[] | undefined
  try {
    statements = query.toSQL()
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    const message = (error as ValidationError).message
    expect(message).not.toContain(STRING_MARK)
    expect(message).not.toContain(NUMBER_MARK)
    await expect(query).rejects.toBe(error)
    outcomes.refused++
    return
  }
  expectParameterized(statements)
  await query
  outcomes.sent++
}

class Rollback extends Error {}

describe('random where objects', () => {
  it('findMany, count, update and delete give rows or a ValidationError, with every value a parameter', async () => {
    await fc.assert(
      fc.asyncProperty(anyWhere, async (filter) => {
        await rowsOrValidationError(() => db.books.findMany({ where: filter as never }))
        await rowsOrValidationError(() => db.books.count({ where: filter as never }))
        // Writes run in a transaction that is rolled back, so every run sees the same rows.
        await db
          .transaction(async (tx) => {
            await rowsOrValidationError(() => tx.books.update({ where: filter as never, set: { stock: { increment: 0 } } }))
            await rowsOrValidationError(() => tx.books.delete({ where: filter as never }))
            throw new Rollback()
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error
          })
      }),
      { numRuns: 800 },
    )
    expect(await db.books.count()).toBe(2)
    // Both ends were exercised: a good share of the calls reached the database.
    expect(outcomes.sent).toBeGreaterThan(500)
    expect(outcomes.refused).toBeGreaterThan(500)
  })

  it('random findMany options give rows or a ValidationError, with every value a parameter', async () => {
    const options = fc.dictionary(
      fc.constantFrom('where', 'orderBy', 'limit', 'offset', 'select', 'lock', 'skipLocked', 'noWait', 'primary', '__proto__', 'constructor', 'all'),
      fc.oneof(leaf, anyWhere, fc.array(fc.oneof(leaf, fc.constantFrom(...columns), fc.dictionary(fc.constantFrom(...columns), fc.constantFrom('asc', 'desc', 'up'))), { maxLength: 3 })),
      { maxKeys: 4 },
    )
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        await rowsOrValidationError(() => db.books.findMany(given as never))
      }),
      { numRuns: 400 },
    )
  })
})
