/**
 * Load: find the config and the schema files and import them (TypeScript is transpiled on
 * the fly by the hooks in ts-hooks.ts; nothing is compiled first). A file that fails to
 * load becomes a diagnostic naming it; loading goes on with the others.
 */
import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { manyToManyRegistry, type ManyToMany } from '../../schema/dsl.js'
import { defaultConfig, emitModes, type DbridgeConfig, type EmitMode, type ResolvedConfig } from '../config.js'
import { UsageError, UserError, type Diagnostic } from '../diagnostics.js'
import { findFiles, toPosix } from './glob.js'
import type { LoadedFile } from '../model/normalize.js'
import { importWithHooks } from './hooks.js'
import { openSourceCache } from './source-cache.js'
import { readSourceInfo } from './source-types.js'

let generation = 0

/** Imports a module afresh (a new copy of it and the project files it imports). */
async function importFresh(file: string): Promise<Record<string, unknown>> {
  return importWithHooks(`${pathToFileURL(file).href}?dbridge=${++generation}`)
}

const configNames = ['dbridge.config.ts', 'dbridge.config.mts', 'dbridge.config.js', 'dbridge.config.mjs']
const configKeys = ['schema', 'queries', 'out', 'migrations', 'databaseUrl', 'casing', 'emit']

export interface ConfigFlags {
  config?: string
  schema?: string | string[]
  queries?: string | string[]
  out?: string
  migrations?: string
  databaseUrl?: string
  /** `generate --emit ts|js`. */
  emit?: string
}

const isEmitMode = (value: unknown): value is EmitMode => emitModes.includes(value as EmitMode)

/** Flags > environment > config file > defaults. */
export async function resolveConfig(flags: ConfigFlags, cwd = process.cwd(), env = process.env): Promise<ResolvedConfig> {
  let configFile: string | null = null
  if (flags.config) {
    configFile = resolve(cwd, flags.config)
    if (!existsSync(configFile)) throw new UserError(`config file ${flags.config} does not exist`)
  } else {
    configFile = configNames.map((name) => resolve(cwd, name)).find((path) => existsSync(path)) ?? null
  }
  let fileConfig: DbridgeConfig = {}
  if (configFile) {
    openSourceCache(dirname(configFile))
    let loaded: Record<string, unknown>
    try {
      loaded = await importFresh(configFile)
    } catch (error) {
      throw new UserError(`${toPosix(relative(cwd, configFile))}: could not load the config: ${(error as Error).message}`)
    }
    const value = loaded.default
    if (typeof value !== 'object' || value === null) {
      throw new UserError(`${toPosix(relative(cwd, configFile))}: the default export must be defineConfig({ ... })`)
    }
    const unknown = Object.keys(value).filter((key) => !configKeys.includes(key))
    if (unknown.length > 0) {
      throw new UserError(`${toPosix(relative(cwd, configFile))}: unknown option ${unknown.map((k) => `'${k}'`).join(', ')}; expected ${configKeys.join(', ')}`)
    }
    fileConfig = value as DbridgeConfig
    const queries = fileConfig.queries
    if (queries !== undefined && typeof queries !== 'string' && !(Array.isArray(queries) && queries.every((glob) => typeof glob === 'string'))) {
      throw new UserError(`${toPosix(relative(cwd, configFile))}: queries must be a glob or a list of globs of .sql files, e.g. ['queries/**/*.sql']`)
    }
    if (fileConfig.casing !== undefined && fileConfig.casing !== 'snake_case' && fileConfig.casing !== 'preserve') {
      throw new UserError(`${toPosix(relative(cwd, configFile))}: casing must be 'snake_case' or 'preserve'`)
    }
    if (fileConfig.emit !== undefined && !isEmitMode(fileConfig.emit)) {
      throw new UserError(`${toPosix(relative(cwd, configFile))}: emit must be 'ts' or 'js' (not ${JSON.stringify(fileConfig.emit)})`)
    }
  }
  if (flags.emit !== undefined && !isEmitMode(flags.emit)) throw new UsageError(`--emit must be ts or js (not ${JSON.stringify(flags.emit)})`)
  const root = configFile ? dirname(configFile) : cwd
  const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value])
  // Paths from flags are relative to the working directory, from the file to the file.
  const schemaFromFlags = list(flags.schema)
  const schema = schemaFromFlags
    ? schemaFromFlags.map((glob) => toPosix(relative(root, resolve(cwd, glob))))
    : (list(fileConfig.schema) ?? defaultConfig.schema)
  return {
    root,
    configFile,
    schema,
    // The config's statements are written against the config's schema: a schema given on
    // the command line takes them along only if --queries names them too.
    queries: list(flags.queries)?.map((glob) => toPosix(relative(root, resolve(cwd, glob)))) ?? (schemaFromFlags ? [] : (list(fileConfig.queries) ?? [])),
    out: flags.out ? resolve(cwd, flags.out) : resolve(root, fileConfig.out ?? defaultConfig.out),
    migrations: flags.migrations ? resolve(cwd, flags.migrations) : resolve(root, fileConfig.migrations ?? defaultConfig.migrations),
    databaseUrl: flags.databaseUrl ?? (env.DATABASE_URL || undefined) ?? fileConfig.databaseUrl,
    casing: fileConfig.casing ?? defaultConfig.casing,
    emit: (flags.emit as EmitMode | undefined) ?? fileConfig.emit ?? defaultConfig.emit,
  }
}

export interface LoadResult {
  files: LoadedFile[]
  manyToMany: ManyToMany[]
  diagnostics: Diagnostic[]
  /** Absolute paths of the schema files that were loaded. */
  paths: string[]
}

/** First line of an error, and for syntax errors the location the hooks reported. */
function describeLoadError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const message = error.message.split('\n').slice(0, 6).join('\n    ')
  const frame = error.stack?.split('\n').find((line) => line.includes('.schema.') || line.includes('file://'))
  return (error instanceof SyntaxError ? 'syntax error: ' : '') + message + (frame && !(error instanceof SyntaxError) ? `\n    at ${frame.trim().replace(/^at /, '').replace(/\?dbridge=\d+/g, '')}` : '')
}

export async function loadSchema(config: ResolvedConfig): Promise<LoadResult> {
  const paths = findFiles(config.root, config.schema)
  const diagnostics: Diagnostic[] = []
  if (paths.length === 0) {
    diagnostics.push({
      file: null,
      message: `no schema files match ${config.schema.map((g) => `'${g}'`).join(', ')} (from ${toPosix(relative(process.cwd(), config.root)) || '.'})`,
      hint: 'create a *.schema.ts file there, or point --schema / the config "schema" option at your schema files',
    })
    return { files: [], manyToMany: [], diagnostics, paths }
  }
  const cache = openSourceCache(config.root)
  const registry = manyToManyRegistry()
  registry.length = 0
  const files: LoadedFile[] = []
  const gen = ++generation
  for (const path of paths) {
    const rel = toPosix(relative(config.root, path))
    const source = readSourceInfo(path, config.root)
    diagnostics.push(...source.diagnostics)
    try {
      const exports = await importWithHooks(`${pathToFileURL(path).href}?dbridge=${gen}`)
      files.push({ rel, exports, info: source.info })
    } catch (error) {
      diagnostics.push({
        file: rel,
        message: `could not load the file: ${describeLoadError(error).replaceAll(pathToFileURL(config.root).href + '/', '').replaceAll(config.root + '/', '')}`,
        hint: 'fix the error above; the rest of the schema was checked without this file',
      })
    }
  }
  cache?.save()
  return { files, manyToMany: [...registry], diagnostics, paths }
}
