/**
 * The database object: a pool (postgres.js), table clients built from generated metadata,
 * transactions with savepoints and retries, and raw SQL. A transaction gets an object with
 * the same API as the database, bound to one connection.
 */
import postgres from 'postgres'
import { ConnectionError, DbError, SerializationError, DeadlockError, ValidationError, toDbError } from './errors.js'
import { Pool, type Driver } from './pool.js'
import type { TableMeta } from './meta.js'
import { resolveOptions, type DatabaseOptions, type QueryEvent, type ResolvedOptions } from './options.js'
import { ConnectionCounter, backoffDelay, sleep, socketFactory } from './connect.js'
import { LatencyHistogram, prometheusText, snapshot, type Metrics } from './metrics.js'
import { lazy, isQuery, type Executor, type Lease, type Query, type QueryPlan, type Reporter, type Statement, type StatementResult } from './query.js'
import { SqlFragment, SqlIdentifier } from './sql.js'
import { EncodeError, describe, encodeAny, oidDecoder } from './types.js'
import { emptyOwn, plainOwn } from './input.js'
import { TableClientImpl } from './client.js'

export type Isolation = 'read committed' | 'repeatable read' | 'serializable'

export interface TransactionOptions {
  isolation?: Isolation
  readOnly?: boolean
  deferrable?: boolean
  /** Re-run the whole callback this many times on a serialization failure or deadlock (default 0). */
  retries?: number
}

export interface ScopeOptions {
  /** A role to act as (`SET LOCAL ROLE`). */
  role?: string
  /** Settings for the transaction (`set_config(name, value, true)`), e.g. `{ 'app.user_id': '42' }`. */
  settings?: Readonly<Record<string, string | number | boolean>>
}

/** A row of a raw query, keyed by the column names PostgreSQL returns. */
export type SqlRow = Record<string, unknown>

export interface Database<Self> {
  /**
   * Raw SQL; interpolated values are always bind parameters. Rows are objects keyed by the
   * column names PostgreSQL returns. Without parameters the text may hold several
   * statements (a script); the rows of the last one are returned.
   * @example await db.sql`select count(*)::int as n from books where price > ${p}`
   */
  sql<Row extends object = SqlRow>(strings: TemplateStringsArray, ...values: unknown[]): Query<Row[]>
  /**
   * Runs `fn` in a transaction and returns its value; a throw rolls back. Inside a
   * transaction, `tx.transaction` uses a savepoint.
   */
  transaction<T>(fn: (tx: Self) => Promise<T> | T, options?: TransactionOptions): Promise<T>
  /**
   * Sends the queries in one round trip, in one transaction, and returns their results in
   * order (typed as a tuple).
   * @example const [count, latest] = await db.batch([db.books.count(), db.books.findMany({ limit: 5 })])
   */
  batch<const Q extends readonly Query<unknown>[]>(queries: Q): Promise<{ -readonly [K in keyof Q]: Awaited<Q[K]> }>
  /** Counts, latency percentiles (ms) and pool figures since the database was created. */
  metrics(): Metrics
  /** `metrics()` in the Prometheus text format. */
  metricsText(): string
  /**
   * Runs `fn` in a transaction with `SET LOCAL ROLE` and `set_config(name, value, true)` for
   * each setting, for row-level security; nothing outlives the transaction.
   */
  scoped<T>(scope: ScopeOptions, fn: (db: Self) => Promise<T> | T): Promise<T>
  /** Waits for queries in flight, then closes every connection. */
  close(): Promise<void>
}

type Connection = Driver | postgres.TransactionSql<any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Errors of a statement that never reached a live backend: safe to send again. */
const neverRan = new Set(['57P01', '57P02', '57P03', '53300'])

/** What every scope of one database shares. */
class Core {
  readonly primary: Pool
  readonly replicas: Pool[]
  readonly histogram = new LatencyHistogram()
  readonly connections = new ConnectionCounter()
  queries = 0
  errors = 0
  closed = false
  private nextReplica = 0
  private settledWaiters: (() => void)[] = []

