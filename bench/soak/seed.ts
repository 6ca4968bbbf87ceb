/**
 * The soak's database: the example schema (generated/schema.sql, the client the workload
 * uses), 50 authors, 1,000 books with no stock (the increments count up from 0), and the
 * genre every `duplicate` call inserts again.
 */
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { duplicateName } from './calls.js'

export interface Seeded {
  bookIds: string[]
  authorIds: number[]
}

export async function createSoakDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`create database "${name}"`)
  } finally {
    await sql.end()
  }
}

export async function seed(url: string): Promise<Seeded> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(readFileSync(new URL('../../generated/schema.sql', import.meta.url), 'utf8'))
    const authors = await sql<{ id: number }[]>`
      insert into authors (name, email) select 'Author ' || g, 'author' || g || '@example.com' from generate_series(1, 50) g returning id`
    const books = await sql<{ id: string }[]>`
      insert into books (isbn, title, author_id, price, stock)
      select 's' || g, 'Book ' || g, ${authors[0]!.id}::int + g % 50, (5 + g % 50)::numeric(10, 2), 0
      from generate_series(1, 1000) g returning id::text`
    await sql`insert into genres (name) values (${duplicateName})`
    await sql`vacuum analyze`
    return { bookIds: books.map((b) => b.id), authorIds: authors.map((a) => a.id) }
  } finally {
    await sql.end()
  }
}
