/**
 * `stream()`: the rows of a query in batches through a server-side cursor, so memory stays
 * constant however many rows match.
 *
 * Outside a transaction the stream holds a pooled connection and reads a protocol-level
 * cursor (postgres.js `cursor()`). Inside a transaction it uses DECLARE / FETCH / CLOSE on
 * the transaction's connection instead: a protocol-level cursor would hold that connection
 * until its last row, and any other statement of the transaction awaited inside the loop
 * would wait for it forever.
 */
import { toDbError } from './errors.js'
import type { Executor, Statement, StatementResult } from './query.js'

type RawRows = readonly (readonly (string | null)[])[]

export function streamRows(executor: Executor, statement: Statement, batchSize: number, read: boolean): AsyncIterable<RawRows> {
  return executor.inTransaction ? fetchInTransaction(executor, statement, batchSize) : cursorOnPool(executor, statement, batchSize, read)
}

async function* cursorOnPool(executor: Executor, statement: Statement, batchSize: number, read: boolean): AsyncGenerator<RawRows> {
  const lease = await executor.lease({ read })
  const started = performance.now()
  let count = 0
  let reported = false
  try {
    const query = lease.connection.unsafe(statement.text, statement.params as string[], { prepare: true })
    for await (const rows of query.values().cursor(batchSize) as AsyncIterable<RawRows>) {
      count += rows.length
      yield rows
    }
    // A cursor whose connection was lost between two batches ends as if it were complete.
    if (lease.lost) throw lease.lost
  } catch (error) {
    const failure = toDbError(error, statement.text)
    reported = true
    lease.report(statement.text, started, count, failure)
    throw failure
  } finally {
    // Also when the loop was left early: the statement ran, and onQuery and metrics hear of it.
    if (!reported) lease.report(statement.text, started, count)
    lease.release()
  }
}

/**
 * Cursor names in use on each transaction's connection. A stream takes the lowest free
 * number, so the statement texts (each one a prepared statement on the connection) repeat
 * instead of growing with every stream.
 */
const openCursors = new WeakMap<object, Set<number>>()

async function* fetchInTransaction(executor: Executor, statement: Statement, batchSize: number): AsyncGenerator<RawRows> {
  const lease = await executor.lease()
  let inUse = openCursors.get(lease.connection)
  if (!inUse) openCursors.set(lease.connection, (inUse = new Set()))
  let slot = 1
  while (inUse.has(slot)) slot++
  inUse.add(slot)
  const name = `dbridge_cursor_${slot}`
  // Through the transaction's executor: each statement is reported, and a failure makes the
  // transaction's COMMIT fail loudly.
  const send = (text: string, params: Statement['params'] = []) =>
    executor.execute<StatementResult>({ statements: [{ text, params }], read: false, atomic: false, finish: (results) => results[0]! })
  let declared = false
  let failed = false
  try {
    await send(`DECLARE ${name} NO SCROLL CURSOR FOR ${statement.text}`, statement.params)
    declared = true
    for (;;) {
      const { rows } = await send(`FETCH FORWARD ${batchSize} FROM ${name}`)
      if (rows.length > 0) yield rows
      if (rows.length < batchSize) return
    }
  } catch (error) {
    failed = true
    throw error
  } finally {
    inUse.delete(slot)
    // After a failure the transaction is aborted and the cursor gone with it.
    if (declared && !failed) await send(`CLOSE ${name}`)
  }
}
