/**
 * Node module hooks that let schema files (and scripts) be TypeScript without a build step:
 * `.ts`/`.mts` files are transpiled on load (types stripped, nothing checked), and relative
 * imports may name a file with `.ts`, `.js` or no extension.
 *
 * A `?dbridge=N` query on an imported URL is passed on to the project files it imports, so
 * `dbridge generate --watch` loads a fresh copy of the schema each time. Packages under
 * node_modules are shared.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type * as TypeScript from 'typescript'

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

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
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

let ts: typeof TypeScript | undefined
let loading: Promise<typeof TypeScript> | undefined
const transpiled = new Map<string, { source: string; output: string }>()

function typescript(): Promise<typeof TypeScript> {
  // ts-morph bundles the TypeScript compiler.
  loading ??= import('ts-morph').then((module) => (ts = module.ts as unknown as typeof TypeScript))
  return loading
}

/** Runs when the hooks are registered: start loading the compiler on this thread while the main thread works. */
export function initialize(): void {
  void typescript()
}

export async function load(url: string, context: { format?: string | null }, nextLoad: NextLoad): Promise<LoadResult> {
  const path = url.startsWith('file:') ? fileURLToPath(url.replace(/\?.*$/, '')) : ''
  if (!path || !typescriptFile.test(path)) return nextLoad(url, context)
  const source = await readFile(path, 'utf8')
  const cached = transpiled.get(path)
  if (cached && cached.source === source) return { format: 'module', source: cached.output, shortCircuit: true }
  const compiler = ts ?? (await typescript())
  const result = compiler.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: {
      module: compiler.ModuleKind.ESNext,
      target: compiler.ScriptTarget.ES2022,
      jsx: compiler.JsxEmit.ReactJSX,
      inlineSourceMap: true,
      inlineSources: true,
      esModuleInterop: true,
    },
  })
  const errors = (result.diagnostics ?? []).filter((d) => d.category === compiler.DiagnosticCategory.Error)
  if (errors.length > 0) {
    const messages = errors.map((d) => {
      const text = compiler.flattenDiagnosticMessageText(d.messageText, '\n')
      if (!d.file || d.start === undefined) return text
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
      return `${path}:${line + 1}:${character + 1}: ${text}`
    })
    const error = new SyntaxError(messages.join('\n'))
    Object.assign(error, { code: 'DBRIDGE_TS_SYNTAX' })
    throw error
  }
  transpiled.set(path, { source, output: result.outputText })
  return { format: 'module', source: result.outputText, shortCircuit: true }
}
