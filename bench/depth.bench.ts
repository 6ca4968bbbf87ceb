/**
 * Depth features against hand-written postgres.js: throughput with many calls in flight,
 * `db.batch`, `copyFrom`, and `stream` (speed and memory). One database for the section;
 * every comparison alternates or shuffles the order of its variants, round after round,
 * and reports medians, so the machine's drift hits every variant alike.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { createDb, type NewBook } from '../generated/index.js'
import { createBenchDatabase, readGenerated } from './database.js'
import { measure, median, shuffle } from './harness.js'
import { bookCopyColumns, bookLine } from './depth/copy-text.js'
import type { StreamMeasurement } from './depth/stream-worker.js'

export interface DepthResult {
  workload: string
  variant: string
  baseline: boolean
  /** Median wall time of one run (a round of calls, one batch, one COPY, one stream). */
  medianMs: number
  /** Calls or rows per second at the median run; undefined where it means nothing. */
  perSecond?: number
  unit?: 'calls' | 'rows'
  /** medianMs / the baseline's medianMs: below 1 is faster. */
  ratio: number
  /** Peak RSS growth over the run (streams only), MB. */
  peakRssMb?: number
  runs: number
}

export interface DepthReport {
  results: DepthResult[]
  /** One line per goal: the figure, the goal, met or missed. */
  goals: string[]
}

const columns = 'id, isbn, title, author_id, price, stock, tags, meta, published_on, cover, created_at'

/** Wall time and this process's CPU time (user + system) of one run, in ms. */
interface Timing {
  ms: number
  cpuMs: number
}

async function timed(run: () => PromiseLike<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await run()
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  return { ms, cpuMs: (used.user + used.system) / 1000 }
}

/** Runs `total` calls with `concurrency` of them in flight at any time. */
async function inFlight(total: number, concurrency: number, call: (i: number) => PromiseLike<unknown>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < total) await call(next++)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/** `count` rows for the books table, each with every column COPY and insertMany both accept. */
function bookRows(count: number, authorIds: readonly number[], tag: string): NewBook[] {
  return Array.from({ length: count }, (_, i) => ({
    isbn: `${tag}${i}`,
    title: i % 10 === 0 ? `Book ${i}\twith a tab, "quotes" and a \\ backslash` : `Book ${i}`,
    authorId: authorIds[i % authorIds.length]!,
    price: (5 + (i % 50)).toFixed(2),
    stock: i % 100,
    tags: i % 3 === 0 ? ['sci-fi'] : ['novel', 'classic'],
    meta: { pages: 100 + (i % 400), language: 'en' },
    publishedOn: '2001-01-01',
  }))
}

/**
 * Times each variant once per round, in a shuffled order, each into an emptied books table.
 * One untimed round first: code paths compiled, table and indexes at their working size.
 */
async function copyRounds(sql: postgres.Sql, variants: Record<string, () => PromiseLike<unknown>>, rounds: number): Promise<Record<string, Timing[]>> {
  const times: Record<string, Timing[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
  for (let round = -1; round < rounds; round++) {
    for (const name of shuffle(Object.keys(variants))) {
      await sql`truncate books restart identity cascade`
      const timing = await timed(variants[name]!)
      if (round >= 0) times[name]!.push(timing)
    }
  }
  return times
}

/** Writes the rows through postgres.js's own COPY stream, 64 KiB at a time, honouring backpressure. */
async function copyByHand(sql: postgres.Sql, rows: readonly NewBook[]): Promise<void> {
  const stream = await sql`copy books (${sql.unsafe(bookCopyColumns)}) from stdin`.writable()
  let chunk = ''
  for (const row of rows) {
    chunk += bookLine(row)
    if (chunk.length >= 65536) {
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve))
      chunk = ''
    }
  }
  // The writable finishes when the server has answered the end of the COPY.
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject)
    stream.end(chunk, () => resolve())
  })
}

function runWorker(url: string, variant: string, batchSize: number): Promise<StreamMeasurement> {
  const worker = fileURLToPath(new URL('./depth/stream-worker.ts', import.meta.url))
  // The worker inherits this process's loader flags; --expose-gc lets it start from a collected heap.
  const args = [...process.execArgv, '--expose-gc', worker, url, variant, String(batchSize)]
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`stream worker (${variant}) failed: ${stderr || error.message}`))
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as StreamMeasurement)
    })
  })
}

