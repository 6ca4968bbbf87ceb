/**
 * The database object: a pool (postgres.js), table clients built from generated metadata,
 * transactions with savepoints and retries, and raw SQL. A transaction gets an object with
 * the same API as the database, bound to one connection.
 */
import postgres from 'postgres'
import { ConnectionError, DbError, SerializationError, DeadlockError, ValidationError, toDbError } from './errors.js'
import { Gate } from './gate.js'
import type { TableMeta } from './meta.js'
import { resolveOptions, type DatabaseOptions, type QueryEvent, type ResolvedOptions } from './options.js'
import { lazy, type Executor, type Query, type QueryPlan, type Statement, type StatementResult } from './query.js'
import { SqlFragment } from './sql.js'
import { EncodeError, encodeAny, oidDecoder } from './types.js'
import { TableClientImpl } from './client.js'

export type Isolation = 'read committed' | 'repeatable read' | 'serializable'

export interface TransactionOptions {
  isolation?: Isolation
  readOnly?: boolean
  deferrable?: boolean
  /** Re-run the whole callback this many times on a serialization failure or deadlock (default 0). */
  retries?: number
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
  /** Waits for queries in flight, then closes every connection. */
  close(): Promise<void>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Driver = postgres.Sql<any>
type Connection = Driver | postgres.TransactionSql<any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** What every scope of one database shares. */
class Core {
  readonly driver: Driver
  readonly gate: Gate
  closed = false

  constructor(readonly options: ResolvedOptions) {
    this.driver = postgres(options.driver)
    this.gate = new Gate(options.driver.max ?? 10, options.acquireTimeout)
  }

  /** Sends one statement on `connection` and reports it to onQuery. */
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
        if (this.options.onQuery) this.report(statement.text, start, count)
        return { rows, count, columns: (result.columns ?? []) as unknown as StatementResult['columns'] }
      },
      (error: unknown) => {
        const dbError = toDbError(error, statement.text)
        if (this.options.onQuery) this.report(statement.text, start, 0, dbError)
        throw dbError
      },
    )
  }

  private report(sql: string, start: number, rowCount: number, error?: Error): void {
    const onQuery = this.options.onQuery
    if (!onQuery) return
    const event: QueryEvent = { sql, durationMs: performance.now() - start, rowCount }
    if (error) event.error = error
    try {
      onQuery(event)
    } catch {
      // A failing observer must not fail the query.
    }
  }

  assertOpen(): void {
    if (this.closed) throw closedError()
  }
}

function closedError(): ConnectionError {
  return new ConnectionError('the database was closed; create a new one with createDb')
}

/** Runs plans on the pool. */
class PoolExecutor implements Executor {
  constructor(private readonly core: Core) {}

  execute<T>(plan: QueryPlan<T>): Promise<T> {
    const core = this.core
    if (core.closed) return Promise.reject(closedError())
    if (plan.run) {
      const run = plan.run
      if (plan.atomic) return withTransaction(core, '', (tx) => run((statements) => runAll(tx, statements)))
      return run(async (statements) => {
        const waiting = core.gate.enterStatement()
        if (waiting) await waiting
        const results: StatementResult[] = []
        for (const statement of statements) results.push(await core.run(core.driver, statement))
        return results
      })
    }
    if (plan.statements.length === 0) return Promise.resolve().then(() => plan.finish([]))
    if (plan.atomic) {
      return withTransaction(core, '', async (tx) => plan.finish(await runAll(tx, plan.statements)))
    }
    const send = async (): Promise<T> => {
      const results: StatementResult[] = []
      for (const statement of plan.statements) results.push(await core.run(core.driver, statement))
      return plan.finish(results)
    }
    const waiting = core.gate.enterStatement()
    if (waiting) return waiting.then(send)
    if (plan.statements.length === 1) return core.run(core.driver, plan.statements[0]!).then((result) => plan.finish([result]))
    return send()
  }
}

/** The connection of a transaction or savepoint. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TransactionConnection = postgres.TransactionSql<any>

class TransactionState {
  /** The first failed statement: COMMIT would not commit. */
  failure: Error | undefined
  finished = false
  constructor(
    readonly core: Core,
    readonly connection: TransactionConnection,
  ) {}

  async run(statement: Statement): Promise<StatementResult> {
    if (this.finished) {
      throw new DbError('this transaction has finished; run queries inside the transaction callback, and await them there')
    }
    try {
      return await this.core.run(this.connection, statement)
    } catch (error) {
      this.failure ??= error as Error
      throw error
    }
  }
}

