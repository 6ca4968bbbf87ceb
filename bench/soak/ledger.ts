/**
 * The ledger of writes: what the workload was told happened, to compare with what the
 * database holds afterwards. Rows are genres, named uniquely per write; increments are
 * counted per book.
 *
 * - present: an insert that was acknowledged (alone, or in a transaction that committed);
 *   it must be there, with the id the call returned.
 * - absent: a row whose transaction (or savepoint) was rolled back, or rejected before its
 *   COMMIT was sent; it must not be there.
 * - unknown: the call failed where the write may have happened (a statement lost
 *   mid-flight, a COMMIT whose answer was lost); either way is right.
 * - increments: acknowledged ones must all be applied; ones whose call failed may be.
 */

/** What the workload sends to the supervisor, a few times a second. */
export interface LedgerBatch {
  present: [name: string, id: number][]
  absent: string[]
  unknown: string[]
  /** Book id -> acknowledged increments. */
  acked: Record<string, number>
  /** Book id -> increments whose call failed where it may have run. */
  maybe: Record<string, number>
}

export function emptyBatch(): LedgerBatch {
  return { present: [], absent: [], unknown: [], acked: {}, maybe: {} }
}

export function batchSize(batch: LedgerBatch): number {
  return batch.present.length + batch.absent.length + batch.unknown.length + Object.keys(batch.acked).length + Object.keys(batch.maybe).length
}

export function addIncrement(into: Record<string, number>, bookId: bigint, count = 1): void {
  const key = String(bookId)
  into[key] = (into[key] ?? 0) + count
}

/** Every batch the workload processes sent, merged. */
export class Ledger {
  readonly present = new Map<string, number>()
  readonly absent = new Set<string>()
  readonly unknown = new Set<string>()
  readonly acked = new Map<string, number>()
  readonly maybe = new Map<string, number>()

  add(batch: LedgerBatch): void {
    for (const [name, id] of batch.present) this.present.set(name, id)
    for (const name of batch.absent) this.absent.add(name)
    for (const name of batch.unknown) this.unknown.add(name)
    for (const [id, count] of Object.entries(batch.acked)) this.acked.set(id, (this.acked.get(id) ?? 0) + count)
    for (const [id, count] of Object.entries(batch.maybe)) this.maybe.set(id, (this.maybe.get(id) ?? 0) + count)
  }
}
