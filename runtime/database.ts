/**
 * The database object: table clients built from generated metadata, transactions, raw SQL,
 * batches, metrics and close. A transaction (or a savepoint in it) gets an object with the
 * same API, bound to its connection.
 */
import { DbError, SerializationError, DeadlockError, ValidationError } from './errors.js'
import type { TableMeta } from './meta.js'
import { resolveOptions, type DatabaseOptions } from './options.js'
import { Core } from './core.js'
import { PoolExecutor, TransactionExecutor } from './executor.js'
import { prometheusText, type Metrics } from './metrics.js'
import { lazy, isQuery, type Executor, type Query } from './query.js'
import { rawSqlPlan, type SqlRow } from './raw.js'
import { SqlFragment, SqlIdentifier } from './sql.js'
import { TableClientImpl } from './client/table-client.js'
import { emptyOwn, plainOwn } from './input.js'
import { describe } from './types.js'
import { sqlQueryPlan, type SqlQuery } from './typed-sql.js'
import { beginStatement, checkTransactionOptions, runTransaction, type Frame, type Transaction, type TransactionOptions } from './transaction.js'

export type { Isolation, TransactionOptions } from './transaction.js'
export type { SqlRow } from './raw.js'

export interface ScopeOptions {
  /** A role to act as (`SET LOCAL ROLE`). */
  role?: string
  /** Settings for the transaction (`set_config(name, value, true)`), e.g. `{ 'app.user_id': '42' }`. */
  settings?: Readonly<Record<string, string | number | boolean>>
}

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
   * transaction, `tx.transaction` uses a savepoint; savepoints asked for together run one
   * after another, in call order.
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
  /**
   * Waits for the work in flight (up to `timeout` ms, default 30 000), then closes every
   * connection; what is still running then fails with ConnectionError. Always resolves;
   * later calls reject with ConnectionError.
   */
  close(options?: { timeout?: number }): Promise<void>
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
  /** `queries` of this scope, bound to its executor; made on first use. */
  private boundQueries: Record<string, (params?: unknown) => Query<unknown>> | undefined

  constructor(
    readonly core: Core,
    readonly executor: Executor,
    readonly tables: Readonly<Record<string, TableMeta>>,
    /** The transaction and the level of it (the transaction, or a savepoint) this scope runs on. */
    readonly tx: Transaction | undefined,
    readonly frame: Frame | undefined,
    /** The statements of typed SQL files (`db.queries`), by name. */
    readonly sqlQueries: Readonly<Record<string, SqlQuery>> = {},
  ) {}

  /** `util.inspect(db)` names the tables; the options it holds (with the password) stay out of logs. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Database { ${Object.keys(this.tables).join(', ')} }`
  }

  /** @internal */
  client(key: string): TableClientImpl {
    let client = this.clients.get(key)
    if (!client) this.clients.set(key, (client = new TableClientImpl(this.tables[key]!, this.executor)))
    return client
  }

  /** @internal `db.queries`: a function per typed statement, running on this scope's executor. */
  queriesOf(): Record<string, (params?: unknown) => Query<unknown>> {
    if (this.boundQueries) return this.boundQueries
    const bound = Object.create(null) as Record<string, (params?: unknown) => Query<unknown>>
    for (const [name, query] of Object.entries(this.sqlQueries)) {
      bound[name] = (params?: unknown) => lazy(this.executor, () => sqlQueryPlan(query, params), `queries.${name}`)
    }
    return (this.boundQueries = Object.freeze(bound))
  }

  sql(strings: TemplateStringsArray, ...values: unknown[]): Query<SqlRow[]> {
    return lazy(this.executor, () => rawSqlPlan(strings, values), 'db.sql')
  }

  async transaction<T>(fn: (tx: never) => Promise<T> | T, options?: TransactionOptions): Promise<T> {
    if (typeof fn !== 'function') throw new ValidationError('transaction: invalid input', [{ path: 'fn', message: `expected a function, got ${describe(fn)}` }])
    const core = this.core
    if (this.tx) {
      checkTransactionOptions(options, true)
      const tx = this.tx
      return tx.savepoint(this.frame!, async (child) => fn(this.on(tx, child) as never))
    }
    const checked = checkTransactionOptions(options, false)
    const begin = beginStatement(checked)
    for (let attempt = 0; ; attempt++) {
      try {
        const held = await core.hold(core.primary, begin)
        return await runTransaction(held, core.run, async (tx) => fn(this.on(tx, tx.root) as never))
      } catch (error) {
        if (isRetryable(error) && attempt < (checked.retries ?? 0)) {
          await backoff(attempt)
          continue
        }
        throw error
      }
    }
  }

  /** A scope with the same tables on one level of a transaction. */
  private on(tx: Transaction, frame: Frame): Scope {
    const scope = Object.create(Object.getPrototypeOf(this)) as Scope
    const fields: Partial<Record<keyof Scope, unknown>> = {
      core: this.core,
      executor: new TransactionExecutor(this.core, tx, frame),
      tables: this.tables,
      tx,
      frame,
      sqlQueries: this.sqlQueries,
    }
    Object.assign(scope, fields, { clients: new Map(), boundQueries: undefined })
    return scope
  }

  async close(options?: { timeout?: number }): Promise<void> {
    if (this.tx) throw new DbError('close() is for the database, not a transaction')
    const timeout = options?.timeout
    if (options !== undefined && (typeof options !== 'object' || options === null || Object.keys(options).some((k) => k !== 'timeout'))) {
      throw new ValidationError('close: invalid options', [{ path: 'options', message: 'expected { timeout?: milliseconds }' }])
    }
    if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0 && Number.isFinite(timeout))) {
      throw new ValidationError('close: invalid options', [{ path: 'timeout', message: 'expected a non-negative number of milliseconds' }])
    }
    await this.core.close(timeout)
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
    if (this.tx) {
      // SET LOCAL would outlive a savepoint and hold for the rest of the outer transaction.
      throw new DbError('scoped() starts its own transaction: call it on the database, not inside a transaction')
    }
    return this.transaction(async (tx) => {
      const scoped = tx as unknown as Scope
      // LOCAL: the role and settings end with the transaction, so they never reach the next user of the connection.
      if (role !== undefined) await scoped.sql`SET LOCAL ROLE ${identifierOf(role)}`
      for (const [name, value] of entries) await scoped.sql`select set_config(${name}, ${String(value)}, true)`
      return fn(tx)
    })
  }
}

function identifierOf(name: string): SqlFragment {
  return new SqlFragment(['', ''], [new SqlIdentifier([name])])
}

/**
 * Creates a database over the given tables (generated code passes them). Each table is a
 * property holding its client; the statements of typed SQL files, if any, are functions of
 * `queries`.
 */
export function createDatabase<Db>(
  options: DatabaseOptions | undefined,
  tables: Readonly<Record<string, TableMeta>>,
  queries?: Readonly<Record<string, SqlQuery>>,
): Db {
  const core = new Core(resolveOptions(options))
  const proto = Object.create(Scope.prototype) as object
  for (const key of Object.keys(tables)) {
    Object.defineProperty(proto, key, {
      get(this: Scope) {
        return this.client(key)
      },
      enumerable: true,
    })
  }
  if (queries) {
    Object.defineProperty(proto, 'queries', {
      get(this: Scope) {
        return this.queriesOf()
      },
      enumerable: true,
    })
  }
  const scope = new Scope(core, new PoolExecutor(core), tables, undefined, undefined, queries)
  Object.setPrototypeOf(scope, proto)
  return scope as unknown as Db
}