class TransactionExecutor implements Executor {
  constructor(readonly state: TransactionState) {}

  async execute<T>(plan: QueryPlan<T>): Promise<T> {
    if (plan.run) return plan.run((statements) => runAll(this.state, statements))
    return plan.finish(await runAll(this.state, plan.statements))
  }
}

async function runAll(tx: TransactionState, statements: readonly Statement[]): Promise<StatementResult[]> {
  const results: StatementResult[] = []
  for (const statement of statements) results.push(await tx.run(statement))
  return results
}

/**
 * Runs `fn` in a transaction on a connection held for it (postgres.js `begin`, which sends
 * BEGIN, then COMMIT, or ROLLBACK when `fn` throws).
 */
async function withTransaction<T>(core: Core, modes: string, fn: (tx: TransactionState) => Promise<T>): Promise<T> {
  core.assertOpen()
  const waiting = core.gate.acquireSlot()
  if (waiting) await waiting
  let state: TransactionState | undefined
  try {
    return (await core.driver.begin(modes, async (connection) => {
      const tx = (state = new TransactionState(core, connection as unknown as TransactionConnection))
      const value = await fn(tx)
      tx.finished = true
      if (tx.failure) {
        // COMMIT of a transaction in which a statement failed would only roll it back.
        throw new DbError(
          `the transaction was rolled back because a statement in it failed (${tx.failure.message}); ` +
            'catch errors inside a nested transaction (a savepoint) to continue after them',
          { cause: tx.failure, code: (tx.failure as DbError).code },
        )
      }
      return value
    })) as T
  } catch (error) {
    throw toDbError(error)
  } finally {
    if (state) state.finished = true
    core.gate.releaseSlot()
  }
}

const isolations: Record<Isolation, string> = {
  'read committed': 'READ COMMITTED',
  'repeatable read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
}

/** The transaction modes for BEGIN (`isolation level serializable read only`). */
function transactionModes(options: TransactionOptions): string {
  const modes: string[] = []
  if (options.isolation !== undefined) modes.push('ISOLATION LEVEL ' + isolations[options.isolation])
  if (options.readOnly !== undefined) modes.push(options.readOnly ? 'READ ONLY' : 'READ WRITE')
  if (options.deferrable !== undefined) modes.push(options.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE')
  return modes.join(' ').toLowerCase()
}

function checkTransactionOptions(options: unknown, nested: boolean): TransactionOptions {
  if (options === undefined) return {}
  const issues: { path: string; message: string }[] = []
  if (typeof options !== 'object' || options === null) throw new ValidationError('transaction: invalid options', [{ path: 'options', message: 'must be an object' }])
  const o = options as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (!['isolation', 'readOnly', 'deferrable', 'retries'].includes(key)) issues.push({ path: key, message: 'unknown option; expected isolation, readOnly, deferrable or retries' })
  }
  if (o.isolation !== undefined && !(typeof o.isolation === 'string' && o.isolation in isolations)) {
    issues.push({ path: 'isolation', message: `expected 'read committed', 'repeatable read' or 'serializable', got ${String(o.isolation)}` })
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
    })
  }

  async transaction<T>(fn: (tx: never) => Promise<T> | T, options?: TransactionOptions): Promise<T> {
    const state = this.transactionState
    if (state) {
      checkTransactionOptions(options, true)
      return savepoint(this, state, fn)
    }
    const checked = checkTransactionOptions(options, false)
    const modes = transactionModes(checked)
    for (let attempt = 0; ; attempt++) {
      try {
        return await withTransaction(this.core, modes, async (tx) => {
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
    await this.core.driver.end()
  }
}

/** A nested transaction: a savepoint on the transaction's connection. */
async function savepoint<T>(scope: Scope, state: TransactionState, fn: (tx: never) => Promise<T> | T): Promise<T> {
  if (state.finished) throw new DbError('this transaction has finished; run queries inside the transaction callback, and await them there')
  try {
    return (await state.connection.savepoint(async (connection) => {
      const inner = new TransactionState(state.core, connection as unknown as TransactionConnection)
      try {
        return await fn(scope.derive(new TransactionExecutor(inner), inner) as never)
      } finally {
        inner.finished = true
      }
    })) as T
  } catch (error) {
    throw toDbError(error)
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
