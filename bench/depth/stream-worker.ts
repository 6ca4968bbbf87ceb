/**
 * One stream measurement in a fresh process, so that the RSS growth it reports is the
 * stream's own and not memory an earlier benchmark left behind in a grown heap.
 *
 *   node --import dbridge-cli/register bench/depth/stream-worker.ts <url> <dbridge|postgres.js> <batchSize>
 *
 * Prints one line of JSON: `{ rows, ms, cpuMs, peakRssGrowthMb, peakHeapGrowthMb }`.
 */
import postgres from 'postgres'
import { createDb } from '../../generated/index.js'

export interface StreamMeasurement {
  rows: number
  ms: number
  /** This process's CPU time (user + system) over the stream. */
  cpuMs: number
  peakRssGrowthMb: number
  peakHeapGrowthMb: number
}

const [url, variant, batchArg] = process.argv.slice(2)
const batchSize = Number(batchArg)
if (!url || (variant !== 'dbridge' && variant !== 'postgres.js') || !(batchSize > 0)) {
  throw new Error('usage: stream-worker.ts <url> <dbridge|postgres.js> <batchSize>')
}

const columns = 'id, isbn, title, author_id, price, stock, tags, meta, published_on, cover, created_at'

async function main(): Promise<StreamMeasurement> {
  const db = variant === 'dbridge' ? createDb({ url, max: 1 }) : undefined
  const sql = variant === 'postgres.js' ? postgres(url!, { max: 1, onnotice: () => {} }) : undefined
  try {
    // Connect (and fetch the driver's types) before the baseline is taken.
    if (db) await db.books.findMany({ limit: 1 })
    if (sql) await sql`select ${sql.unsafe(columns)} from books limit 1`
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    gc?.()
    const rssBefore = process.memoryUsage.rss()
    const heapBefore = process.memoryUsage().heapUsed
    let peakRss = rssBefore
    let peakHeap = heapBefore
    const sample = () => {
      const rss = process.memoryUsage.rss()
      if (rss > peakRss) peakRss = rss
    }
    // The timer runs whenever the loop waits for the next batch; the per-batch sample below
    // covers a consumer that never lets it run.
    const timer = setInterval(sample, 5)
    let rows = 0
    const cpu = process.cpuUsage()
    const started = performance.now()
    if (db) {
      for await (const book of db.books.stream({ batchSize })) {
        if (book.id === undefined) throw new Error('no row')
        if (++rows % batchSize === 0) {
          sample()
          const heap = process.memoryUsage().heapUsed
          if (heap > peakHeap) peakHeap = heap
        }
      }
    } else {
      for await (const batch of sql!`select ${sql!.unsafe(columns)} from books`.cursor(batchSize)) {
        for (const book of batch) {
          if (book.id === undefined) throw new Error('no row')
          rows++
        }
        sample()
        const heap = process.memoryUsage().heapUsed
        if (heap > peakHeap) peakHeap = heap
      }
    }
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    clearInterval(timer)
    sample()
    const mb = (bytes: number) => bytes / 2 ** 20
    return { rows, ms, cpuMs: (used.user + used.system) / 1000, peakRssGrowthMb: mb(peakRss - rssBefore), peakHeapGrowthMb: mb(peakHeap - heapBefore) }
  } finally {
    await db?.close()
    await sql?.end()
  }
}

const result = await main()
process.stdout.write(JSON.stringify(result) + '\n')
