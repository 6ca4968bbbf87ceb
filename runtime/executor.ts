/**
 * Executors run query plans: on the pool (outside transactions; reads may go to a
 * replica), or on one level of a transaction (the transaction itself or a savepoint).
 */
import { closedError, type Core } from './core.js'
import type { Held, Pool } from './pool.js'
import { neverRan, backoffDelay, sleep } from './pool.js'
import type { Executor, Lease, QueryPlan, Statement, StatementResult } from './query.js'
import { runTransaction, statement, type Frame, type Transaction } from './transaction.js'

const begin = statement('BEGIN')
const commit = statement('COMMIT')

function leaseOf(core: Core, held: Held): Lease {
  return {
    connection: held.driver,
    report: core.report,
    get lost() {
      return held.lost
    },
    release: () => held.release(),
  }
}

/** Runs plans on the pool. */
export class PoolExecutor implements Executor {
  readonly inTransaction = false
  /** A plan of one statement goes through Core.queryThen, which rejects only with DbErrors. */
  readonly convertsSingle = true
  constructor(private readonly core: Core) {}

  execute<T>(plan: QueryPlan<T>): Promise<T> {
    const core = this.core
    if (core.closed) return Promise.reject(closedError())
    const pool = plan.read ? core.readPool() : core.primary
    if (plan.leased) {
      const leased = plan.leased
      return core.hold(pool).then((held) => leased(leaseOf(core, held)).finally(() => held.release()))
    }
    if (plan.atomic) return this.atomically(plan)
    if (plan.run) return plan.run((statements) => sendAll(core, pool, statements))
    if (plan.finishOne) return core.queryThen(pool, plan.statements[0]!, plan.finishOne)
    if (plan.statements.length === 1) return core.query(pool, plan.statements[0]!).then((result) => plan.finish([result]))
    return sendAll(core, pool, plan.statements).then((results) => plan.finish(results))
  }

  /** Several statements that must all apply or none: in a transaction of their own. */
  private async atomically<T>(plan: QueryPlan<T>): Promise<T> {
    const core = this.core
    const held = await core.hold(core.primary, begin)
    return runTransaction(held, core.run, async (tx) => {
      const send = (statements: readonly Statement[]) => runAll(tx, tx.root, statements)
      return plan.run ? plan.run(send) : plan.finish(await send(plan.statements))
    })
  }

  lease(options?: { read?: boolean }): Promise<Lease> {
    const core = this.core
    return core.hold(options?.read ? core.readPool() : core.primary).then((held) => leaseOf(core, held))
  }

  /**
   * Sends every plan's statements in one round trip on one connection: BEGIN, the
   * statements and COMMIT are written together (pipelined) and answered together. When
   * BEGIN never reached a session (the server was unreachable or starting), the whole
   * batch is tried again, as single statements are.
   */
  async batch(plans: readonly QueryPlan<unknown>[]): Promise<unknown[]> {
    const core = this.core
    const statements = plans.flatMap((plan) => plan.statements)
    const retries = core.options.connect.retries
    for (let attempt = 0; ; attempt++) {
      const held = await core.hold(core.primary)
      let settled: PromiseSettledResult<StatementResult>[]
      try {
        settled = await Promise.allSettled([begin, ...statements, commit].map((s) => core.run(held, s)))
      } finally {
        held.release()
      }
      const failure = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined
      if (failure) {
        const beginFailure = settled[0]!.status === 'rejected' ? settled[0]!.reason : undefined
        if (beginFailure !== undefined && neverRan(beginFailure) && attempt < retries && !core.closed) {
          await sleep(backoffDelay(attempt, core.options.connect))
          continue
        }
        // After a failure PostgreSQL skips the rest and answers COMMIT with ROLLBACK: report the first error.
        throw failure.reason
      }
      const results = settled.slice(1, -1).map((s) => (s as PromiseFulfilledResult<StatementResult>).value)
      let offset = 0
      return plans.map((plan) => {
        const own = results.slice(offset, offset + plan.statements.length)
        offset += plan.statements.length
        return plan.finish(own)
      })
    }
  }
}

/** Sends statements outside a transaction, one after another. */
async function sendAll(core: Core, pool: Pool, statements: readonly Statement[]): Promise<StatementResult[]> {
  const results: StatementResult[] = []
  for (const s of statements) results.push(await core.query(pool, s))
  return results
}

/** Sends statements of one transaction level, one after another. */
export async function runAll(tx: Transaction, frame: Frame, statements: readonly Statement[]): Promise<StatementResult[]> {
  const results: StatementResult[] = []
  for (const s of statements) results.push(await tx.run(frame, s))
  return results
}

/** Runs plans on one level of a transaction (the transaction, or a savepoint in it). */
export class TransactionExecutor implements Executor {
  readonly inTransaction = true
  constructor(
    private readonly core: Core,
    readonly tx: Transaction,
    readonly frame: Frame,
  ) {}

  async execute<T>(plan: QueryPlan<T>): Promise<T> {
    if (plan.leased) {
      try {
        return await plan.leased(await this.lease())
      } catch (error) {
        // The COPY failed inside the transaction: the server has aborted it.
        this.tx.failure ??= error as Error
        throw error
      }
    }
    const send = (statements: readonly Statement[]) => runAll(this.tx, this.frame, statements)
    if (plan.run) return plan.run(send)
    return plan.finish(await send(plan.statements))
  }

  /** The transaction's own connection (released with the transaction, not by the caller). */
  async lease(): Promise<Lease> {
    const refusal = this.tx.refusal(this.frame)
    if (refusal) throw refusal
    const held = this.tx.held
    return {
      connection: held.driver,
      report: this.core.report,
      get lost() {
        return held.lost
      },
      release() {},
    }
  }

  /** Inside a transaction the statements are simply sent together; the driver pipelines them. */
  batch(plans: readonly QueryPlan<unknown>[]): Promise<unknown[]> {
    return Promise.all(plans.map((plan) => this.execute(plan)))
  }
}
