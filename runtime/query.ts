/**
 * Lazy queries. Every client call returns a `Query`: nothing is sent until it is awaited
 * (or handed to `db.batch`). Its statements are compiled when the call is made, so bad
 * input is reported with the caller's arguments, and later changes to those arguments do
 * not affect the query.
 */
import { DbError, ValidationError, toDbError } from './errors.js'

/** One SQL statement with its bind parameters (already encoded as text). */
export interface Statement {
  readonly text: string
  readonly params: readonly (string | null)[]
}

/** What the driver returned for one statement: rows as arrays of text values. */
export interface StatementResult {
  readonly rows: readonly (readonly (string | null)[])[]
  /** Rows affected (INSERT/UPDATE/DELETE) or returned. */
  readonly count: number
  /** Result columns with their type OIDs (used to decode raw `db.sql` results). */
  readonly columns: readonly { readonly name: string; readonly type: number }[]
}

/** Sends statements (in order) and returns their results. */
export type Send = (statements: readonly Statement[]) => Promise<StatementResult[]>

/**
 * A compiled query: its statements and how to turn their results into the value. A plan
 * whose later statements depend on earlier results (`load`) gives `run` instead.
 */
export interface QueryPlan<T> {
  readonly statements: readonly Statement[]
  readonly run?: (send: Send) => Promise<T>
  /** For work that needs a connection to itself (COPY): run with one held for it. */
  readonly leased?: (lease: Lease) => Promise<T>
  /** Reads may go to a replica; writes never do. */
  readonly read: boolean
  /** Several statements must run atomically (in one transaction). */
  readonly atomic: boolean
  readonly finish: (results: readonly StatementResult[]) => T
  /** A plan of one statement: its result to the value (what `finish` does with `[result]`, without the array). */
  readonly finishOne?: (result: StatementResult) => T
}

/** A connection statements can be sent on (a postgres.js Sql, reserved or transaction). */
export interface DriverConnection {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  unsafe(text: string, params?: any[], options?: { prepare?: boolean }): any
}

/** Records a statement the executor did not send itself (COPY, cursors) in metrics and onQuery. */
export type Reporter = (sql: string, startedAt: number, rowCount: number, error?: Error) => void

/** A connection held for a while (a stream, a COPY); `release` gives it back. */
export interface Lease {
  readonly connection: DriverConnection
  readonly report: Reporter
  /**
   * Set once the connection was lost while held. A cursor that loses its connection while
   * its caller handles a batch ends as if it were complete (postgres.js has no pending
   * read to reject then): whoever reads one checks this at the end.
   */
  readonly lost: Error | undefined
  release(): void
}

/** Runs plans: on the pool, or in a transaction. */
export interface Executor {
  readonly inTransaction: boolean
  /**
   * Whether `execute` of a plan with `finishOne` rejects only with DbErrors (it converts
   * what the driver or the plan's finisher threw itself): then `Query` adds no conversion.
   */
  readonly convertsSingle?: boolean
  execute<T>(plan: QueryPlan<T>): Promise<T>
  /**
   * Holds a connection until released (the transaction's, inside one); `read` allows a
   * replica.
   */
  lease(options?: { read?: boolean }): Promise<Lease>
  /** Runs the plans together: one round trip, one transaction. */
  batch(plans: readonly QueryPlan<unknown>[]): Promise<unknown[]>
}

const queryBrand = Symbol.for('dbridge.query')

/**
 * A lazy query. For the type checker it is a `Promise<T>` (`const p: Promise<Book[]> =
 * db.books.findMany()` compiles, and so does `assert.rejects(query)`), but nothing is sent
 * until it is awaited, `then`/`catch`/`finally` is called, or it is passed to `db.batch`.
 */
export class Query<T> implements Promise<T> {
  // Both on the prototype (below the class), not on each of the many instances.
  declare readonly [queryBrand]: true
  declare readonly [Symbol.toStringTag]: 'Query'
  #promise: Promise<T> | undefined

  /** @internal */
  constructor(
    readonly executor: Executor,
    readonly plan: QueryPlan<T> | { readonly error: Error },
  ) {}