  constructor(readonly options: ResolvedOptions) {
    const socket = socketFactory(options.connect, this.connections)
    const pool = (driver: postgres.Options<never>) => new Pool(postgres({ ...driver, socket } as never) as Driver, driver.max ?? 10, options.acquireTimeout)
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

  /** Sends one statement on `connection`, recording it in the metrics and reporting it to onQuery. */
  run(connection: Connection, statement: Statement): Promise<StatementResult> {
    const start = performance.now()
    return connection.unsafe(statement.text, statement.params as string[], { prepare: true }).values().then(
      (value) => {
        let result = value
        // A script of several statements (no parameters) resolves to one result per statement.
        if (result.count === undefined && result.length > 0 && (result[0] as unknown as { columns?: unknown }).columns !== undefined) {
          result = result[result.length - 1] as unknown as typeof result
        }
        const rows = result as unknown as (string | null)[][]
        const count = result.count ?? rows.length
        this.report(statement.text, start, count)
        return { rows, count, columns: (result.columns ?? []) as unknown as StatementResult['columns'] }
      },
      (error: unknown) => {
        const dbError = toDbError(error, statement.text)
        this.report(statement.text, start, 0, dbError)
        throw dbError
      },
    )
  }

  /**
   * Sends a statement outside a transaction; a statement rejected before it reached a live
   * backend (the connection was terminated under it, or the server is starting) is sent
   * again, with backoff.
   */
  async runRetrying(pool: Pool, statement: Statement): Promise<StatementResult> {
    pool.inFlight++
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.run(pool.driver, statement)
        } catch (error) {
          const code = (error as DbError).code
          if (!(error instanceof ConnectionError) || !code || !neverRan.has(code) || attempt >= this.options.connect.retries) throw error
          await sleep(backoffDelay(attempt, this.options.connect))
        }
      }
    } finally {
      pool.inFlight--
      this.notifyIfSettled()
    }
  }

  /** Resolves once no statement is in flight and no connection is held. */
  async settled(): Promise<void> {
    while (this.pools.some((pool) => pool.busy > 0)) {
      await new Promise<void>((resolve) => this.settledWaiters.push(resolve))
    }
  }

  notifyIfSettled(): void {
    if (this.settledWaiters.length === 0 || this.pools.some((pool) => pool.busy > 0)) return
    const waiters = this.settledWaiters
    this.settledWaiters = []
    for (const resolve of waiters) resolve()
  }

  report(sql: string, start: number, rowCount: number, error?: Error): void {
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

  /**
   * Holds one connection of `pool` (the primary by default; counted as held, like a
   * transaction) until released. A connection that failed is not given back: the driver
   * has already dropped it from the pool, and using it again would break the pool.
   */
  async lease(pool: Pool = this.primary): Promise<HeldConnection> {
    this.assertOpen()
    const waiting = pool.gate.acquireSlot()
    if (waiting) await waiting
    let connection: postgres.ReservedSql<any> // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      connection = await pool.driver.reserve()
    } catch (error) {
      pool.gate.releaseSlot()
      this.notifyIfSettled()
      throw toDbError(error)
    }
    return new HeldConnection(this, pool, connection)
  }

  metrics(): Metrics {
    const total = this.connections.open
    let busy = 0
    let waiting = 0
    for (const pool of this.pools) {
      busy += pool.busy
      waiting += pool.gate.waiting
    }
    busy = Math.min(total, busy)
    return snapshot(this.queries, this.errors, this.histogram, { total, idle: total - busy, waiting })
  }

  assertOpen(): void {
    if (this.closed) throw closedError()
  }
}

function closedError(): ConnectionError {
  return new ConnectionError('the database was closed; create a new one with createDb')
}

/** A reserved connection: statements on it, and whether it is still usable. */
class HeldConnection implements Lease {
  /** The connection was lost: nothing more may be sent on it, and it is not given back. */
  lost: ConnectionError | undefined
  private released = false

  constructor(
    readonly core: Core,
    readonly pool: Pool,
    readonly connection: postgres.ReservedSql<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  ) {}

  readonly report: Reporter = (sql, start, rowCount, error) => {
    if (error) this.noteFailure(error)
    this.core.report(sql, start, rowCount, error)
  }

  noteFailure(error: unknown): void {
    if (error instanceof ConnectionError) this.lost ??= error
  }

  async run(statement: Statement): Promise<StatementResult> {
    if (this.lost) throw this.lost
    try {
      return await this.core.run(this.connection, statement)
    } catch (error) {
      this.noteFailure(error)
      throw error
    }
  }

