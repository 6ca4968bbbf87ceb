/**
 * Formats many texts with prettier on this thread and one worker thread at once: the
 * generated statements the layout stage leaves to prettier (layout.ts), which for a large
 * schema of unusual shapes can be many. The worker loads only prettier and takes every
 * other text as it is added; once everything is added this thread formats the rest, handing
 * texts to the worker whenever it runs dry. A handful of texts is formatted here alone:
 * starting a worker would cost more than it saves.
 */
import { Worker } from 'node:worker_threads'

export interface PrettierOptions {
  readonly [option: string]: string | number | boolean
}

/** Fewer texts than this are not worth a worker. */
export const parallelThreshold = 16

type FromWorker = { kind: 'done'; id: number; text: string } | { kind: 'failed'; id: number; message: string } | { kind: 'idle' }

/** The worker's code: format what it is sent; say when it has nothing left to do. */
function workerSource(prettierUrl: string): string {
  return `
    const { parentPort } = await import('node:worker_threads')
    const prettier = await import(${JSON.stringify(prettierUrl)})
    let queue = []
    let running = false
    parentPort.on('message', async (message) => {
      if (message.kind === 'stop') return parentPort.close()
      queue.push(message)
      if (running) return
      running = true
      while (queue.length > 0) {
        const { id, text, options } = queue.shift()
        try {
          parentPort.postMessage({ kind: 'done', id, text: await prettier.format(text, options) })
        } catch (error) {
          parentPort.postMessage({ kind: 'failed', id, message: String(error && error.message || error) })
        }
      }
      running = false
      parentPort.postMessage({ kind: 'idle' })
    })
  `
}

export interface FormatJob {
  readonly path: string
  readonly text: string
}

/** Thrown when prettier cannot parse a generated text: the emitter wrote invalid code. */
export function invalidOutput(path: string, message: string): Error {
  return new Error(`internal error: the generated ${path} is not valid TypeScript (${message})`)
}

/**
 * A formatting session: `add` texts as they are emitted, then `finish` to get every text
 * formatted, in the order added.
 */
export class PrettierPool {
  private readonly jobs: FormatJob[] = []
  private readonly results: (string | undefined)[] = []
  /** Ids of texts this thread has not given away or formatted yet. */
  private readonly local: number[] = []
  private readonly worker: Worker | undefined
  private workerBusy = 0
  private failure: Error | undefined
  private wake: (() => void) | undefined

  constructor(
    private readonly options: PrettierOptions,
    expected: number,
  ) {
    if (expected < parallelThreshold) return
    const prettierUrl = import.meta.resolve('prettier')
    this.worker = new Worker(workerSource(prettierUrl), { eval: true })
    this.worker.unref()
    this.worker.on('message', (message: FromWorker) => this.onMessage(message))
    this.worker.on('error', (error) => {
      this.failure ??= error
      this.wake?.()
    })
  }

  /** Queues a text; every other one goes to the worker straight away. */
  add(job: FormatJob): void {
    const id = this.jobs.push(job) - 1
    if (this.worker && id % 2 === 1) this.send(id)
    else this.local.push(id)
  }

  async finish(): Promise<string[]> {
    try {
      const prettier = this.local.length > 0 ? await import('prettier') : undefined
      while (this.local.length > 0 && prettier) {
        if (this.failure) throw this.failure
        const id = this.local.shift()!
        const job = this.jobs[id]!
        try {
          this.results[id] = await prettier.format(job.text, this.options)
        } catch (error) {
          throw invalidOutput(job.path, (error as Error).message)
        }
        // Let the worker's messages in: it asks for more work when it runs dry.
        if (this.worker) await new Promise((resolve) => setImmediate(resolve))
      }
      while (this.workerBusy > 0 && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve))
      if (this.failure) throw this.failure
      return this.results as string[]
    } finally {
      this.worker?.postMessage({ kind: 'stop' })
    }
  }

  private send(id: number): void {
    this.workerBusy++
    this.worker!.postMessage({ kind: 'format', id, text: this.jobs[id]!.text, options: this.options })
  }

  private onMessage(message: FromWorker): void {
    if (message.kind === 'idle') {
      // Give the worker the last text this thread would reach, so neither waits for the other.
      if (this.local.length > 1) this.send(this.local.pop()!)
      return
    }
    this.workerBusy--
    if (message.kind === 'done') this.results[message.id] = message.text
    else this.failure ??= invalidOutput(this.jobs[message.id]!.path, message.message)
    if (this.workerBusy === 0) this.wake?.()
  }
}
