/**
 * Admission to the pool, so that waiting for a connection can time out (postgres.js alone
 * waits forever). Transactions hold a connection for their whole run and take one of
 * `max` slots; single statements are pipelined by the driver over whatever connections
 * are not held, so they only wait while every connection is held by a transaction.
 */
import { TimeoutError } from './errors.js'

interface Waiter {
  readonly forSlot: boolean
  readonly resolve: () => void
  timer?: NodeJS.Timeout
}

export class Gate {
  private held = 0
  private readonly waiters: Waiter[] = []

  constructor(
    private readonly max: number,
    private readonly timeoutMs: number | undefined,
  ) {}

  /** Transactions holding a connection. */
  get heldSlots(): number {
    return this.held
  }

  /** Callers waiting for a connection. */
  get waiting(): number {
    return this.waiters.length
  }

  /** Waits until a statement may be sent (undefined when it may go at once). */
  enterStatement(): Promise<void> | undefined {
    if (this.held < this.max && this.waiters.length === 0) return undefined
    return this.wait(false)
  }

  /** Waits for a connection a transaction can hold; call releaseSlot when done. */
  acquireSlot(): Promise<void> | undefined {
    if (this.held < this.max && this.waiters.length === 0) {
      this.held++
      return undefined
    }
    return this.wait(true)
  }

  releaseSlot(): void {
    this.held--
    this.drain()
  }

  private wait(forSlot: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { forSlot, resolve }
      if (this.timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter)
          if (i >= 0) this.waiters.splice(i, 1)
          reject(
            new TimeoutError(
              `no pooled connection became free within acquireTimeout (${this.timeoutMs} ms); ` +
                `all ${this.max} connections are held by transactions. Raise max or acquireTimeout, or shorten transactions`,
            ),
          )
          this.drain()
        }, this.timeoutMs)
      }
      this.waiters.push(waiter)
    })
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.held < this.max) {
      const waiter = this.waiters.shift()!
      if (waiter.timer) clearTimeout(waiter.timer)
      if (waiter.forSlot) this.held++
      waiter.resolve()
    }
  }
}
