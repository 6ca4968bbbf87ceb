/**
 * Transactions: BEGIN, the callback, then COMMIT (ROLLBACK when it throws) on a connection
 * held for them. A nested transaction is a savepoint; savepoints asked for on the same
 * level run one after another in call order, so that rolling one back undoes only its own
 * work (concurrent savepoints on one connection would interleave, and a ROLLBACK TO would
 * undo a sibling's released work).
 */
import { ConnectionError, DbError, ValidationError } from './errors.js'
import type { Held } from './pool.js'
import type { Statement, StatementResult } from './query.js'
import { emptyOwn, plainOwn } from './input.js'
import { describe } from './types.js'

export type Isolation = 'read committed' | 'repeatable read' | 'serializable'

export interface TransactionOptions {
  isolation?: Isolation
  readOnly?: boolean
  deferrable?: boolean
  /** Re-run the whole callback this many times on a serialization failure or deadlock (default 0). */
  retries?: number
}

/** Sends a statement on a held connection, reporting it (metrics, onQuery). */
export type Run = (held: Held, statement: Statement) => Promise<StatementResult>

const noParams: readonly (string | null)[] = []

export const statement = (text: string): Statement => ({ text, params: noParams })

/** One level of a transaction: the transaction itself, or a savepoint inside it. */
export class Frame {
  open = true
  /** A savepoint runs directly inside this level (or is being handed the turn). */
  private busy = false
  private readonly waiting: (() => void)[] = []
  private idleWaiters: (() => void)[] = []

  constructor(
    readonly parent: Frame | undefined,
    readonly depth: number,
  ) {}

