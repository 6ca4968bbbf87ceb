/**
 * COPY: `copyFrom` streams rows into a table with `COPY ... FROM STDIN` (text format),
 * validating each row first; `copyTo` streams a query's rows out with `COPY (...) TO STDOUT`.
 */
import type { Readable } from 'node:stream'
import { ConnectionError, toDbError, ValidationError } from './errors.js'
import { Issues } from './input.js'
import type { ColumnMeta, TableMeta } from './meta.js'
import type { Lease, QueryPlan } from './query.js'
import { copyField, copyFromText, copyToText, inlineParams, type CopyFormat } from './compile/copy.js'
import { EncodeError } from './types.js'

/** The hooks a COPY needs on postgres.js objects (see copyFromPlan). */
interface CopyQuery {
  writable(): Promise<NodeJS.WritableStream & { destroy(error?: Error): void }>
  readable(): Promise<Readable>
  resolve: (result: unknown) => void
  reject: (error: unknown) => void
}

const chunkSize = 64 * 1024

interface CopyOutcome {
  /** The row count of the server's CommandComplete. */
  count?: number | null
  error?: unknown
}

/**
 * postgres.js resolves a COPY query with its stream as soon as the server starts the COPY,
 * and later calls the same resolve (at ReadyForQuery) or reject (the server refused the
 * data, or the connection closed) again. Wrapped before the query is sent, those later calls
 * become the returned outcome. Nothing else may be sent on the connection until it settles:
 * behind PgBouncer in transaction mode, a statement pipelined after the COPY goes astray.
 */
function copyOutcome(query: CopyQuery): { settled: Promise<CopyOutcome>; done(): boolean } {
  const resolveStream = query.resolve
  const rejectStream = query.reject
  let started = false
  let done = false
  const settled = new Promise<CopyOutcome>((resolve) => {
    query.resolve = (value) => {
      if (!started) {
        started = true
        resolveStream(value)
        return
      }
      done = true
      resolve({ count: (value as { count?: number | null } | undefined)?.count })
    }
    query.reject = (error) => {
      started = done = true
      rejectStream(error)
      resolve({ error: error ?? new Error('COPY failed') })
    }
  })
  return { settled, done: () => done }
}

/**
 * `COPY "t" (cols) FROM STDIN`: every row must give the same columns (COPY cannot fill some
 * rows' defaults); a bad row aborts the COPY, so nothing is written.
 */
