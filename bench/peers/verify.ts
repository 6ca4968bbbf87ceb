/**
 * Before a workload is timed, every variant runs once with the same arguments and must
 * return the same data: the same rows in the same order, at every nesting level. Rows are
 * compared by the fields that identify them (ids for reads; for inserts, whose ids differ,
 * the titles), so differences in key spelling (author_id vs authorId) or value types do not
 * matter. A mismatch fails the run.
 */
import type { WorkloadId } from './contender.js'

type Row = Record<string, unknown>

/** Fields that identify a row of each workload's result. */
const identity: Record<WorkloadId, string[]> = {
  findById: ['id', 'title'],
  findMany: ['id'],
  insertOne: ['title', 'views'],
  insertMany: ['title', 'views'],
  update: ['id', 'views'],
  nested: ['id'],
  threeLevels: ['id'],
}

const nestedKeys = ['author', 'comments', 'posts']

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

function shape(value: unknown, fields: string[]): unknown {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value.map((v) => shape(v, fields))
  const row = value as Row
  const out: Record<string, unknown> = {}
  for (const field of fields) out[field] = text(row[field])
  for (const key of nestedKeys) if (key in row) out[key] = shape(row[key], ['id'])
  return out
}

/** What a result must agree on: a single row and a one-element array count alike (update returns either). */
export function signature(workload: WorkloadId, result: unknown): string {
  return JSON.stringify(shape([result].flat(), identity[workload]))
}

function count(value: unknown): number {
  if (!Array.isArray(value)) return value && typeof value === 'object' ? 1 + nestedKeys.reduce((n, k) => n + count((value as Row)[k]), 0) : 0
  return value.reduce((n: number, v) => n + count(v), 0)
}

/** Rows at every level, for the message when a variant returns too few or too many. */
export function rowCount(result: unknown): number {
  return count(result)
}

/** Throws unless every variant's signature equals the first's. */
export function checkSame(workload: WorkloadId, results: { name: string; result: unknown }[]): void {
  const [first, ...rest] = results
  if (!first) return
  const expected = signature(workload, first.result)
  if (expected === '[null]' || expected === '[]') throw new Error(`${workload}: ${first.name} returned nothing`)
  for (const r of rest) {
    const actual = signature(workload, r.result)
    if (actual !== expected) {
      throw new Error(
        `${workload}: ${r.name} returned different data than ${first.name} ` +
          `(${rowCount(r.result)} rows vs ${rowCount(first.result)}):\n  ${actual.slice(0, 300)}\n  ${expected.slice(0, 300)}`,
      )
    }
  }
}

/** The runtime type of a value as a user sees it: bigint, string, number, Date, Decimal... */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  // Bundled classes may carry a suffix (Prisma's Decimal is `Decimal2`).
  if (typeof value === 'object') return (value.constructor?.name ?? 'object').replace(/\d+$/, '')
  return typeof value
}

function field(row: Row | undefined, camel: string): unknown {
  if (!row) return undefined
  const snake = camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
  return camel in row ? row[camel] : row[snake]
}

/** Runtime types of one post (int8 id and views, numeric score, timestamptz) and of a comment nested in it. */
export function describeTypes(post: unknown, nestedPost: unknown): Record<string, string> {
  const top = (Array.isArray(post) ? post[0] : post) as Row | undefined
  const nested = (Array.isArray(nestedPost) ? nestedPost[0] : nestedPost) as Row | undefined
  const comment = (field(nested, 'comments') as Row[] | undefined)?.[0]
  const author = field(nested, 'author') as Row | undefined
  return {
    'int8 id': typeName(field(top, 'id')),
    'int8 views': typeName(field(top, 'views')),
    numeric: typeName(field(top, 'score')),
    timestamptz: typeName(field(top, 'createdAt')),
    'nested int8': typeName(field(comment, 'id')),
    'nested timestamptz': typeName(field(comment, 'createdAt')),
    'nested numeric': typeName(field(author, 'balance')),
  }
}
