/**
 * `where`: every operator per kind of column, and AND / OR / NOT. Each call selects only
 * the id, so the text is the filter.
 */
import { afterAll, describe, it } from 'vitest'
import type { BookWhere } from '../../generated/index.js'
import type { SampleWhere } from '../fixtures/all-types/generated/index.js'
import { all, db, expectNothingSent, expectSql, hostile } from './support.js'

afterAll(expectNothingSent)

const books = (where: BookWhere) => db.books.findMany({ select: ['id'], where })
const samples = (where: SampleWhere) => all.samples.findMany({ select: ['id'], where })
const fromBooks = 'SELECT t0."id" FROM "books" AS t0 WHERE'
const fromSamples = 'SELECT t0."id" FROM "samples" AS t0 WHERE'

describe('equality shorthand and null', () => {
  it('a value is equality', () => {
    expectSql(books({ title: 'Dune' }), { text: `${fromBooks} t0."title" = $1`, params: ['Dune'] })
  })

  it('null is IS NULL', () => {
    expectSql(books({ publishedOn: null }), { text: `${fromBooks} t0."published_on" IS NULL`, params: [] })
  })

  it('null on a NOT NULL column is still IS NULL', () => {
    expectSql(books({ title: null as never }), { text: `${fromBooks} t0."title" IS NULL`, params: [] })
  })

  it('several columns are joined with AND, in property order', () => {
    expectSql(books({ stock: 0, title: 'x', publishedOn: null }), {
      text: `${fromBooks} (t0."stock" = $1) AND (t0."title" = $2) AND (t0."published_on" IS NULL)`,
      params: ['0', 'x'],
    })
  })

  it('a Uint8Array is a bytea value', () => {
    expectSql(books({ cover: new Uint8Array([0, 255, 16]) }), { text: `${fromBooks} t0."cover" = $1`, params: ['\\x00ff10'] })
  })

  it('an array is equality on an array column', () => {
    expectSql(books({ tags: ['a', 'b'] }), { text: `${fromBooks} t0."tags" = $1`, params: ['{a,b}'] })
  })
})

describe('comparison operators', () => {
  it('eq', () => {
    expectSql(books({ stock: { eq: 3 } }), { text: `${fromBooks} t0."stock" = $1`, params: ['3'] })
  })

  it('eq null', () => {
    expectSql(books({ publishedOn: { eq: null } }), { text: `${fromBooks} t0."published_on" IS NULL`, params: [] })
  })

  it('ne on a NOT NULL column is <>', () => {
    expectSql(books({ stock: { ne: 3 } }), { text: `${fromBooks} t0."stock" <> $1`, params: ['3'] })
  })

  it('ne on a nullable column keeps the NULL rows (IS DISTINCT FROM)', () => {
    expectSql(books({ publishedOn: { ne: '2020-01-01' } }), { text: `${fromBooks} t0."published_on" IS DISTINCT FROM $1`, params: ['2020-01-01'] })
  })

  it('ne null', () => {
    expectSql(books({ publishedOn: { ne: null } }), { text: `${fromBooks} t0."published_on" IS NOT NULL`, params: [] })
  })

  it('gt, gte, lt, lte on one column are joined with AND', () => {
    expectSql(books({ stock: { gt: 1, gte: 2, lt: 9, lte: 8 } }), {
      text: `${fromBooks} (t0."stock" > $1) AND (t0."stock" >= $2) AND (t0."stock" < $3) AND (t0."stock" <= $4)`,
      params: ['1', '2', '9', '8'],
    })
  })

  it('compares numeric as an exact string', () => {
    expectSql(books({ price: { lt: '10.50' } }), { text: `${fromBooks} t0."price" < $1`, params: ['10.50'] })
  })

  it('compares a timestamptz with a Date, sent in ISO format', () => {
    expectSql(books({ createdAt: { gte: new Date('2024-01-02T03:04:05.678Z') } }), {
      text: `${fromBooks} t0."created_at" >= $1`,
      params: ['2024-01-02T03:04:05.678Z'],
    })
  })

  it('compares an enum', () => {
    expectSql(db.authors.findMany({ select: ['id'], where: { status: { gt: 'active' } } }), {
      text: 'SELECT t0."id" FROM "authors" AS t0 WHERE t0."status" > $1',
      params: ['active'],
    })
  })

  it('compares a bigint past 2^53 exactly', () => {
    expectSql(db.customers.findMany({ select: ['id'], where: { loyaltyPoints: { gt: 9007199254740993n } } }), {
      text: 'SELECT t0."id" FROM "customers" AS t0 WHERE t0."loyalty_points" > $1',
      params: ['9007199254740993'],
    })
  })
})