export async function depthBenchmarks(options: { quick: boolean }): Promise<DepthReport> {
  const quick = options.quick
  const sizes = {
    calls: quick ? 1_000 : 10_000,
    callRounds: quick ? 5 : 10,
    inFlight: 32,
    pool: 10,
    batchMs: quick ? 300 : 5_000,
    copyRows: quick ? 10_000 : 100_000,
    copyRounds: quick ? 2 : 5,
    smallCopyRounds: quick ? 5 : 31,
    streamRows: quick ? 100_000 : 1_000_000,
    streamRuns: quick ? 1 : 3,
    batchSize: 1000,
  }
  const database = await createBenchDatabase(readGenerated('schema.sql'))
  const db = createDb({ url: database.url, max: sizes.pool })
  const sql = postgres(database.url, { max: sizes.pool, onnotice: () => {} })
  const results: DepthResult[] = []
  const goals: string[] = []
  try {
    const authors = await db.authors.insertMany(Array.from({ length: 100 }, (_, i) => ({ name: `Author ${i}`, email: `author${i}@example.com` })))
    const authorIds = authors.map((a) => a.id)
    /** Books 1..n by SQL (fast, and the same rows whatever the client). */
    const seedBooks = async (n: number) => {
      await sql`truncate books restart identity cascade`
      await sql`
        insert into books (isbn, title, author_id, price, stock, tags, meta, published_on)
        select 's' || g, 'Book ' || g, ${authorIds[0]!}::int + g % 100, (5 + g % 50)::numeric(10, 2), g % 100,
          case when g % 3 = 0 then array['sci-fi'] else array['novel', 'classic'] end,
          jsonb_build_object('pages', 100 + g % 400, 'language', 'en'), date '2001-01-01' + g % 3650
        from generate_series(1, ${n}::int) g`
      // Hint bits and the visibility map set now, not by whichever variant reads first.
      await sql`vacuum analyze books`
    }
    await seedBooks(10_000)

    // 1. Throughput: findById with 32 calls in flight over a pool of 10, round after round.
    {
      const order = Array.from({ length: sizes.calls }, (_, i) => 1 + ((i * 7919) % 10_000))
      const keys = order.map((id) => BigInt(id))
      const variants = {
        'postgres.js': (i: number) => sql`select ${sql.unsafe(columns)} from books where id = ${order[i]!}`,
        dbridge: (i: number) => db.books.findById(keys[i]!),
      }
      // Warm-up: every connection of both pools opened, the statement prepared on each, and
      // enough calls for the JIT to optimize both paths (a short quick run would otherwise
      // time code that is still being compiled).
      for (const [name, call] of Object.entries(variants)) {
        const rows = await Promise.all([call(0), call(1)])
        if (!rows.every((r) => (Array.isArray(r) ? r.length === 1 : r !== null))) throw new Error(`${name}: findById found no row`)
        for (let done = 0; done < 5_000; done += sizes.calls) await inFlight(sizes.calls, sizes.inFlight, call)
      }
      const times: Record<string, Timing[]> = { 'postgres.js': [], dbridge: [] }
      for (let round = 0; round < sizes.callRounds; round++) {
        const names = round % 2 === 0 ? (['postgres.js', 'dbridge'] as const) : (['dbridge', 'postgres.js'] as const)
        for (const name of names) times[name]!.push(await timed(() => inFlight(sizes.calls, sizes.inFlight, variants[name])))
      }
      const workload = `findById × ${sizes.calls.toLocaleString('en')}, ${sizes.inFlight} in flight, pool of ${sizes.pool}`
      const base = median(times['postgres.js']!.map((t) => t.ms))
      for (const name of ['postgres.js', 'dbridge'] as const) {
        const ms = median(times[name]!.map((t) => t.ms))
        results.push({ workload, variant: name, baseline: name === 'postgres.js', medianMs: ms, perSecond: (sizes.calls / ms) * 1000, unit: 'calls', ratio: ms / base, runs: times[name]!.length })
      }
      const throughput = base / median(times.dbridge!.map((t) => t.ms))
      // CPU time per call is what the client adds; it varies far less than wall time on a shared machine.
      const cpuPerCall = (name: string) => ((median(times[name]!.map((t) => t.cpuMs)) / sizes.calls) * 1000).toFixed(0)
      goals.push(
        `findById throughput: dbridge at ${throughput.toFixed(2)}x postgres.js (goal at least 0.95x): ${throughput >= 0.95 ? 'met' : 'missed'}; ` +
          `client CPU per call: dbridge ${cpuPerCall('dbridge')} µs, postgres.js ${cpuPerCall('postgres.js')} µs`,
      )
    }

    // 2. db.batch of 10 small queries against the same 10 awaited one after another.
    {
      const ids = [17n, 4242n, 977n, 8001n]
      const tenQueries = () => [
        db.books.findById(ids[0]!),
        db.books.count({ where: { authorId: authorIds[3]! } }),
        db.books.findMany({ where: { authorId: authorIds[5]! }, orderBy: { id: 'asc' }, limit: 5 }),
        db.books.findById(ids[1]!),
        db.authors.findById(authorIds[7]!),
        db.books.findMany({ where: { authorId: authorIds[9]! }, orderBy: { id: 'asc' }, limit: 5 }),
        db.books.count({ where: { authorId: authorIds[11]! } }),
        db.books.findById(ids[2]!),
        db.books.findMany({ where: { authorId: authorIds[13]! }, orderBy: { id: 'asc' }, limit: 5 }),
        db.books.findById(ids[3]!),
      ]
      const measured = await measure(
        {
          name: 'batch',
          variants: [
            {
              name: '10 queries awaited one after another',
              baseline: true,
              run: async () => {
                for (const query of tenQueries()) await query
              },
            },
            { name: 'db.batch of the same 10', run: () => db.batch(tenQueries()) },
          ],
        },
        { warmupMs: quick ? 100 : 1000, timeMs: sizes.batchMs },
      )
      const workload = '10 small queries (4 findById, 2 count, 3 findMany limit 5, 1 authors.findById)'
      for (const r of measured) {
        results.push({ workload, variant: r.variant, baseline: r.baseline, medianMs: r.medianUs / 1000, ratio: r.ratio, runs: r.samples })
      }
      const ratio = measured[1]!.ratio
      goals.push(`db.batch of 10: ${ratio.toFixed(2)}x the time of 10 sequential awaits (${(1 / ratio).toFixed(1)}x faster)`)
    }

    // 3. 100,000 rows in: copyFrom, postgres.js's COPY with hand-written text, insertMany.
    {
      const rows = bookRows(sizes.copyRows, authorIds, 'c')
      const variants: Record<string, () => PromiseLike<unknown>> = {
        'postgres.js COPY, text written by hand': () => copyByHand(sql, rows),
        'dbridge copyFrom': async () => {
          const copied = await db.books.copyFrom(rows)
          if (copied !== rows.length) throw new Error(`copyFrom copied ${copied} rows`)
        },
        'dbridge insertMany, returning: false': () => db.books.insertMany(rows, { returning: false }),
      }
      const times = await copyRounds(sql, variants, sizes.copyRounds)
      const [count] = await sql<{ n: number }[]>`select count(*)::int as n from books`
      if (count!.n !== rows.length) throw new Error(`expected ${rows.length} rows after a COPY, found ${count!.n}`)
      const workload = `${sizes.copyRows.toLocaleString('en')} rows into books`
      const hand = 'postgres.js COPY, text written by hand'
      const base = median(times[hand]!.map((t) => t.ms))
      for (const [name, list] of Object.entries(times)) {
        const ms = median(list.map((t) => t.ms))
        results.push({ workload, variant: name, baseline: name === hand, medianMs: ms, perSecond: (sizes.copyRows / ms) * 1000, unit: 'rows', ratio: ms / base, runs: list.length })
      }
      const copyThroughput = base / median(times['dbridge copyFrom']!.map((t) => t.ms))
      const cpu = (name: string) => median(times[name]!.map((t) => t.cpuMs)).toFixed(0)
      goals.push(
        `copyFrom: ${copyThroughput.toFixed(2)}x the throughput of postgres.js's COPY (goal at least 0.9x): ${copyThroughput >= 0.9 ? 'met' : 'missed'}; ` +
          `client CPU per COPY: copyFrom ${cpu('dbridge copyFrom')} ms, postgres.js ${cpu(hand)} ms`,
      )
    }

    // 3b. A small COPY (100 rows), where a round trip's latency matters more than throughput.
    {
      const rows = bookRows(100, authorIds, 's')
      const hand = 'postgres.js COPY, text written by hand (its sockets keep Nagle on)'
      const variants: Record<string, () => PromiseLike<unknown>> = {
        [hand]: () => copyByHand(sql, rows),
        'dbridge copyFrom': () => db.books.copyFrom(rows),
      }
      const times = await copyRounds(sql, variants, sizes.smallCopyRounds)
      const base = median(times[hand]!.map((t) => t.ms))
      for (const [name, list] of Object.entries(times)) {
        const ms = median(list.map((t) => t.ms))
        results.push({ workload: '100 rows into books (COPY)', variant: name, baseline: name === hand, medianMs: ms, perSecond: (100 / ms) * 1000, unit: 'rows', ratio: ms / base, runs: list.length })
      }
      const copyMs = median(times['dbridge copyFrom']!.map((t) => t.ms))
      goals.push(`small copyFrom (100 rows): ${copyMs.toFixed(2)} ms, postgres.js's own COPY ${base.toFixed(2)} ms (dbridge turns Nagle's algorithm off on its connections)`)
    }

    // 4. Streaming: rows/s and peak RSS growth, each run in a fresh process.
    {
      await seedBooks(sizes.streamRows)
      const runs: Record<string, StreamMeasurement[]> = { 'postgres.js cursor(1000)': [], 'dbridge stream, batchSize 1000': [] }
      const workerVariant = (name: string) => (name.startsWith('dbridge') ? 'dbridge' : 'postgres.js')
      for (let round = 0; round < sizes.streamRuns; round++) {
        const names = Object.keys(runs)
        for (const name of round % 2 === 0 ? names : names.reverse()) {
          const measured = await runWorker(database.url, workerVariant(name), sizes.batchSize)
          if (measured.rows !== sizes.streamRows) throw new Error(`${name} streamed ${measured.rows} rows, expected ${sizes.streamRows}`)
          runs[name]!.push(measured)
        }
      }
      const workload = `stream ${sizes.streamRows.toLocaleString('en')} rows (fresh process per run)`
      const base = median(runs['postgres.js cursor(1000)']!.map((r) => r.ms))
      let worstDbridge = 0
      for (const [name, list] of Object.entries(runs)) {
        const ms = median(list.map((r) => r.ms))
        const peak = Math.max(...list.map((r) => r.peakRssGrowthMb))
        if (name.startsWith('dbridge')) worstDbridge = peak
        results.push({ workload, variant: name, baseline: name.startsWith('postgres.js'), medianMs: ms, perSecond: (sizes.streamRows / ms) * 1000, unit: 'rows', ratio: ms / base, peakRssMb: peak, runs: list.length })
      }
      const cpuPerRow = (name: string) => ((median(runs[name]!.map((r) => r.cpuMs)) / sizes.streamRows) * 1000).toFixed(1)
      goals.push(
        `stream: peak RSS growth ${worstDbridge.toFixed(0)} MB over ${sizes.streamRows.toLocaleString('en')} rows (goal under 100 MB): ${worstDbridge < 100 ? 'met' : 'missed'}; ` +
          `client CPU per row: dbridge ${cpuPerRow('dbridge stream, batchSize 1000')} µs, postgres.js ${cpuPerRow('postgres.js cursor(1000)')} µs`,
      )
    }
    return { results, goals }
  } finally {
    await db.close()
    await sql.end()
    await database.drop()
  }
}

export function depthTable(report: DepthReport): string {
  const number = (n: number) => Math.round(n).toLocaleString('en')
  const rows = report.results.map(
    (r) =>
      `| ${r.workload} | ${r.variant}${r.baseline ? ' (baseline)' : ''} | ${r.medianMs.toFixed(r.medianMs < 10 ? 2 : 0)} | ` +
      `${r.perSecond === undefined ? '' : `${number(r.perSecond)} ${r.unit}/s`} | ${r.ratio.toFixed(2)} | ` +
      `${r.peakRssMb === undefined ? '' : r.peakRssMb.toFixed(0)} | ${r.runs} |`,
  )
  return [
    '| workload | variant | median ms | throughput | ratio | peak RSS growth MB | runs |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...report.goals.map((goal) => `- ${goal}`),
  ].join('\n')
}