  release(): void {
    if (this.released) return
    this.released = true
    if (!this.lost) this.connection.release()
    this.pool.gate.releaseSlot()
    this.core.notifyIfSettled()
  }
}

/** BEGIN, COMMIT and ROLLBACK have no parameters. */
const noParams: readonly (string | null)[] = []

/** Runs plans on the pool (reads outside transactions on a replica, when there are replicas). */
class PoolExecutor implements Executor {
  readonly inTransaction = false
  constructor(private readonly core: Core) {}

  execute<T>(plan: QueryPlan<T>): Promise<T> {
    const core = this.core
    if (core.closed) return Promise.reject(closedError())
    const pool = plan.read ? core.readPool() : core.primary
    if (plan.leased) {
      const leased = plan.leased
      return core.lease(pool).then((lease) => leased(lease).finally(() => lease.release()))
    }
    if (plan.run) {
      const run = plan.run
      if (plan.atomic) return withTransaction(core, 'BEGIN', (tx) => run((statements) => runAll(tx, statements)))
      return run(async (statements) => {
        const waiting = pool.gate.enterStatement()
        if (waiting) await waiting
        const results: StatementResult[] = []
        for (const statement of statements) results.push(await core.runRetrying(pool, statement))
        return results
      })
    }
    if (plan.statements.length === 0) return Promise.resolve().then(() => plan.finish([]))
    if (plan.atomic) {
      return withTransaction(core, 'BEGIN', async (tx) => plan.finish(await runAll(tx, plan.statements)))
    }
    const send = async (): Promise<T> => {
      const results: StatementResult[] = []
      for (const statement of plan.statements) results.push(await core.runRetrying(pool, statement))
      return plan.finish(results)
    }
    const waiting = pool.gate.enterStatement()
    if (waiting) return waiting.then(send)
    if (plan.statements.length === 1) return core.runRetrying(pool, plan.statements[0]!).then((result) => plan.finish([result]))
    return send()
  }

  lease(options?: { read?: boolean }): Promise<Lease> {
    return this.core.lease(options?.read ? this.core.readPool() : this.core.primary)
  }

  async hold<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    const lease = await this.lease()
    try {
      return await fn(lease.connection as Connection)
    } finally {
      lease.release()
    }
  }

  /**
   * Sends every plan's statements in one round trip on one connection: BEGIN, the
   * statements and COMMIT are written together (pipelined) and answered together.
   */
  async batch(plans: readonly QueryPlan<unknown>[]): Promise<unknown[]> {
    const held = await this.core.lease()
    try {
      const statements = plans.flatMap((plan) => plan.statements)
      const sent = [
        held.run({ text: 'BEGIN', params: noParams }),
        ...statements.map((statement) => held.run(statement)),
        held.run({ text: 'COMMIT', params: noParams }),
      ]
      const settled = await Promise.allSettled(sent)
      // After a failure PostgreSQL skips the rest and answers COMMIT with ROLLBACK: report the first error.
      const failure = settled.find((s) => s.status === 'rejected')
      if (failure) throw (failure as PromiseRejectedResult).reason
      const results = settled.slice(1, -1).map((s) => (s as PromiseFulfilledResult<StatementResult>).value)
      let offset = 0
      return plans.map((plan) => {
        const own = results.slice(offset, offset + plan.statements.length)
        offset += plan.statements.length
        return plan.finish(own)
      })
    } finally {
      held.release()
    }
  }
}

/** The state of one transaction, on its held connection. */
class TransactionState {
  /** The first failed statement since the last savepoint rollback: COMMIT would not commit. */
  failure: Error | undefined
  finished = false
  savepoints = 0
  constructor(
    readonly core: Core,
    readonly held: HeldConnection,
  ) {}

  get connection(): Connection {
    return this.held.connection
  }

  async run(statement: Statement): Promise<StatementResult> {
    if (this.finished) {
      throw new DbError('this transaction has finished; run queries inside the transaction callback, and await them there')
    }
    try {
      return await this.held.run(statement)
    } catch (error) {
      this.failure ??= error as Error
      throw error
    }
  }
}

class TransactionExecutor implements Executor {
  readonly inTransaction = true
  constructor(readonly state: TransactionState) {}