describe('in and notIn', () => {
  it('in is = ANY of one array parameter', () => {
    expectSql(books({ id: { in: [1n, 2n, 3n] } }), { text: `${fromBooks} t0."id" = ANY($1::int8[])`, params: ['{1,2,3}'] })
  })

  it('in of an empty list matches no row', () => {
    expectSql(books({ id: { in: [] } }), { text: `${fromBooks} FALSE`, params: [] })
  })

  it('notIn on a NOT NULL column is <> ALL', () => {
    expectSql(books({ id: { notIn: [1n, 2n] } }), { text: `${fromBooks} t0."id" <> ALL($1::int8[])`, params: ['{1,2}'] })
  })

  it('notIn on a nullable column keeps the NULL rows', () => {
    expectSql(books({ publishedOn: { notIn: ['2020-01-01'] } }), {
      text: `${fromBooks} NOT (t0."published_on" = ANY($1::date[]) AND t0."published_on" IS NOT NULL)`,
      params: ['{2020-01-01}'],
    })
  })

  it('notIn of an empty list matches every row', () => {
    expectSql(books({ id: { notIn: [] } }), { text: `${fromBooks} TRUE`, params: [] })
  })

  it('in on an enum casts to the quoted enum array type', () => {
    expectSql(db.authors.findMany({ select: ['id'], where: { status: { in: ['active', 'retired'] } } }), {
      text: 'SELECT t0."id" FROM "authors" AS t0 WHERE t0."status" = ANY($1::"author_status"[])',
      params: ['{active,retired}'],
    })
  })

  it('in quotes list elements that need it', () => {
    expectSql(samples({ text: { in: ['a,b', '"q"', 'NULL', ''] } }), {
      text: `${fromSamples} t0."text" = ANY($1::text[])`,
      params: ['{"a,b","\\"q\\"","NULL",""}'],
    })
  })
})

describe('isNull', () => {
  it('isNull: true', () => {
    expectSql(books({ publishedOn: { isNull: true } }), { text: `${fromBooks} t0."published_on" IS NULL`, params: [] })
  })

  it('isNull: false', () => {
    expectSql(books({ publishedOn: { isNull: false } }), { text: `${fromBooks} t0."published_on" IS NOT NULL`, params: [] })
  })

  it('isNull: false on a NOT NULL column (every row, for a read)', () => {
    expectSql(books({ title: { isNull: false } }), { text: `${fromBooks} t0."title" IS NOT NULL`, params: [] })
  })
})

