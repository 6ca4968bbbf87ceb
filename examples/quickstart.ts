/**
 * The dbridge example: a bookstore. Run it with `npm run example`, which generates the
 * client into generated/ and runs this file. Without DATABASE_URL it starts an embedded
 * PostgreSQL (data in .dbridge/); with it, it uses that server. Either way it works in a
 * fresh database named dbridge_example, dropped and created on every run.
 */
import { readFileSync } from 'node:fs'
import { createDb as createRawDb, sql, UniqueViolationError, ValidationError } from 'dbridge'
import { startEmbeddedPostgres } from 'dbridge-cli/embedded'
import { createDb } from '../generated/index.js'

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres()
const serverUrl = process.env.DATABASE_URL ?? server!.url
const exampleUrl = new URL(serverUrl)
exampleUrl.pathname = '/dbridge_example'

try {
  const admin = createRawDb({ url: serverUrl, max: 1 })
  await admin.sql`DROP DATABASE IF EXISTS dbridge_example WITH (FORCE)`
  await admin.sql`CREATE DATABASE dbridge_example`
  await admin.close()

  let statements = 0
  const db = createDb({ url: exampleUrl.href, max: 10, onQuery: () => void statements++ })
  // In a real project, `dbridge migrate up` creates the tables; here the generated DDL does.
  await db.sql`${sql.raw(readFileSync(new URL('../generated/schema.sql', import.meta.url), 'utf8'))}`

  const leGuin = await db.authors.insert({ name: 'Ursula K. Le Guin', email: 'ursula@example.com', bio: 'Earthsea, Hainish cycle' })
  const herbert = await db.authors.insert({ name: 'Frank Herbert', email: 'frank@example.com', status: 'retired' })
  const books = await db.books.insertMany([
    { isbn: '9780441478125', title: 'The Left Hand of Darkness', authorId: leGuin.id, price: '12.50', tags: ['sci-fi', 'classic'], meta: { pages: 304, language: 'en' }, publishedOn: '1969-03-01' },
    { isbn: '9780060512750', title: 'The Dispossessed', authorId: leGuin.id, price: '15.99', tags: ['sci-fi'], publishedOn: '1974-05-01' },
    { isbn: '9780441172719', title: 'Dune', authorId: herbert.id, price: '9.99', tags: ['sci-fi', 'epic'], meta: { pages: 412, language: 'en', awards: ['Hugo', 'Nebula'] } },
  ])
  console.log(`inserted ${books.length} books; ids are bigints:`, books.map((b) => b.id))

  await db.editions.insert({ bookId: books[2]!.id, number: 1, printedOn: '1965-08-01', copies: 2600 })
  const [sciFi, classic] = await db.genres.insertMany([{ name: 'science fiction' }, { name: 'classic' }])
  await db.books.link('genres', books[0]!.id, [sciFi!.id, classic!.id])
  await db.books.link('genres', books[2]!.id, [sciFi!.id])

  // Relations in one statement: each author with their books and each book's genres.
  const shelf = await db.authors.findMany({
    orderBy: [{ name: 'asc' }],
    select: ['name'],
    with: { books: { orderBy: [{ title: 'asc' }], select: ['title'], with: { genres: { select: ['name'] } } } },
  })
  for (const author of shelf) {
    console.log(`${author.name}: ${author.books.map((b) => `${b.title} [${b.genres.map((g) => g.name).join(', ')}]`).join('; ')}`)
  }
  const classics = await db.books.findMany({ where: { genres: { some: { name: 'classic' } } }, select: ['title'] })
  console.log('classics:', classics.map((b) => b.title))

  const cheapSciFi = await db.books.findMany({
    where: { price: { lt: '13.00' }, tags: { has: 'sci-fi' }, OR: [{ title: { ilike: '%dune%' } }, { publishedOn: { lt: '1970-01-01' } }] },
    orderBy: [{ price: 'asc' }],
    select: ['id', 'title', 'price'],
  })
  console.log('cheap sci-fi:', cheapSciFi)

  const dune = await db.books.findOneOrThrow({ where: { isbn: '9780441172719' } })
  console.log(`${dune.title}: ${dune.meta?.pages} pages, price ${dune.price} (numeric stays exact), added ${dune.createdAt.toISOString()}`)

  const [restocked] = await db.books.update({ where: { id: dune.id }, set: { stock: { increment: 25 } } })
  console.log(`restocked ${restocked!.title}: stock ${restocked!.stock}`)

  const customer = await db.customers.upsert({ email: 'reader@example.com', name: 'A. Reader' }, { onConflict: ['email'] })
  const order = await db.transaction(async (tx) => {
    const created = await tx.orders.insert({
      customerId: customer.id,
      total: '22.49',
      shipTo: { line1: '1 Library Way', city: 'Portland', postalCode: '97201', country: 'US' },
      statusHistory: ['pending'],
    })
    await tx.orderItems.insertMany([
      { orderId: created.id, bookId: books[0]!.id, quantity: 1, unitPrice: '12.50' },
      { orderId: created.id, bookId: books[2]!.id, quantity: 1, unitPrice: '9.99' },
    ])
    return created
  })
  console.log(`order ${order.id} for ${customer.name}: status ${order.status}, total ${order.total}`)

  try {
    await db.authors.insert({ name: 'Someone', email: 'ursula@example.com' })
  } catch (error) {
    if (error instanceof UniqueViolationError) console.log(`duplicate email rejected by ${error.constraint}`)
  }
  try {
    await db.books.insert({ isbn: 'not-an-isbn-too-long', title: '', authorId: leGuin.id, price: 'free' })
  } catch (error) {
    if (error instanceof ValidationError) console.log(`rejected before sending, ${error.issues.length} problems:`, error.issues.map((i) => i.path))
  }

  // Typed SQL files (examples/queries/*.sql): checked against the schema by `dbridge generate`.
  const prolific = await db.queries.topAuthors({ minBooks: 1, limit: 5 })
  console.log('authors by books:', prolific.map((a) => `${a.name} (${a.bookCount}, latest ${a.latest ?? 'unknown'})`))
  const ranks = await db.queries.bookRanks({ status: 'active' })
  console.log('priciest first per author:', ranks.map((r) => `${r.priceRank}. ${r.title} ${r.price}`))

  const [stats] = await db.sql<{ books: number; authors: number }>`
    select (select count(*)::int from books) as books, (select count(*)::int from authors) as authors`
  console.log(`${stats!.books} books by ${stats!.authors} authors, ${await db.orders.count()} order; ${statements} statements sent`)
  await db.close()
} finally {
  await server?.stop()
}
