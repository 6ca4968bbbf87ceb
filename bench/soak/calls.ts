/**
 * The calls of the soak workload, each recording in the ledger what it was told: reads,
 * inserts, `{ increment }` updates, transactions with nested savepoints (one of which always
 * fails and is rolled back), and calls meant to fail (a duplicate key, bad input, a
 * transaction the callback rolls back), so that error paths run all the time too.
 */
// The error classes of the runtime the generated client runs on (the built package).
import { ConnectionError, UniqueViolationError, ValidationError } from 'dbridge'
import type { Db } from '../../generated/index.js'
import { addIncrement, type LedgerBatch } from './ledger.js'

export type Op = 'read' | 'insert' | 'increment' | 'transaction' | 'duplicate' | 'invalid'

/** How often each call is picked (weights). */
export const mix: readonly (readonly [Op, number])[] = [
  ['read', 36],
  ['insert', 15],
  ['increment', 20],
  ['transaction', 22],
  ['duplicate', 5],
  ['invalid', 2],
]

/** The name of the genre every `duplicate` call inserts again (the seed inserts it). */
export const duplicateName = 'soak-duplicate'

/** The error a transaction's callback throws to roll it back on purpose. */
export class IntendedRollback extends Error {}

export interface CallContext {
  readonly db: Db
  /** The batch being filled (replaced when it is sent). */
  ledger(): LedgerBatch
  nextName(): string
  randomBook(): bigint
  randomAuthor(): number
}

/** Whether a failure of `op` was its purpose (not counted as an error). */
export function intended(op: Op, error: unknown): boolean {
  if (op === 'duplicate') return error instanceof UniqueViolationError
  if (op === 'invalid') return error instanceof ValidationError
  if (op === 'transaction') return error instanceof IntendedRollback
  return false
}

/** A COMMIT whose answer was lost: the transaction may or may not have been committed. */
function commitUnknown(error: unknown): boolean {
  return error instanceof ConnectionError && /may or may not have been committed/.test(error.message)
}

export function pick(): Op {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0)
  let r = Math.random() * total
  for (const [op, weight] of mix) if ((r -= weight) < 0) return op
  return 'read'
}

/** Runs one call of `op`; resolves when it succeeded, rejects with its error otherwise. */
export async function run(op: Op, ctx: CallContext): Promise<void> {
  const { db } = ctx
  switch (op) {
    case 'read': {
      const which = Math.random()
      if (which < 0.5) await db.books.findById(ctx.randomBook())
      else if (which < 0.8) await db.books.findMany({ where: { authorId: ctx.randomAuthor() }, orderBy: { id: 'asc' }, limit: 5 })
      else await db.books.count({ where: { authorId: ctx.randomAuthor() } })
      return
    }
    case 'insert': {
      const name = ctx.nextName()
      try {
        const row = await db.genres.insert({ name })
        ctx.ledger().present.push([name, row.id])
      } catch (error) {
        ctx.ledger().unknown.push(name)
        throw error
      }
      return
    }
    case 'increment': {
      const id = ctx.randomBook()
      try {
        const changed = await db.books.update({ where: { id }, set: { stock: { increment: 1 } }, returning: false })
        if (changed !== 1) throw new Error(`the update of book ${id} changed ${changed} rows`)
        addIncrement(ctx.ledger().acked, id)
      } catch (error) {
        addIncrement(ctx.ledger().maybe, id)
        throw error
      }
      return
    }
    case 'transaction':
      return transaction(ctx)
    case 'duplicate':
      await db.genres.insert({ name: duplicateName })
      throw new Error('inserting the duplicate genre succeeded')
    case 'invalid':
      await db.books.findMany({ limit: -1 })
      throw new Error('a negative limit was accepted')
  }
}

/**
 * A transaction: an insert and an increment, then a savepoint with an insert, inside which
 * a second savepoint inserts a row and then a duplicate key, and is rolled back. One in
 * five is rolled back on purpose at the end.
 */
async function transaction(ctx: CallContext): Promise<void> {
  const [a, b, c] = [ctx.nextName(), ctx.nextName(), ctx.nextName()]
  const book = ctx.randomBook()
  const rollback = Math.random() < 0.2
  try {
    const ids = await ctx.db.transaction(async (tx) => {
      const rowA = await tx.genres.insert({ name: a })
      await tx.books.update({ where: { id: book }, set: { stock: { increment: 1 } }, returning: false })
      const rowB = await tx.transaction(async (sp) => {
        const row = await sp.genres.insert({ name: b })
        await sp.books.findById(book)
        const inner = await sp
          .transaction(async (sp2) => {
            await sp2.genres.insert({ name: c })
            await sp2.genres.insert({ name: a }) // a duplicate: rolls this savepoint back
          })
          .then(
            () => new Error('the duplicate insert in the inner savepoint succeeded'),
            (error: unknown) => error,
          )
        if (!(inner instanceof UniqueViolationError)) throw inner
        return row
      })
      if (rollback) throw new IntendedRollback('rolled back on purpose')
      return [rowA.id, rowB.id] as const
    })
    const ledger = ctx.ledger()
    ledger.present.push([a, ids[0]], [b, ids[1]])
    ledger.absent.push(c)
    addIncrement(ledger.acked, book)
  } catch (error) {
    const ledger = ctx.ledger()
    ledger.absent.push(c)
    if (commitUnknown(error)) {
      ledger.unknown.push(a, b)
      addIncrement(ledger.maybe, book)
    } else {
      ledger.absent.push(a, b)
    }
    throw error
  }
}