export function copyFromPlan(meta: TableMeta, rows: unknown, validate: (issues: Issues, row: unknown, path: string) => Record<string, unknown> | undefined): QueryPlan<number> {
  const isIterable = rows !== null && typeof rows === 'object' && (Symbol.iterator in rows || Symbol.asyncIterator in rows)
  if (!isIterable || typeof rows === 'string') {
    throw new ValidationError(`${meta.key}.copyFrom: invalid input`, [{ path: 'rows', message: 'expected an iterable or async iterable of rows' }])
  }
  return {
    statements: [],
    read: false,
    atomic: false,
    finish: () => 0,
    leased: async (lease: Lease) => {
      const source = rows as Iterable<unknown> | AsyncIterable<unknown>
      let columns: ColumnMeta[] | undefined
      let query: CopyQuery | undefined
      let stream: Awaited<ReturnType<CopyQuery['writable']>> | undefined
      let text = ''
      let count = 0
      let buffer = ''
      let outcome: ReturnType<typeof copyOutcome> | undefined
      const started = performance.now()
      const write = async (chunk: string) => {
        if (stream!.write(chunk)) return
        const ended = await Promise.race([new Promise<undefined>((resolve) => stream!.once('drain', () => resolve(undefined))), outcome!.settled])
        if (ended?.error) throw ended.error
      }
      try {
        for await (const row of source) {
          const issues = new Issues(meta.key, 'copyFrom')
          const values = validate(issues, row, `[${count}]`)
          if (values && !columns) {
            columns = meta.columns.filter((c) => c.key in values)
            if (columns.length === 0) issues.add(`[${count}]`, 'gives no column; COPY needs at least one')
          }
          if (values && columns) {
            const keys = Object.keys(values)
            if (keys.length !== columns.length || columns.some((c) => !(c.key in values))) {
              issues.add(`[${count}]`, `gives the columns ${keys.join(', ')}, but the first row gave ${columns.map((c) => c.key).join(', ')}; COPY needs the same columns in every row`)
            }
          }
          issues.throwIfAny()
          if (!query) {
            text = copyFromText(meta, columns!)
            query = lease.connection.unsafe(text) as CopyQuery
            outcome = copyOutcome(query)
            stream = await query.writable()
            // Failures are reported through the outcome, not as stream events.
            ;(stream as unknown as NodeJS.EventEmitter).on('error', () => undefined)
          }
          let line = ''
          for (let i = 0; i < columns!.length; i++) {
            const column = columns![i]!
            const value = values![column.key]
            let field: string | null
            try {
              field = value === null ? null : column.encode(value)
            } catch (error) {
              if (!(error instanceof EncodeError)) throw error
              throw new ValidationError(`${meta.key}.copyFrom: invalid input`, [{ path: `[${count}].${column.key}`, message: error.message }])
            }
            line += (i === 0 ? '' : '\t') + copyField(field)
          }
          buffer += line + '\n'
          count++
          if (buffer.length >= chunkSize) {
            await write(buffer)
            buffer = ''
          }
        }
        if (!query) return 0
        if (buffer) await write(buffer)
        stream!.end()
        const ended = await outcome!.settled
        if (ended.error) throw ended.error
        lease.report(text, started, count)
        return typeof ended.count === 'number' ? ended.count : count
      } catch (error) {
        const reported = error instanceof ValidationError ? error : toDbError(error, text)
        if (stream && !outcome!.done() && !(reported instanceof ConnectionError)) {
          // Abort the COPY (CopyFail) if the server has not ended it yet: it discards every
          // row, answers with an error, and the connection is ready again.
          stream.destroy(error instanceof Error ? error : new Error(String(error)))
          await outcome!.settled
        }
        if (query) lease.report(text, started, 0, reported)
        throw reported
      }
    },
  }
}

/** `COPY (<select>) TO STDOUT`: the rows as COPY text or CSV, in chunks. */
export function copyToStream(acquire: () => Promise<Lease>, select: { text: string; params: readonly (string | null)[] }, format: CopyFormat): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      const lease = await acquire()
      const started = performance.now()
      // What onQuery, metrics and errors show: the statement with its placeholders, never the
      // values written into the text that is sent.
      const shown = copyToText(select.text, format)
      // Iterated by hand: an iterator's return() would destroy the stream mid-COPY, and the
      // connection must read the COPY to its end before it can be used again.
      let rest: AsyncIterator<Buffer> | undefined
      let settled: Promise<CopyOutcome> | undefined
      try {
        // COPY takes no parameters: the values are written as literals, which is only safe
        // while backslashes in literals are plain characters.
        const [setting] = (await lease.connection.unsafe('SHOW standard_conforming_strings')) as { standard_conforming_strings: string }[]
        const body = inlineParams(select.text, select.params, setting?.standard_conforming_strings === 'on')
        const text = copyToText(body, format)
        const query = lease.connection.unsafe(text) as CopyQuery
        const outcome = copyOutcome(query)
        settled = outcome.settled
        const readable = await query.readable()
        rest = (readable as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
        for (;;) {
          const next = await rest.next()
          if (next.done) break
          yield next.value
        }
        rest = undefined
        const ended = await settled
        if (ended.error) throw ended.error
        lease.report(shown, started, 0)
      } catch (error) {
        rest = undefined
        const reported = toDbError(error, shown)
        lease.report(shown, started, 0, reported)
        throw reported
      } finally {
        // Stopped early: read the rest of the COPY before the connection is reused.
        if (rest) {
          while (!(await rest.next()).done);
          await settled
        }
        lease.release()
      }
    },
  }
}
