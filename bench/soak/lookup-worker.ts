/**
 * The lookup phase, in a fresh process: findById with 32 calls in flight over a pool of 10
 * (every connection busy all the time), dbridge and hand-written postgres.js in the same
 * process (or one of them alone), window after window (the order alternating), reporting
 * this process's CPU time per call in each window. Over a long run a growing queue or cache shows as CPU per call
 * that climbs from window to window.
 *
 *   node --import dbridge-cli/register bench/soak/lookup-worker.ts   (SOAK_LOOKUPS: JSON settings)
 *
 * Prints one line of JSON: LookupReport.
 */
import postgres from 'postgres'
import { createDb } from '../../generated/index.js'

export interface LookupSettings {
  url: string
  bookIds: string[]
  /** Lookups per variant in all. */
  total: number
  windows: number
  inFlight: number
  pool: number
  /** The clients to run, each with a pool of its own; window after window, in alternating order. */
  variants: Variant[]
}

export interface LookupWindow {
  /** Lookups of each variant so far, at the end of the window. */
  done: number
  cpuUsPerCall: Partial<Record<Variant, number>>
  callsPerSecond: Partial<Record<Variant, number>>
}

export interface LookupReport {
  windows: LookupWindow[]
  rssMb: { start: number; end: number }
}

export type Variant = 'dbridge' | 'postgres.js'

const settings = JSON.parse(process.env.SOAK_LOOKUPS ?? 'null') as LookupSettings | null
if (!settings) throw new Error('bench/soak/lookup-worker.ts is started by the soak benchmark (SOAK_LOOKUPS)')

const columns = 'id, isbn, title, author_id, price, stock, tags, meta, published_on, cover, created_at'
const db = settings.variants.includes('dbridge') ? createDb({ url: settings.url, max: settings.pool }) : undefined
const sql = settings.variants.includes('postgres.js') ? postgres(settings.url, { max: settings.pool, onnotice: () => {} }) : undefined
const numbers = settings.bookIds.map(Number)
const keys = settings.bookIds.map((id) => BigInt(id))

const variants: Record<Variant, (i: number) => PromiseLike<unknown>> = {
  dbridge: (i) => db!.books.findById(keys[i % keys.length]!),
  'postgres.js': (i) => sql!`select ${sql!.unsafe(columns)} from books where id = ${numbers[i % numbers.length]!}`,
}

/** `total` calls with `inFlight` of them in flight at any time. */
async function inFlight(total: number, offset: number, call: (i: number) => PromiseLike<unknown>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < total) await call(offset + next++ * 7919)
  }
  await Promise.all(Array.from({ length: settings!.inFlight }, worker))
}

async function main(): Promise<LookupReport> {
  for (const name of settings!.variants) await inFlight(5_000, 0, variants[name])
  const rssStart = process.memoryUsage.rss() / 2 ** 20
  const perWindow = Math.ceil(settings!.total / settings!.windows)
  const windows: LookupWindow[] = []
  for (let w = 0; w < settings!.windows; w++) {
    const order = w % 2 === 0 ? settings!.variants : [...settings!.variants].reverse()
    const window: LookupWindow = { done: (w + 1) * perWindow, cpuUsPerCall: {}, callsPerSecond: {} }
    for (const name of order) {
      const cpu = process.cpuUsage()
      const started = performance.now()
      await inFlight(perWindow, w * perWindow, variants[name])
      const ms = performance.now() - started
      const used = process.cpuUsage(cpu)
      window.cpuUsPerCall[name] = (used.user + used.system) / perWindow
      window.callsPerSecond[name] = (perWindow / ms) * 1000
    }
    windows.push(window)
  }
  return { windows, rssMb: { start: rssStart, end: process.memoryUsage.rss() / 2 ** 20 } }
}

try {
  console.log(JSON.stringify(await main()))
} finally {
  await db?.close()
  await sql?.end({ timeout: 5 })
}