  /** The SQL this query sends, with its parameters, without running it. Throws if the input was rejected. */
  toSQL(): Statement[] {
    if ('error' in this.plan) throw this.plan.error
    return this.plan.statements.map((s) => ({ text: s.text, params: [...s.params] }))
  }

  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    // run() rejects only with DbErrors, the same object however often it is awaited.
    return this.run().then(onFulfilled, onRejected)
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onRejected)
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then(undefined, undefined).finally(onFinally)
  }

  /**
   * Sends the query once; awaiting it again returns the same result. Whatever it fails
   * with reaches the caller as a DbError (`send` converts it, or the executor did): anything
   * else (a decoder's or the driver's own error) is wrapped in one, with the original as `cause`.
   */
  private run(): Promise<T> {
    // Only `then` calls it, and attaches a rejection handler at once.
    return (this.#promise ??= this.send())
  }

  private send(): Promise<T> {
    const { plan, executor } = this
    if ('error' in plan) return Promise.reject(toDbError(plan.error))
    try {
      const sent = executor.execute(plan)
      // The common single statement on the pool converts its own errors: no promise more for it.
      const single = plan.finishOne !== undefined && !plan.run && !plan.leased && !plan.atomic
      return executor.convertsSingle === true && single ? sent : sent.then(undefined, rejectAsDbError)
    } catch (error) {
      return Promise.reject(toDbError(error))
    }
  }
}

function rejectAsDbError(error: unknown): never {
  throw toDbError(error)
}

Object.defineProperty(Query.prototype, queryBrand, { value: true })
Object.defineProperty(Query.prototype, Symbol.toStringTag, { value: 'Query' })

export function isQuery(value: unknown): value is Query<unknown> {
  return typeof value === 'object' && value !== null && queryBrand in value
}

/**
 * The most parameters one statement can have: PostgreSQL's protocol counts them in 16 bits
 * (65,535), and postgres.js refuses 65,534 and more.
 */
export const maxParameters = 65533

/**
 * Builds a query, turning a compile error into a rejected query. `context` names the call
 * in messages (`books.findMany`).
 */
export function lazy<T>(executor: Executor, compile: () => QueryPlan<T>, context = 'query'): Query<T> {
  try {
    const plan = compile()
    checkParameterCount(plan, context)
    return new Query(executor, plan)
  } catch (error) {
    return new Query<T>(executor, { error: asDbError(error, context) })
  }
}

/**
 * An error thrown while compiling is about the caller's arguments (a getter or a proxy
 * that throws, a value too large to build a statement of), so it is a ValidationError
 * that keeps the original as `cause`; dbridge's own errors pass as they are.
 */
export function asDbError(error: unknown, context: string): DbError {
  if (error instanceof DbError) return error
  const name = error instanceof Error ? error.name : typeof error
  const reason = error instanceof RangeError ? 'a value is too large to send, or nested too deeply' : `reading them failed (${name})`
  return new ValidationError(`${context}: invalid input`, [{ path: '', message: `the arguments could not be compiled: ${reason}` }], error)
}

/**
 * More parameters than the protocol can number would be refused by the driver after the
 * call; say so before, and how to send fewer.
 */
function checkParameterCount(plan: QueryPlan<unknown>, context: string): void {
  // A COPY plan builds its INSERT form only if asked (batch, toSQL), with one parameter per column.
  if (plan.leased) return
  for (const statement of plan.statements) {
    if (statement.params.length > maxParameters) {
      throw new ValidationError(`${context}: invalid input`, [
        {
          path: '',
          message:
            `the statement would have ${statement.params.length} parameters; at most ${maxParameters} can be sent. ` +
            'Send a list as one parameter instead: { id: { in: [...] } } rather than OR of many { id } filters',
        },
      ])
    }
  }
}

/** A plan of one statement. */
export function single<T>(
  statement: Statement,
  read: boolean,
  finish: (result: StatementResult) => T,
): QueryPlan<T> {
  return { statements: [statement], read, atomic: false, finish: finishFirst, finishOne: finish }
}

/**
 * `finish` of a plan made by `single`: a method shared by all of them rather than a closure
 * per plan (every caller calls it as `plan.finish(results)`).
 */
function finishFirst<T>(this: QueryPlan<T>, results: readonly StatementResult[]): T {
  return this.finishOne!(results[0]!)
}
