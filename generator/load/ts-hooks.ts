/**
 * Node module hooks that let schema files (and scripts) be TypeScript without a build step:
 * `.ts`/`.mts` files are transpiled on load (types stripped, nothing checked), and relative
 * imports may name a file with `.ts`, `.js` or no extension.
 *
 * The types are stripped by transpile.ts: on this thread, or, when the generator registers
 * the hooks (hooks.ts), on its main thread, which loads the TypeScript compiler anyway;
 * loading it a second time here would cost as much as the whole transpilation. There,
 * ts-blank-space's own `import 'typescript'` is resolved to that compiler as well.
 *
 * A `?dbridge=N` query on an imported URL is passed on to the project files it imports, so
 * `dbridge generate --watch` loads a fresh copy of the schema each time. Packages under
 * node_modules are shared.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { MessagePort } from 'node:worker_threads'
import type { TranspileResult } from './transpile.js'

interface ResolveContext {
  parentURL?: string
  conditions?: readonly string[]
  importAttributes?: Record<string, string>
}
interface ResolveResult {
  url: string
  format?: string | null
  shortCircuit?: boolean
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>
interface LoadResult {
  format: string
  source?: string | ArrayBuffer | Uint8Array
  shortCircuit?: boolean
}
type NextLoad = (url: string, context?: { format?: string | null }) => Promise<LoadResult>

const versionPattern = /[?&]dbridge=(\d+)/
const typescriptFile = /\.m?tsx?$/

function versionOf(url: string | undefined): string | undefined {
  return url ? versionPattern.exec(url)?.[1] : undefined
}

function withVersion(result: ResolveResult, version: string | undefined): ResolveResult {
  if (!version || !result.url.startsWith('file:') || result.url.includes('/node_modules/') || result.url.includes('?')) return result
  return { ...result, url: `${result.url}?dbridge=${version}` }
}

function candidates(specifier: string): string[] {
  if (/\.js$/.test(specifier)) return [specifier.replace(/\.js$/, '.ts'), specifier.replace(/\.js$/, '.tsx')]
  if (/\.mjs$/.test(specifier)) return [specifier.replace(/\.mjs$/, '.mts')]
  if (/\.(m|c)?tsx?$/.test(specifier)) return []
  return [specifier + '.ts', specifier + '.tsx', specifier + '.js', specifier + '.mjs', specifier + '/index.ts', specifier + '/index.js']
}

/** Where ts-blank-space (the package under `importedBy`) gets `typescript` from, when hooks.ts lends it a compiler. */
let lentTypescript: { importedBy: string; url: string } | undefined

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  if (specifier === 'typescript' && lentTypescript && context.parentURL?.startsWith(lentTypescript.importedBy)) {
    return { url: lentTypescript.url, format: 'module', shortCircuit: true }
  }
  const version = versionOf(context.parentURL)
  try {
    return withVersion(await nextResolve(specifier, context), version)
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:')
    const code = (error as { code?: string }).code
    if (!relative || (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw error
    for (const candidate of candidates(specifier)) {
      try {
        return withVersion(await nextResolve(candidate, context), version)
      } catch {
        // try the next spelling
      }
    }
    throw error
  }
}

let port: MessagePort | undefined
let nextRequest = 0
const pending = new Map<number, (result: TranspileResult) => void>()

/** Receives the port of the thread that transpiles, when that is not this one (hooks.ts). */
export function initialize(data: { port?: MessagePort; typescript?: { importedBy: string; url: string } } | undefined): void {
  lentTypescript = data?.typescript
  if (!data?.port) return
  port = data.port
  port.on('message', ({ id, result }: { id: number; result: TranspileResult }) => {
    pending.get(id)?.(result)
    pending.delete(id)
  })
  // Referenced: an unreferenced port would let this thread sleep through the answers.
}

function transpileElsewhere(path: string, source: string): Promise<TranspileResult> {
  const id = nextRequest++
  return new Promise((resolve) => {
    pending.set(id, resolve)
    port!.postMessage({ id, path, source })
  })
}

export async function load(url: string, context: { format?: string | null }, nextLoad: NextLoad): Promise<LoadResult> {
  const path = url.startsWith('file:') ? fileURLToPath(url.replace(/\?.*$/, '')) : ''
  if (!path || !typescriptFile.test(path)) return nextLoad(url, context)
  const source = await readFile(path, 'utf8')
  const result = await (port ? transpileElsewhere(path, source) : (await import('./transpile.js')).transpile(path, source))
  if ('errors' in result) {
    const error = new SyntaxError(result.errors.join('\n'))
    Object.assign(error, { code: 'DBRIDGE_TS_SYNTAX' })
    throw error
  }
  return { format: 'module', source: result.output, shortCircuit: true }
}
