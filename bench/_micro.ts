import { getHeapStatistics, GCProfiler } from 'node:v8'
import { createDb } from '../generated/index.js'
const db = createDb({ url: 'postgres://x@127.0.0.1:1/none' })
const row = { isbn: '9780441172719', title: 'Dune', authorId: 1, price: '9.99', tags: ['a'], stock: 3 }
const schema = (await import('../generated/books.js')).booksTable.insertSchema
function time(name: string, fn: () => unknown) {
  for (let i = 0; i < 20000; i++) fn()
  const n = 100000; const t = performance.now(); for (let i = 0; i < n; i++) fn(); const us = (performance.now() - t) * 1000 / n
  const p = new GCProfiler(); p.start(); const b = getHeapStatistics().used_heap_size; for (let i = 0; i < 200; i++) fn(); const a = getHeapStatistics().used_heap_size; const g = p.stop().statistics.length
  console.log(name, us.toFixed(2), 'µs', g ? '(gc)' : ((a - b) / 200).toFixed(0) + ' B')
}
time('zod safeParse', () => schema.safeParse(row))
time('books.insert toSQL', () => db.books.insert(row).toSQL())
time('books.findById toSQL', () => db.books.findById(5n).toSQL())
time('books.update toSQL', () => db.books.update({ where: { id: 5n }, set: { stock: 4 } }).toSQL())
time('queries.bookMeta toSQL', () => db.queries.bookMeta({ id: 5n }).toSQL())
await db.close()