  /** Waits for this level's turn to run a savepoint (undefined: it is free now). */
  turn(): Promise<void> | undefined {
    if (!this.busy) {
      this.busy = true
      return undefined
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  /** Hands the turn to the next savepoint that asked for it, in call order. */
  endTurn(): void {
    const next = this.waiting.shift()
    if (next) return next()
    this.busy = false
    const idle = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of idle) resolve()
  }

  /** Resolves once no savepoint runs or waits at this level. */
  whenIdle(): Promise<void> {
    return this.busy ? new Promise<void>((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve()
  }
}

const finishedMessage = 'this transaction has finished; run queries inside the transaction callback, and await them there'

/** The state of one transaction on its held connection. */
export class Transaction {
  /** The first failed statement since the last savepoint rollback: COMMIT would not commit. */
  failure: Error | undefined
  finished = false
  readonly root = new Frame(undefined, 0)
  /** The innermost open level: statements are accepted from it only. */
  private active: Frame = this.root

  constructor(
    readonly held: Held,
    private readonly send: Run,
  ) {}

  /** Sends a statement for the client of `frame`. */
  run(frame: Frame, statement: Statement): Promise<StatementResult> {
    const refusal = this.refusal(frame)
    if (refusal) return Promise.reject(refusal)
    return this.send(this.held, statement).catch((error: unknown) => {
      this.failure ??= error as Error
      throw error
    })
  }

  /** Why a statement of `frame` may not be sent now, if it may not. */
  refusal(frame: Frame): Error | undefined {
    if (this.held.lost) return this.held.lost
    if (this.finished) return new DbError(finishedMessage)
    if (frame === this.active) return undefined
    if (!frame.open) return new DbError('this nested transaction (savepoint) has finished; run its queries inside its callback, and await them there')
    return new DbError(
      'a nested transaction (savepoint) is open inside this transaction: run this statement on the client the nested ' +
        'transaction gave its callback, or await the nested transaction first',
    )
  }

  /** Runs `fn` in a savepoint inside `frame`, after the savepoints asked for before it at that level. */
  async savepoint<T>(frame: Frame, fn: (child: Frame) => Promise<T> | T): Promise<T> {
    if (this.finished || this.held.lost) throw this.held.lost ?? new DbError(finishedMessage)
    if (!frame.open) throw this.refusal(frame)!
    const waiting = frame.turn()
    if (waiting) await waiting
    const child = new Frame(frame, frame.depth + 1)
    const name = `dbridge_sp_${child.depth}`
    const failureBefore = this.failure
    this.active = child
    try {
      await this.run(child, statement(`SAVEPOINT ${name}`))
      let value: T
      try {
        value = await fn(child)
        // Savepoints started inside this one and not awaited finish before it is released.
        await child.whenIdle()
      } catch (error) {
        let rollbackError: unknown
        if (!this.held.lost && !this.finished) {
          // If even this fails, the failure stays recorded and the transaction cannot commit.
          const rolledBack = await this.run(child, statement(`ROLLBACK TO SAVEPOINT ${name}`)).then(
            () => true,
            (e: unknown) => ((rollbackError = e), false),
          )
          // Rolled back to the savepoint: what failed inside it no longer dooms the transaction.
          if (rolledBack) this.failure = failureBefore
        }
        // The connection was lost before or during the rollback: the savepoint's own error
        // (a unique violation, say) would let a caller that handles it carry on as if the
        // savepoint had been undone and the transaction could go on. It cannot.
        if (this.held.lost) throw lostError(this.held.lost, 'the nested transaction (savepoint) was not rolled back')
        if (rollbackError instanceof ConnectionError) throw rollbackError
        throw error
      }
      await this.run(child, statement(`RELEASE SAVEPOINT ${name}`))
      return value
    } finally {
      child.open = false
      this.active = frame
      frame.endTurn()
    }
  }
}

/**
 * BEGIN (already sent on `held`), `fn`, COMMIT; ROLLBACK when `fn` throws. Nothing is sent
 * on a connection that was lost: the server rolls its transaction back, and the caller gets
 * the ConnectionError.
 */
export async function runTransaction<T>(held: Held, send: Run, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const tx = new Transaction(held, send)
  try {
    let value: T
    try {
      value = await fn(tx)
      // Savepoints started in the callback and not awaited finish before COMMIT.
      await tx.root.whenIdle()
    } catch (error) {
      tx.finished = true
      if (held.lost) throw lostError(held.lost)
      await send(held, statement('ROLLBACK')).catch(() => undefined)
      throw error
    }
    tx.finished = true
    if (held.lost) throw lostError(held.lost)
    if (tx.failure instanceof ConnectionError) throw lostError(tx.failure)
    if (tx.failure) {
      await send(held, statement('ROLLBACK')).catch(() => undefined)
      // COMMIT of a transaction in which a statement failed would only roll it back.
      throw new DbError(
        `the transaction was rolled back because a statement in it failed (${tx.failure.message}); ` +
          'catch errors inside a nested transaction (a savepoint) to continue after them',
        { cause: tx.failure, code: (tx.failure as DbError).code },
      )
    }
    try {
      await send(held, statement('COMMIT'))
    } catch (error) {
      if (error instanceof ConnectionError) {
        throw new ConnectionError(
          `the connection was lost while committing: the transaction may or may not have been committed (${error.message})`,
          { code: error.code, cause: error },
        )
      }
      throw error
    }
    return value
  } finally {
    tx.finished = true
    held.release()
  }
}

function lostError(lost: ConnectionError, what = 'the transaction was not committed'): ConnectionError {
  return new ConnectionError(`${lost.message}; ${what}`, { code: lost.code, cause: lost })
}

const isolations: Record<Isolation, string> = {
  'read committed': 'READ COMMITTED',
  'repeatable read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
}

/** BEGIN with the transaction's modes (`BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY`). */
export function beginStatement(options: TransactionOptions): Statement {
  const modes: string[] = []
  if (options.isolation !== undefined) modes.push('ISOLATION LEVEL ' + isolations[options.isolation])
  if (options.readOnly !== undefined) modes.push(options.readOnly ? 'READ ONLY' : 'READ WRITE')
  if (options.deferrable !== undefined) modes.push(options.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE')
  return statement(modes.length === 0 ? 'BEGIN' : 'BEGIN ' + modes.join(', '))
}

export function checkTransactionOptions(options: unknown, nested: boolean): TransactionOptions {
  if (options === undefined) return emptyOwn()
  const issues: { path: string; message: string }[] = []
  const o = plainOwn(options)
  if (!o) throw new ValidationError('transaction: invalid options', [{ path: 'options', message: `expected a plain object, got ${describe(options)}` }])
  for (const key of Object.keys(o)) {
    if (!['isolation', 'readOnly', 'deferrable', 'retries'].includes(key)) issues.push({ path: key, message: 'unknown option; expected isolation, readOnly, deferrable or retries' })
  }
  if (o.isolation !== undefined && !(typeof o.isolation === 'string' && Object.hasOwn(isolations, o.isolation))) {
    issues.push({ path: 'isolation', message: `expected 'read committed', 'repeatable read' or 'serializable', got ${describe(o.isolation)}` })
  }
  for (const key of ['readOnly', 'deferrable']) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') issues.push({ path: key, message: 'expected true or false' })
  }
  if (o.retries !== undefined && !(Number.isInteger(o.retries) && (o.retries as number) >= 0)) {
    issues.push({ path: 'retries', message: 'expected a non-negative integer' })
  }
  if (nested && Object.keys(o).length > 0) {
    issues.push({ path: '', message: 'a nested transaction is a savepoint and takes no options; set them on the outer transaction' })
  }
  if (issues.length > 0) throw new ValidationError('transaction: invalid options', issues)
  return o as TransactionOptions
}
