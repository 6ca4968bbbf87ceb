/**
 * What every scope of one database shares: its pools (the primary, and one per replica),
 * the statement counters and latency histogram, and the reporting of each statement to the
 * metrics and to `onQuery`.
 */
import { ConnectionError, toDbError } from './errors.js'
import { LatencyHistogram, snapshot, type Metrics } from './metrics.js'
import type { QueryEvent, ResolvedOptions } from './options.js'
import { Pool, type Held, type PoolOptions } from './pool.js'
import type { Reporter, Statement, StatementResult } from './query.js'
import type postgres from 'postgres'

/** How long close() lets the work in flight finish, by default, before it ends the connections under it. */
export const closeGraceMs = 30_000

export class Core {
  readonly primary: Pool
  readonly replicas: Pool[]
  readonly histogram = new LatencyHistogram()
  queries = 0
  errors = 0
  closed = false
  private nextReplica = 0

  constructor(readonly options: ResolvedOptions) {
    const pool = (driver: postgres.Options<never>) => new Pool(poolOptions(driver, options))
    this.primary = pool(options.driver as never)
    this.replicas = options.replicas.map((replica) => pool(replica as never))
  }

  get pools(): Pool[] {
    return [this.primary, ...this.replicas]
  }

  /** A replica for a read outside a transaction (round robin), or the primary without replicas. */
  readPool(): Pool {
    if (this.replicas.length === 0) return this.primary
    this.nextReplica = (this.nextReplica + 1) % this.replicas.length
    return this.replicas[this.nextReplica]!
  }

  /** Sends a statement outside a transaction (a statement that never ran is sent again). */
  query(pool: Pool, statement: Statement): Promise<StatementResult> {
    return this.reported(performance.now(), statement.text, pool.query(statement))
  }

  /**
   * `query`, then `finish` of its result, in the same reaction as the report: one promise
   * fewer per call than `query(...).then(finish)`, on the path every single statement takes.
   * It rejects only with DbErrors.
   */
  queryThen<T>(pool: Pool, statement: Statement, finish: (result: StatementResult) => T): Promise<T> {
    const start = performance.now()
    const sql = statement.text
    const answered = (result: StatementResult) => {
      this.report(sql, start, result.count)
      try {
        return finish(result)
      } catch (error) {
        // A finisher's own error (a decoder's): a DbError like every other (Executor.convertsSingle).
        throw toDbError(error)
      }
    }
    // The retries of `pool.query`, taken here: on the path without a failure, no promise of their own.
    return pool.attempt(statement).then(answered, (error: unknown) =>
      pool.retry(statement, error, 0).then(answered, (final: unknown) => {
        throw this.failed(sql, start, final)
      }),
    )
  }

  /** Sends a statement on a held connection. */
  readonly run = (held: Held, statement: Statement): Promise<StatementResult> => {
    return this.reported(performance.now(), statement.text, held.send(statement))
  }

  /** Reports a statement sent at `start` once it settles; failures become DbErrors. */
  private reported(start: number, sql: string, sent: Promise<StatementResult>): Promise<StatementResult> {
    return sent.then(
      (result) => {
        this.report(sql, start, result.count)
        return result
      },
      (error: unknown) => {
        throw this.failed(sql, start, error)
      },
    )
  }

  /** A connection of `pool` held until released; `first` (BEGIN) is sent on it, with retries. */
  hold(pool: Pool, first?: Statement): Promise<Held> {
    if (this.closed) return Promise.reject(closedError())
    return pool.hold(first && ((held) => this.run(held, first)))
  }

  private failed(sql: string, start: number, error: unknown): Error {
    const dbError = toDbError(error, sql)
    this.report(sql, start, 0, dbError)
    return dbError
  }

  /** Records a statement in the metrics and hands it to onQuery (and onSlowQuery). */
  readonly report: Reporter = (sql, start, rowCount, error) => {
    const durationMs = performance.now() - start
    this.queries++
    if (error) this.errors++
    this.histogram.record(durationMs)
    const { onQuery, slowQueryMs, onSlowQuery } = this.options
    if (!onQuery && (slowQueryMs === undefined || durationMs < slowQueryMs)) return
    const event: QueryEvent = { sql, durationMs, rowCount }
    if (error) event.error = error
    try {
      onQuery?.(event)
      if (slowQueryMs !== undefined && durationMs >= slowQueryMs) onSlowQuery(event)
    } catch {
      // A failing observer must not fail the query.
    }
  }

  metrics(): Metrics {
    let total = 0
    let busy = 0
    let waiting = 0
    for (const pool of this.pools) {
      const figures = pool.figures()
      total += figures.total
      busy += figures.busy
      waiting += figures.waiting
    }
    return snapshot(this.queries, this.errors, this.histogram, { total, idle: total - busy, waiting })
  }

  /** Lets the work in flight finish (for up to `graceMs`), then ends every connection. */
  async close(graceMs = closeGraceMs): Promise<void> {
    if (this.closed) return
    this.closed = true
    await Promise.all(this.pools.map((pool) => pool.close(closedError(), graceMs)))
  }

  assertOpen(): void {
    if (this.closed) throw closedError()
  }
}

export function closedError(): ConnectionError {
  return new ConnectionError('the database was closed; create a new one with createDb')
}

function poolOptions(driver: postgres.Options<never>, options: ResolvedOptions): PoolOptions {
  const seconds = (value: unknown) => (typeof value === 'number' ? value * 1000 : undefined)
  return {
    driver,
    max: driver.max ?? 10,
    acquireTimeoutMs: options.acquireTimeout,
    idleTimeoutMs: seconds(driver.idle_timeout),
    maxLifetimeMs: seconds(driver.max_lifetime),
    statementTimeoutMs: options.statementTimeout,
    retry: options.connect,
  }
}
