/**
 * Registers the TypeScript module hooks of ts-hooks.ts.
 *
 * By default the hooks thread strips the types itself. The generator asks for
 * `transpileHere`: it loads the TypeScript compiler on the main thread anyway (to read the
 * schema sources and to emit), and a second copy on the hooks thread would cost a cold run
 * as much as the transpilation itself. The hooks then send each file here; `importWithHooks`
 * keeps this thread alive while an import waits for such an answer. For the same reason the
 * hooks then resolve ts-blank-space's `import 'typescript'` to this thread's compiler
 * (stripper-typescript.ts).
 */
import { createRequire, register } from 'node:module'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { transpile, type TranspileResult } from './transpile.js'

const key = Symbol.for('dbridge.tsHooks')

interface Registration {
  /** The port the hooks send files to, when they are transpiled on this thread. */
  port: MessagePort | undefined
  importsInFlight: number
}

function registration(): Registration | undefined {
  return (globalThis as unknown as Record<symbol, Registration | undefined>)[key]
}

export function registerTypeScriptHooks(options: { transpileHere?: boolean } = {}): void {
  if (registration()) return
  const state: Registration = { port: undefined, importsInFlight: 0 }
  if (options.transpileHere) {
    const { port1, port2 } = new MessageChannel()
    port1.on('message', ({ id, path, source }: { id: number; path: string; source: string }) => {
      void transpile(path, source)
        .catch((error: unknown): TranspileResult => ({ errors: [`${path}: ${error instanceof Error ? error.message : String(error)}`] }))
        .then((result) => port1.postMessage({ id, result }))
    })
    port1.unref()
    state.port = port1
    const stripper = pathToFileURL(dirname(createRequire(import.meta.url).resolve('ts-blank-space/package.json'))).href + '/'
    const typescript = { importedBy: stripper, url: new URL('./stripper-typescript.js', import.meta.url).href }
    register('./ts-hooks.js', { parentURL: import.meta.url, data: { port: port2, typescript }, transferList: [port2] })
  } else {
    register('./ts-hooks.js', import.meta.url)
  }
  ;(globalThis as unknown as Record<symbol, Registration>)[key] = state
  process.setSourceMapsEnabled(true)
}

/**
 * `import(url)` through the hooks. While it runs, the port stays referenced: the hooks wait
 * on this thread for transpiled files, and Node would otherwise see nothing left to do and exit.
 */
export async function importWithHooks(url: string): Promise<Record<string, unknown>> {
  registerTypeScriptHooks()
  const state = registration()!
  if (state.importsInFlight++ === 0) state.port?.ref()
  try {
    return (await import(url)) as Record<string, unknown>
  } finally {
    if (--state.importsInFlight === 0) state.port?.unref()
  }
}