describe('text operators', () => {
  it('like passes the pattern as it is', () => {
    expectSql(books({ title: { like: 'D%n_' } }), { text: `${fromBooks} t0."title" LIKE $1`, params: ['D%n_'] })
  })

  it('ilike', () => {
    expectSql(books({ title: { ilike: '%dune%' } }), { text: `${fromBooks} t0."title" ILIKE $1`, params: ['%dune%'] })
  })

  it('startsWith escapes %, _ and \\ and appends %', () => {
    expectSql(books({ title: { startsWith: '50%_off\\' } }), { text: `${fromBooks} t0."title" LIKE $1`, params: ['50\\%\\_off\\\\%'] })
  })

  it('endsWith escapes and prepends %', () => {
    expectSql(books({ title: { endsWith: '_x%' } }), { text: `${fromBooks} t0."title" LIKE $1`, params: ['%\\_x\\%'] })
  })

  it('contains escapes and wraps in %', () => {
    expectSql(books({ title: { contains: 'a\\b%c_d' } }), { text: `${fromBooks} t0."title" LIKE $1`, params: ['%a\\\\b\\%c\\_d%'] })
  })

  it('two text operators on one column', () => {
    expectSql(books({ title: { startsWith: 'A', endsWith: 'z' } }), {
      text: `${fromBooks} (t0."title" LIKE $1) AND (t0."title" LIKE $2)`,
      params: ['A%', '%z'],
    })
  })

  it('citext, varchar and char take the text operators', () => {
    expectSql(samples({ ci: { like: 'a%' }, code: { ilike: 'B%' }, fixed: { startsWith: 'x' } }), {
      text: `${fromSamples} (t0."ci" LIKE $1) AND (t0."code" ILIKE $2) AND (t0."fixed" LIKE $3)`,
      params: ['a%', 'B%', 'x%'],
    })
  })

  it('a quote in a pattern stays in the parameter', () => {
    expectSql(all.defaults.findMany({ select: ['id'], where: { on: false, label: { contains: "it's" } } }), {
      text: 'SELECT t0."id" FROM "defaults" AS t0 WHERE (t0."on" = $1) AND (t0."label" LIKE $2)',
      params: ['f', "%it's%"],
    })
  })
})

describe('array operators', () => {
  it('eq an empty array', () => {
    expectSql(books({ tags: { eq: [] } }), { text: `${fromBooks} t0."tags" = $1`, params: ['{}'] })
  })

  it('ne on a NOT NULL array column', () => {
    expectSql(books({ tags: { ne: ['a'] } }), { text: `${fromBooks} t0."tags" <> $1`, params: ['{a}'] })
  })

  it('ne on a nullable array column', () => {
    expectSql(samples({ texts: { ne: ['a'] } }), { text: `${fromSamples} t0."texts" IS DISTINCT FROM $1`, params: ['{a}'] })
  })

  it('has is @> of a one-element array', () => {
    expectSql(books({ tags: { has: 'sci-fi' } }), { text: `${fromBooks} t0."tags" @> $1::text[]`, params: ['{sci-fi}'] })
  })

  it('has quotes an element that needs it', () => {
    expectSql(books({ tags: { has: 'a "quoted", {b}' } }), { text: `${fromBooks} t0."tags" @> $1::text[]`, params: ['{"a \\"quoted\\", {b}"}'] })
  })

  it('hasAll is @>', () => {
    expectSql(books({ tags: { hasAll: ['a', 'b'] } }), { text: `${fromBooks} t0."tags" @> $1::text[]`, params: ['{a,b}'] })
  })

  it('hasAny is &&', () => {
    expectSql(books({ tags: { hasAny: ['a', 'b'] } }), { text: `${fromBooks} t0."tags" && $1::text[]`, params: ['{a,b}'] })
  })

  it('hasAll of nothing matches every row', () => {
    expectSql(books({ tags: { hasAll: [] } }), { text: `${fromBooks} TRUE`, params: [] })
  })

  it('hasAny of nothing matches no row', () => {
    expectSql(books({ tags: { hasAny: [] } }), { text: `${fromBooks} FALSE`, params: [] })
  })

  it('isEmpty: true', () => {
    expectSql(books({ tags: { isEmpty: true } }), { text: `${fromBooks} cardinality(t0."tags") = 0`, params: [] })
  })

  it('isEmpty: false', () => {
    expectSql(books({ tags: { isEmpty: false } }), { text: `${fromBooks} cardinality(t0."tags") > 0`, params: [] })
  })

  it('isNull on an array column', () => {
    expectSql(samples({ ints: { isNull: true } }), { text: `${fromSamples} t0."ints" IS NULL`, params: [] })
  })

  it('eq null on an array column', () => {
    expectSql(samples({ ints: { eq: null } }), { text: `${fromSamples} t0."ints" IS NULL`, params: [] })
  })

  it('has on an enum array casts to the quoted enum array type', () => {
    expectSql(db.orders.findMany({ select: ['id'], where: { statusHistory: { has: 'paid' } } }), {
      text: 'SELECT t0."id" FROM "orders" AS t0 WHERE t0."status_history" @> $1::"order_status"[]',
      params: ['{paid}'],
    })
  })

  it('hasAny on an enum array', () => {
    expectSql(db.orders.findMany({ select: ['id'], where: { statusHistory: { hasAny: ['paid', 'shipped'] } } }), {
      text: 'SELECT t0."id" FROM "orders" AS t0 WHERE t0."status_history" && $1::"order_status"[]',
      params: ['{paid,shipped}'],
    })
  })

  it('equality on a two-dimensional array', () => {
    expectSql(samples({ matrix: [[1, 2], [3, 4]] }), { text: `${fromSamples} t0."matrix" = $1`, params: ['{{1,2},{3,4}}'] })
  })

  it('has on a two-dimensional array looks for one element (PostgreSQL compares arrays element by element)', () => {
    // The generated filter type asks for a number[] here; the runtime takes an element.
    expectSql(samples({ matrix: { has: 1 as never } }), { text: `${fromSamples} t0."matrix" @> $1::int4[][]`, params: ['{1}'] })
  })

  it('isEmpty on a two-dimensional array', () => {
    expectSql(samples({ matrix: { isEmpty: true } }), { text: `${fromSamples} cardinality(t0."matrix") = 0`, params: [] })
  })
})