  async execute<T>(plan: QueryPlan<T>): Promise<T> {
    if (plan.leased) return this.hold(async () => plan.leased!(await this.lease()))
    if (plan.run) return plan.run((statements) => runAll(this.state, statements))
    return plan.finish(await runAll(this.state, plan.statements))
  }

  async lease(): Promise<Lease> {
    if (this.state.finished) throw new DbError('this transaction has finished; run queries inside the transaction callback, and await them there')
    if (this.state.held.lost) throw this.state.held.lost
    const held = this.state.held
    return { connection: held.connection, report: held.report, release() {} }
  }

  /** The transaction's own connection. */
  async hold<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    const lease = await this.lease()
    try {
      return await fn(lease.connection as Connection)
    } catch (error) {
      this.state.failure ??= error as Error
      this.state.held.noteFailure(error)
      throw error
    }
  }

  /** Inside a transaction the statements are simply sent together; the driver pipelines them. */
  batch(plans: readonly QueryPlan<unknown>[]): Promise<unknown[]> {
    return Promise.all(plans.map((plan) => this.execute(plan)))
  }
}

async function runAll(tx: TransactionState, statements: readonly Statement[]): Promise<StatementResult[]> {
  const results: StatementResult[] = []
  for (const statement of statements) results.push(await tx.run(statement))
  return results
}

/**
 * BEGIN, `fn`, COMMIT on a connection held for it; ROLLBACK when `fn` throws. Nothing is
 * sent on a connection that was lost (the server rolls its transaction back).
 */
async function withTransaction<T>(core: Core, begin: string, fn: (tx: TransactionState) => Promise<T>): Promise<T> {
  const held = await core.lease()
  const tx = new TransactionState(core, held)
  try {
    await held.run({ text: begin, params: noParams })
    let value: T
    try {
      value = await fn(tx)
    } catch (error) {
      tx.finished = true
      if (!held.lost) await held.run({ text: 'ROLLBACK', params: noParams }).catch(() => undefined)
      throw error
    }
    tx.finished = true
    if (held.lost) throw held.lost
    if (tx.failure) {
      await held.run({ text: 'ROLLBACK', params: noParams }).catch(() => undefined)
      // COMMIT of a transaction in which a statement failed would only roll it back.
      throw new DbError(
        `the transaction was rolled back because a statement in it failed (${tx.failure.message}); ` +
          'catch errors inside a nested transaction (a savepoint) to continue after them',
        { cause: tx.failure, code: (tx.failure as DbError).code },
      )
    }
    await held.run({ text: 'COMMIT', params: noParams })
    return value
  } finally {
    tx.finished = true
    held.release()
  }
}

const isolations: Record<Isolation, string> = {
  'read committed': 'READ COMMITTED',
  'repeatable read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
}

