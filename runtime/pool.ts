/**
 * One server's connections: the postgres.js pool, the gate that admits callers to it, and
 * what is running on it. The database has one for the primary and one per replica.
 */
import type postgres from 'postgres'
import { Gate } from './gate.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Driver = postgres.Sql<any>

export class Pool {
  readonly gate: Gate
  /** Statements in flight outside held connections. */
  inFlight = 0

  constructor(
    readonly driver: Driver,
    max: number,
    acquireTimeoutMs: number | undefined,
  ) {
    this.gate = new Gate(max, acquireTimeoutMs)
  }

  /** Connections doing something: held ones, and (at most) one per statement in flight. */
  get busy(): number {
    return this.gate.heldSlots + this.inFlight
  }
}