describe('array elements of every type', () => {
  it.each<[string, SampleWhere, string, string]>([
    ['int4', { ints: { has: 1 } }, 't0."ints" @> $1::int4[]', '{1}'],
    ['int8 past 2^53', { bigs: { hasAll: [1n, 9007199254740993n] } }, 't0."bigs" @> $1::int8[]', '{1,9007199254740993}'],
    ['numeric', { numerics: { hasAny: ['1.5', 'NaN'] } }, 't0."numerics" && $1::numeric[]', '{1.5,NaN}'],
    ['float8', { doubles: { has: 0.1 } }, 't0."doubles" @> $1::float8[]', '{0.1}'],
    ['bool', { flags: { has: false } }, 't0."flags" @> $1::bool[]', '{f}'],
    ['text NULL, quoted', { texts: { has: 'NULL' } }, 't0."texts" @> $1::text[]', '{"NULL"}'],
    ['text empty', { texts: { has: '' } }, 't0."texts" @> $1::text[]', '{""}'],
    ['text with a backslash and a quote', { texts: { has: 'a\\b"c' } }, 't0."texts" @> $1::text[]', '{"a\\\\b\\"c"}'],
    ['date', { days: { has: '2024-02-29' } }, 't0."days" @> $1::date[]', '{2024-02-29}'],
    ['timestamptz', { stamps: { has: new Date(0) } }, 't0."stamps" @> $1::timestamptz[]', '{1970-01-01T00:00:00.000Z}'],
    ['timestamptz BC', { stamps: { hasAny: [new Date('-000001-01-01T00:00:00Z')] } }, 't0."stamps" && $1::timestamptz[]', '{"0002-01-01 00:00:00.000+00 BC"}'],
    ['uuid', { uids: { hasAny: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'] } }, 't0."uids" && $1::uuid[]', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'],
    ['bytea', { blobs: { has: new Uint8Array([255]) } }, 't0."blobs" @> $1::bytea[]', '{"\\\\xff"}'],
    [
      'jsonb',
      { docs: { has: { name: 'x', nested: { list: [], flag: true } } } },
      't0."docs" @> $1::jsonb[]',
      '{"{\\"name\\":\\"x\\",\\"nested\\":{\\"list\\":[],\\"flag\\":true}}"}',
    ],
    ['enum', { moods: { has: 'so-so' } }, 't0."moods" @> $1::"mood"[]', '{so-so}'],
    ['enum, several', { moods: { hasAll: ['happy', 'sad'] } }, 't0."moods" @> $1::"mood"[]', '{happy,sad}'],
  ])('%s', (_, where, condition, param) => {
    expectSql(samples(where), { text: `${fromSamples} ${condition}`, params: [param] })
  })
})

describe('values of every scalar type', () => {
  it('numbers', () => {
    expectSql(samples({ small: 1, int: 2, big: 3n, real: 1.5, double: -0.25, exact: '1.000001', anyNumeric: 'NaN' }), {
      text: [
        fromSamples,
        '(t0."small" = $1) AND (t0."int" = $2) AND (t0."big" = $3) AND (t0."real" = $4) AND (t0."double" = $5)',
        'AND (t0."exact" = $6) AND (t0."any_numeric" = $7)',
      ],
      params: ['1', '2', '3', '1.5', '-0.25', '1.000001', 'NaN'],
    })
  })

  it('float edge values', () => {
    expectSql(samples({ double: -0, real: -1e-7 }), {
      text: `${fromSamples} (t0."double" = $1) AND (t0."real" = $2)`,
      params: ['-0', '-1e-7'],
    })
  })

  it('infinity and NaN', () => {
    expectSql(samples({ double: Infinity, real: { eq: NaN } }), {
      text: `${fromSamples} (t0."double" = $1) AND (t0."real" = $2)`,
      params: ['Infinity', 'NaN'],
    })
  })

  it('bool, text, varchar, char and uuid', () => {
    expectSql(samples({ flag: true, text: 't', code: 'c', fixed: 'abc', uid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' }), {
      text: `${fromSamples} (t0."flag" = $1) AND (t0."text" = $2) AND (t0."code" = $3) AND (t0."fixed" = $4) AND (t0."uid" = $5)`,
      params: ['t', 't', 'c', 'abc', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    })
  })

  it('date, time, timestamp, timestamptz and interval', () => {
    expectSql(samples({ day: '2024-02-29', clock: '12:34:56', stamp: new Date('2024-01-02T03:04:05.678Z'), stampTz: new Date(0), span: '1 day' }), {
      text: `${fromSamples} (t0."day" = $1) AND (t0."clock" = $2) AND (t0."stamp" = $3) AND (t0."stamp_tz" = $4) AND (t0."span" = $5)`,
      params: ['2024-02-29', '12:34:56', '2024-01-02T03:04:05.678Z', '1970-01-01T00:00:00.000Z', '1 day'],
    })
  })

  it('timestamps of years 1 to 99, past 9999 and BC', () => {
    expectSql(
      samples({
        stamp: new Date('0050-06-01T00:00:00Z'),
        stampTz: { in: [new Date('0001-01-01T00:00:00Z'), new Date('+012345-01-01T00:00:00Z'), new Date('-000001-01-01T00:00:00Z')] },
      }),
      {
        text: `${fromSamples} (t0."stamp" = $1) AND (t0."stamp_tz" = ANY($2::timestamptz[]))`,
        params: ['0050-06-01T00:00:00.000Z', '{0001-01-01T00:00:00.000Z,"12345-01-01 00:00:00.000+00","0002-01-01 00:00:00.000+00 BC"}'],
      },
    )
  })

  it('bytea, inet, citext and enum', () => {
    expectSql(samples({ bytes: new Uint8Array([1, 2]), address: '10.0.0.1', ci: 'MiXeD', mood: 'so-so' }), {
      text: `${fromSamples} (t0."bytes" = $1) AND (t0."address" = $2) AND (t0."ci" = $3) AND (t0."mood" = $4)`,
      params: ['\\x0102', '10.0.0.1', 'MiXeD', 'so-so'],
    })
  })

  it('booleans compare for equality, and in', () => {
    expectSql(samples({ flag: { ne: true }, big: { in: [9007199254740993n] } }), {
      text: `${fromSamples} (t0."flag" IS DISTINCT FROM $1) AND (t0."big" = ANY($2::int8[]))`,
      params: ['t', '{9007199254740993}'],
    })
  })

  it('in on a uuid and notIn on a nullable enum', () => {
    expectSql(samples({ uid: { in: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'] }, mood: { notIn: ['sad'] } }), {
      text: `${fromSamples} (t0."uid" = ANY($1::uuid[])) AND (NOT (t0."mood" = ANY($2::"mood"[]) AND t0."mood" IS NOT NULL))`,
      params: ['{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', '{sad}'],
    })
  })

  it('enum values that look like code stay parameters', () => {
    expectSql(hostile.user.findMany({ select: ['id'], where: { class: { in: ['${globalThis.process.exit(7)}', '*/ throw 1 /*'] }, values: { has: "it's" } } }), {
      text: 'SELECT t0."id" FROM "user" AS t0 WHERE (t0."class" = ANY($1::"weird"[])) AND (t0."values" @> $2::"weird"[])',
      params: ['{"${globalThis.process.exit(7)}","*/ throw 1 /*"}', "{it's}"],
    })
  })
})

describe('jsonb and json', () => {
  it('jsonb eq sends the JSON text', () => {
    expectSql(books({ meta: { eq: { pages: 412, language: 'en' } } }), { text: `${fromBooks} t0."meta" = $1`, params: ['{"pages":412,"language":"en"}'] })
  })

  it('jsonb ne on a nullable column', () => {
    expectSql(books({ meta: { ne: { pages: 1, language: 'fr' } } }), { text: `${fromBooks} t0."meta" IS DISTINCT FROM $1`, params: ['{"pages":1,"language":"fr"}'] })
  })

  it('jsonb contains is @>', () => {
    expectSql(books({ meta: { contains: { awards: ['Hugo'] } } }), { text: `${fromBooks} t0."meta" @> $1::jsonb`, params: ['{"awards":["Hugo"]}'] })
  })

  it('jsonb contains of an array', () => {
    expectSql(db.orders.findMany({ select: ['id'], where: { shipTo: { contains: { city: 'Paris' } } } }), {
      text: 'SELECT t0."id" FROM "orders" AS t0 WHERE t0."ship_to" @> $1::jsonb',
      params: ['{"city":"Paris"}'],
    })
  })

  it('jsonb eq of a nested value', () => {
    expectSql(samples({ docb: { eq: { name: 'x', nested: { list: [1], flag: null } } } }), {
      text: `${fromSamples} t0."docb" = $1`,
      params: ['{"name":"x","nested":{"list":[1],"flag":null}}'],
    })
  })

  it('jsonb isNull', () => {
    expectSql(books({ meta: { isNull: true } }), { text: `${fromBooks} t0."meta" IS NULL`, params: [] })
  })

  it('jsonb null shorthand', () => {
    expectSql(books({ meta: null }), { text: `${fromBooks} t0."meta" IS NULL`, params: [] })
  })

  it('jsonb eq null', () => {
    expectSql(books({ meta: { eq: null } }), { text: `${fromBooks} t0."meta" IS NULL`, params: [] })
  })

  it('json isNull: true', () => {
    expectSql(samples({ doc: { isNull: true } }), { text: `${fromSamples} t0."doc" IS NULL`, params: [] })
  })

  it('json isNull: false', () => {
    expectSql(samples({ doc: { isNull: false } }), { text: `${fromSamples} t0."doc" IS NOT NULL`, params: [] })
  })

  it('json null shorthand', () => {
    expectSql(samples({ doc: null }), { text: `${fromSamples} t0."doc" IS NULL`, params: [] })
  })
})

describe('AND, OR and NOT', () => {
  it('AND of a list', () => {
    expectSql(books({ AND: [{ stock: 0 }, { title: 'x' }] }), { text: `${fromBooks} (t0."stock" = $1) AND (t0."title" = $2)`, params: ['0', 'x'] })
  })

  it('AND of one filter object', () => {
    expectSql(books({ AND: { stock: 0 } }), { text: `${fromBooks} t0."stock" = $1`, params: ['0'] })
  })

  it('OR of a list', () => {
    expectSql(books({ OR: [{ stock: 0 }, { title: 'x' }] }), { text: `${fromBooks} ((t0."stock" = $1) OR (t0."title" = $2))`, params: ['0', 'x'] })
  })

  it('OR of one filter', () => {
    expectSql(books({ OR: [{ stock: 0 }] }), { text: `${fromBooks} ((t0."stock" = $1))`, params: ['0'] })
  })

  it('OR of nothing matches no row', () => {
    expectSql(books({ OR: [] }), { text: `${fromBooks} FALSE`, params: [] })
  })

  it('OR of nothing beside a condition', () => {
    expectSql(books({ stock: 1, OR: [] }), { text: `${fromBooks} (t0."stock" = $1) AND (FALSE)`, params: ['1'] })
  })

  it('NOT of one filter object', () => {
    expectSql(books({ NOT: { stock: 0 } }), { text: `${fromBooks} NOT ((t0."stock" = $1))`, params: ['0'] })
  })

  it('NOT of a list negates all of them together', () => {
    expectSql(books({ NOT: [{ stock: 0 }, { title: 'x' }] }), { text: `${fromBooks} NOT ((t0."stock" = $1) AND (t0."title" = $2))`, params: ['0', 'x'] })
  })

  it('NOT of an empty OR', () => {
    expectSql(books({ NOT: { OR: [] } }), { text: `${fromBooks} NOT ((FALSE))`, params: [] })
  })

  it('an empty filter inside OR is TRUE', () => {
    expectSql(books({ OR: [{}, { stock: 1 }] }), { text: `${fromBooks} ((TRUE) OR (t0."stock" = $1))`, params: ['1'] })
  })

  it('an empty filter inside AND is TRUE', () => {
    expectSql(books({ AND: [{}] }), { text: `${fromBooks} TRUE`, params: [] })
  })

  it('NOT of an empty filter (no row, for a read)', () => {
    expectSql(books({ NOT: {} }), { text: `${fromBooks} NOT ((TRUE))`, params: [] })
  })

  it('an empty OR nested in OR', () => {
    expectSql(books({ OR: [{ OR: [] }, { stock: 1 }] }), { text: `${fromBooks} ((FALSE) OR (t0."stock" = $1))`, params: ['1'] })
  })

  it('an empty in beside a condition', () => {
    expectSql(books({ id: { in: [] }, stock: 2 }), { text: `${fromBooks} (FALSE) AND (t0."stock" = $1)`, params: ['2'] })
  })

  it('nests columns, AND, OR and NOT several levels deep, numbering parameters in order', () => {
    expectSql(books({ title: 'x', OR: [{ stock: 0, price: '1' }, { NOT: { OR: [{ id: 1n }, { id: 2n }] } }], AND: [{ tags: { has: 'a' } }] }), {
      text: [
        fromBooks,
        '(t0."title" = $1)',
        'AND (((t0."stock" = $2) AND (t0."price" = $3)) OR (NOT ((((t0."id" = $4) OR (t0."id" = $5))))))',
        'AND (t0."tags" @> $6::text[])',
      ],
      params: ['x', '0', '1', '1', '2', '{a}'],
    })
  })

  it('several operators on one column inside OR keep their own parentheses', () => {
    expectSql(books({ OR: [{ stock: { gt: 1, lt: 5 } }, { title: { startsWith: 'a', endsWith: 'b' } }] }), {
      text: `${fromBooks} (((t0."stock" > $1) AND (t0."stock" < $2)) OR ((t0."title" LIKE $3) AND (t0."title" LIKE $4)))`,
      params: ['1', '5', 'a%', '%b'],
    })
  })

  it('several operators on one column inside NOT', () => {
    expectSql(books({ NOT: { stock: { gt: 1, lt: 5 } } }), {
      text: `${fromBooks} NOT (((t0."stock" > $1) AND (t0."stock" < $2)))`,
      params: ['1', '5'],
    })
  })
})