/** BEGIN with the transaction's modes (`BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY`). */
function beginStatement(options: TransactionOptions): string {
  const modes: string[] = []
  if (options.isolation !== undefined) modes.push('ISOLATION LEVEL ' + isolations[options.isolation])
  if (options.readOnly !== undefined) modes.push(options.readOnly ? 'READ ONLY' : 'READ WRITE')
  if (options.deferrable !== undefined) modes.push(options.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE')
  return modes.length === 0 ? 'BEGIN' : 'BEGIN ' + modes.join(', ')
}

function checkTransactionOptions(options: unknown, nested: boolean): TransactionOptions {
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

function isRetryable(error: unknown): boolean {
  return error instanceof SerializationError || error instanceof DeadlockError
}

function backoff(attempt: number): Promise<void> {
  const base = Math.min(1000, 10 * 2 ** attempt)
  return new Promise((resolve) => setTimeout(resolve, base / 2 + Math.random() * base))
}

/** The API shared by the database and its transactions; table clients are added per schema. */
class Scope {
  private readonly clients = new Map<string, TableClientImpl>()

  constructor(
    readonly core: Core,
    readonly executor: Executor,
    readonly tables: Readonly<Record<string, TableMeta>>,
    readonly transactionState: TransactionState | undefined,
  ) {}

  /** @internal */
  client(key: string): TableClientImpl {
    let client = this.clients.get(key)
    if (!client) this.clients.set(key, (client = new TableClientImpl(this.tables[key]!, this.executor)))
    return client
  }

  sql(strings: TemplateStringsArray, ...values: unknown[]): Query<SqlRow[]> {
    return lazy(this.executor, () => {
      if (!Array.isArray(strings) || !('raw' in strings)) {
        throw new ValidationError('db.sql: invalid input', [{ path: '', message: 'use it as a tagged template: db.sql`select ...`' }])
      }
      const { text, params } = new SqlFragment([...strings], values).compile()
      const issues: { path: string; message: string }[] = []
      const encoded = params.map((value, i) => {
        if (value === undefined) {
          issues.push({ path: `$${i + 1}`, message: 'is undefined; pass null for NULL' })
          return null
        }
        try {
          return encodeAny(value)
        } catch (error) {
          if (!(error instanceof EncodeError)) throw error
          issues.push({ path: `$${i + 1}`, message: error.message })
          return null
        }
      })
      if (issues.length > 0) throw new ValidationError('db.sql: invalid parameters', issues)
      return {
        statements: [{ text, params: encoded }],
        read: false,
        atomic: false,
        finish: ([result]: readonly StatementResult[]) => decodeRaw(result!),
      }
    }, 'db.sql')
  }

  async transaction<T>(fn: (tx: never) => Promise<T> | T, options?: TransactionOptions): Promise<T> {
    if (typeof fn !== 'function') throw new ValidationError('transaction: invalid input', [{ path: 'fn', message: `expected a function, got ${describe(fn)}` }])
    const state = this.transactionState
    if (state) {
      checkTransactionOptions(options, true)
      return savepoint(this, state, fn)
    }
    const checked = checkTransactionOptions(options, false)
    const begin = beginStatement(checked)
    for (let attempt = 0; ; attempt++) {
      try {
        return await withTransaction(this.core, begin, async (tx) => {
          const scope = this.derive(new TransactionExecutor(tx), tx)
          return await fn(scope as never)
        })
      } catch (error) {
        if (isRetryable(error) && attempt < (checked.retries ?? 0)) {
          await backoff(attempt)
          continue
        }
        throw error
      }
    }
  }

  /** A scope with the same tables over another executor. */
  derive(executor: Executor, state: TransactionState | undefined): Scope {
    const scope = Object.create(Object.getPrototypeOf(this)) as Scope
    Object.assign(scope, { core: this.core, executor, tables: this.tables, transactionState: state, clients: new Map() })
    return scope
  }

  async close(): Promise<void> {
    if (this.transactionState) throw new DbError('close() is for the database, not a transaction')
    if (this.core.closed) return
    this.core.closed = true
    // Let what is running finish, then end every connection at once: postgres.js's own
    // graceful end() waits forever for a connection the server dropped mid-statement
    // (porsager/postgres#1097), and with nothing of ours in flight there is nothing to wait for.
    await this.core.settled()
    await Promise.all(this.core.pools.map((pool) => pool.driver.end({ timeout: 0 })))
  }

  async batch(queries: readonly Query<unknown>[]): Promise<unknown[]> {
    if (!Array.isArray(queries) || !queries.every(isQuery)) {
      throw new ValidationError('batch: invalid input', [{ path: 'queries', message: 'expected an array of queries (db.<table>.<method>(...) or db.sql`...`)' }])
    }
    const plans = queries.map((query, i) => {
      const plan = query.plan
      if ('error' in plan) throw plan.error
      // A plan with statements too (a large insertMany that would use COPY) sends them here.
      if (plan.run || (plan.leased && plan.statements.length === 0)) {
        throw new ValidationError('batch: invalid input', [{ path: `[${i}]`, message: 'load and copy queries run several steps and cannot be batched; await them on their own' }])
      }
      return plan
    })
    if (plans.length === 0) return []
    return this.executor.batch(plans)
  }

  metrics(): Metrics {
    return this.core.metrics()
  }

  metricsText(): string {
    return prometheusText(this.core.metrics(), this.core.histogram)
  }

  async scoped<T>(scope: ScopeOptions, fn: (db: never) => Promise<T> | T): Promise<T> {
    if (typeof fn !== 'function') throw new ValidationError('scoped: invalid input', [{ path: 'fn', message: `expected a function, got ${describe(fn)}` }])
    const issues: { path: string; message: string }[] = []
    const given = plainOwn(scope)
    if (!given) issues.push({ path: 'scope', message: 'expected { role?, settings? }' })
    const { role, settings = {} } = (given ?? emptyOwn()) as ScopeOptions
    for (const key of Object.keys(given ?? {})) if (key !== 'role' && key !== 'settings') issues.push({ path: key, message: 'unknown option; expected role or settings' })
    if (role !== undefined && (typeof role !== 'string' || role === '')) issues.push({ path: 'role', message: 'expected a role name' })
    const ownSettings = plainOwn(settings)
    if (!ownSettings) issues.push({ path: 'settings', message: 'expected an object of setting names and values' })
    const entries = Object.entries(ownSettings ?? {})
    for (const [name, value] of entries) {
      if (!/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*$/.test(name)) issues.push({ path: `settings.${name}`, message: 'is not a setting name (use e.g. app.user_id)' })
      if (!['string', 'number', 'boolean'].includes(typeof value)) issues.push({ path: `settings.${name}`, message: 'expected a string, number or boolean' })
    }
    if (issues.length > 0) throw new ValidationError('scoped: invalid scope', issues)
    const apply = async (tx: Scope) => {
      // LOCAL: the role and settings end with the transaction, so they never reach the next user of the connection.
      if (role !== undefined) await tx.sql`SET LOCAL ROLE ${identifierOf(role)}`
      for (const [name, value] of entries) await tx.sql`select set_config(${name}, ${String(value)}, true)`
    }
    if (this.transactionState) {
      // SET LOCAL would outlive a savepoint and hold for the rest of the outer transaction.
      throw new DbError('scoped() starts its own transaction: call it on the database, not inside a transaction')
    }
    return this.transaction(async (tx) => {
      await apply(tx as unknown as Scope)
      return fn(tx)
    })
  }
}

function identifierOf(name: string): SqlFragment {
  return new SqlFragment(['', ''], [new SqlIdentifier([name])])
}

/** A nested transaction: a savepoint on the transaction's connection. */
async function savepoint<T>(scope: Scope, state: TransactionState, fn: (tx: never) => Promise<T> | T): Promise<T> {
  if (state.finished) throw new DbError('this transaction has finished; run queries inside the transaction callback, and await them there')
  const name = `dbridge_sp_${++state.savepoints}`
  const failureBefore = state.failure
  await state.run({ text: `SAVEPOINT ${name}`, params: noParams })
  try {
    const value = await fn(scope as never)
    await state.run({ text: `RELEASE SAVEPOINT ${name}`, params: noParams })
    return value
  } catch (error) {
    if (state.held.lost) throw error
    await state.run({ text: `ROLLBACK TO SAVEPOINT ${name}`, params: noParams })
    // Rolled back to the savepoint: what failed inside it no longer dooms the transaction.
    state.failure = failureBefore
    throw error
  }
}

/** Decodes raw rows by their column type OIDs into objects keyed by column name. */
function decodeRaw(result: StatementResult): SqlRow[] {
  const columns = result.columns
  const decoders = columns.map((c) => oidDecoder(c.type))
  return result.rows.map((row) => {
    const out: SqlRow = {}
    for (let i = 0; i < columns.length; i++) {
      const text = row[i]
      const decode = decoders[i]
      const value = text === null || text === undefined ? null : decode ? decode(text) : text
      const name = columns[i]!.name
      // A column named __proto__ must stay a plain property, never the row's prototype.
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
      else out[name] = value
    }
    return out
  })
}

/**
 * Creates a database over the given tables (generated code passes them). Each table is a
 * property holding its client.
 */
export function createDatabase<Db>(options: DatabaseOptions | undefined, tables: Readonly<Record<string, TableMeta>>): Db {
  const resolved = resolveOptions(options)
  const core = new Core(resolved)
  const proto = Object.create(Scope.prototype) as object
  for (const key of Object.keys(tables)) {
    Object.defineProperty(proto, key, {
      get(this: Scope) {
        return this.client(key)
      },
      enumerable: true,
    })
  }
  const scope = new Scope(core, new PoolExecutor(core), tables, undefined)
  Object.setPrototypeOf(scope, proto)
  return scope as unknown as Db
}
