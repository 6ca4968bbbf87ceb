/**
 * `dbridge/config`: the configuration file (`dbridge.config.ts`) and how flags, the
 * environment, the file and defaults combine (flags > env > file > defaults).
 */
import type { Casing } from '../schema/model.js'

/**
 * What `generate` writes: `ts`, TypeScript modules (`<out>/*.ts`), or `js`, JavaScript with
 * declarations beside it (`<out>/*.js` + `*.d.ts`), which a consumer's `tsc` only reads instead
 * of checking. Users import `./generated/index.js` either way.
 */
export type EmitMode = 'ts' | 'js'

export const emitModes: readonly EmitMode[] = ['ts', 'js']

export interface DbridgeConfig {
  /** Globs of schema files, relative to the config file (default `schema/**\/*.schema.ts`). */
  schema?: string | string[]
  /** Globs of typed SQL files (`queries/**\/*.sql`), relative to the config file; none by default. */
  queries?: string | string[]
  /** Where the client is emitted (default `generated`). */
  out?: string
  /** Where migration files are written and read (default `migrations`). */
  migrations?: string
  /** The database for commands that need one; unset -> an embedded PostgreSQL under `.dbridge/`. */
  databaseUrl?: string
  /** `snake_case` (default): camelCase in TypeScript <-> snake_case in SQL. `preserve` keeps names. */
  casing?: Casing
  /** `ts` (default): `<out>/*.ts`. `js`: `<out>/*.js` with `*.d.ts`, cheaper for a consumer to type-check. */
  emit?: EmitMode
}

/** Identity, for type checking the config file. */
export function defineConfig(config: DbridgeConfig): DbridgeConfig {
  return config
}

export const defaultConfig = {
  schema: ['schema/**/*.schema.ts'],
  out: 'generated',
  migrations: 'migrations',
  casing: 'snake_case' as Casing,
  emit: 'ts' as EmitMode,
}

/** The configuration every command works from, with paths made absolute. */
export interface ResolvedConfig {
  /** Directory that relative paths start from (the config file's, or the working directory). */
  root: string
  /** The config file, if one was found. */
  configFile: string | null
  schema: string[]
  /** Globs of typed SQL files (empty: none). */
  queries: string[]
  out: string
  migrations: string
  databaseUrl: string | undefined
  casing: Casing
  emit: EmitMode
}
