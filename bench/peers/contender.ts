/**
 * What each client module provides: its ways of running each workload (the form most of its
 * users would write first, plus any faster form worth showing) and a primary-key lookup for
 * the throughput rounds. Every run takes the cycle number; dataset.ts turns it into the
 * same arguments for every client.
 */

export type WorkloadId = 'findById' | 'findMany' | 'insertOne' | 'insertMany' | 'update' | 'nested' | 'threeLevels'

export interface ContenderVariant {
  /** Shown in the tables, e.g. `drizzle .prepare()`. */
  name: string
  run: (i: number) => PromiseLike<unknown>
  /** Hand-written postgres.js: ratios are against the fastest baseline. */
  baseline?: boolean
}

export interface Contender {
  /** The library, e.g. `drizzle`. */
  library: string
  workloads: Partial<Record<WorkloadId, ContenderVariant[]>>
  /** Ways to look up one post by id, for 10,000 lookups with 32 in flight. */
  lookups: { name: string; findById: (id: bigint) => PromiseLike<unknown>; baseline?: boolean }[]
  close(): Promise<void>
}

/** Every client is created with the same pool size. */
export interface ContenderOptions {
  url: string
  max: number
}
