/**
 * After the run: the ledger against what the database holds. Acknowledged rows must be
 * there with the id the call returned; rows of rolled-back transactions and savepoints must
 * not; every book's stock must lie between its acknowledged increments and those plus the
 * increments whose call failed.
 */
import postgres from 'postgres'
import type { Ledger } from './ledger.js'

export interface Verification {
  presentChecked: number
  /** Acknowledged rows not found. */
  missing: number
  /** Acknowledged rows found with another id than the call returned. */
  wrongId: number
  absentChecked: number
  /** Rows of rolled-back transactions or savepoints that are there. */
  resurrected: number
  unknownChecked: number
  unknownFound: number
  incrementsAcked: number
  incrementsMaybe: number
  incrementsApplied: number
  /** Acknowledged increments not applied (summed over books whose stock is below them). */
  missingIncrements: number
  /** Increments applied beyond acknowledged + failed ones (an increment applied twice). */
  extraIncrements: number
  samples: string[]
}

export async function verify(url: string, ledger: Ledger, prefix: string): Promise<Verification> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql<{ name: string; id: number }[]>`select name, id from genres where name like ${prefix + '-%'}`
    const found = new Map(rows.map((r) => [r.name, r.id]))
    const books = await sql<{ id: string; stock: number }[]>`select id::text, stock from books`
    const samples: string[] = []
    const note = (line: string) => samples.length < 20 && samples.push(line)
    const result: Verification = {
      presentChecked: ledger.present.size,
      missing: 0,
      wrongId: 0,
      absentChecked: ledger.absent.size,
      resurrected: 0,
      unknownChecked: ledger.unknown.size,
      unknownFound: 0,
      incrementsAcked: 0,
      incrementsMaybe: 0,
      incrementsApplied: 0,
      missingIncrements: 0,
      extraIncrements: 0,
      samples,
    }
    for (const [name, id] of ledger.present) {
      const actual = found.get(name)
      if (actual === undefined) {
        result.missing++
        note(`acknowledged row ${name} (id ${id}) is missing`)
      } else if (actual !== id) {
        result.wrongId++
        note(`acknowledged row ${name} has id ${actual}, the call returned ${id}`)
      }
    }
    for (const name of ledger.absent) {
      if (found.has(name)) {
        result.resurrected++
        note(`row ${name} of a rolled-back transaction or savepoint is there`)
      }
    }
    for (const name of ledger.unknown) if (found.has(name)) result.unknownFound++
    for (const book of books) {
      const acked = ledger.acked.get(book.id) ?? 0
      const maybe = ledger.maybe.get(book.id) ?? 0
      result.incrementsAcked += acked
      result.incrementsMaybe += maybe
      result.incrementsApplied += book.stock
      if (book.stock < acked) {
        result.missingIncrements += acked - book.stock
        note(`book ${book.id}: stock ${book.stock}, ${acked} increments acknowledged`)
      } else if (book.stock > acked + maybe) {
        result.extraIncrements += book.stock - acked - maybe
        note(`book ${book.id}: stock ${book.stock}, at most ${acked + maybe} increments sent`)
      }
    }
    return result
  } finally {
    await sql.end()
  }
}
