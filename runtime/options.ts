/**
 * `createDb` options: validated at once (a typo or a malformed URL fails at start-up, not
 * on the first query) and translated to postgres.js options. Durations are milliseconds.
 * Error messages never include a password.
 */
import type { Options as DriverOptions } from 'postgres'
import { DbError } from './errors.js'
import { driverTypes } from './types.js'
import type { RetryPolicy } from './pool.js'

export interface QueryEvent {
  /** The statement's text (parameters are not included: they may hold secrets). */
  sql: string
  durationMs: number
  /** Rows returned or affected; 0 when the statement failed. */
  rowCount: number
  /** The error the statement failed with, if it did. */
  error?: Error
}

export interface DatabaseOptions {
  /** `postgres://user:password@host:port/database`; defaults to the DATABASE_URL environment variable. */
  url?: string
  /** Most connections in the pool (default 10). */
  max?: number
  /** Close connections idle this long (ms; default: never). */
  idleTimeout?: number
  /** Replace connections older than this (ms; default: 30-60 minutes). */
  maxLifetime?: number
  /** Give up establishing a connection after this long (ms; default 30000). */
  connectTimeout?: number
  /** Give up waiting for a free pooled connection after this long (ms; default: wait). */
  acquireTimeout?: number
  /** Cancel statements running longer than this on the server (ms; default: none). */
  statementTimeout?: number
  /** Use prepared statements (default true). Set false behind PgBouncer in transaction mode. */
  prepare?: boolean
  /** TLS: true / 'require' / 'prefer' / 'verify-full', or Node TLS options. */
  ssl?: boolean | 'require' | 'allow' | 'prefer' | 'verify-full' | Record<string, unknown>
  /** Called after every statement with its text, duration, row count and error. */
  onQuery?: (event: QueryEvent) => void
  /** Statements slower than this (ms) go to onSlowQuery (default: none). */
  slowQueryMs?: number
  /** Receives slow statements (default: a warning on stderr). */
  onSlowQuery?: (event: QueryEvent) => void
  /** Retries of a failed connection attempt, with exponential backoff and jitter (default 3). */
  connectRetries?: number
  /** First delay between connection attempts in ms; doubles up to 2 s (default 100). */
  connectRetryDelay?: number
  /** Read replicas: reads made outside transactions go to them, round robin. */
  replicas?: readonly string[]
}

const knownOptions = new Set<string>([
  'url',
  'max',
  'idleTimeout',
  'maxLifetime',
  'connectTimeout',
  'acquireTimeout',
  'statementTimeout',
  'prepare',
  'ssl',
  'onQuery',
  'slowQueryMs',
  'onSlowQuery',
  'connectRetries',
  'connectRetryDelay',
  'replicas',
])

export class ConfigError extends DbError {}

/** The URL with its password replaced by `***`, safe to print. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:)[^@]*@/i, '$1***@')
}

/** Checks a connection string and returns it parsed. Never echoes the password. */
export function parseDatabaseUrl(url: unknown): URL {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new ConfigError(
      'no database URL: pass createDb({ url }) or set DATABASE_URL (postgres://user:password@host:5432/database)',
    )
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ConfigError(
      `malformed database URL ${redactUrl(url)}: expected postgres://user:password@host:port/database ` +
        '(percent-encode special characters such as / # @ in the password)',
    )
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`database URL ${redactUrl(url)} must start with postgres:// or postgresql://`)
  }
  try {
    decodeURIComponent(parsed.password)
    decodeURIComponent(parsed.username)
  } catch {
    throw new ConfigError(`database URL ${redactUrl(url)} has a malformed percent-encoding in its user or password`)
  }
  if (parsed.port !== '' && !(Number(parsed.port) > 0 && Number(parsed.port) < 65536)) {
    throw new ConfigError(`database URL ${redactUrl(url)} has an invalid port`)
  }
  return parsed
}

function duration(options: DatabaseOptions, key: keyof DatabaseOptions, allowZero = false): number | undefined {
  const value = options[key]
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigError(`createDb: ${key} must be a positive number of milliseconds, got ${String(value)}`)
  }
  return value
}

export interface ResolvedOptions {
  url: string
  driver: DriverOptions<any>
  replicas: DriverOptions<any>[]
  /** Retries of statements that never reached a session (refused or lost connection attempts). */
  connect: RetryPolicy
  slowQueryMs: number | undefined
  onSlowQuery: (event: QueryEvent) => void
  acquireTimeout: number | undefined
  statementTimeout: number | undefined
  prepare: boolean
  onQuery: ((event: QueryEvent) => void) | undefined
}

export function resolveOptions(options: DatabaseOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigError('createDb: options must be an object')
  for (const key of Object.keys(options)) {
    if (!knownOptions.has(key)) throw new ConfigError(`createDb: unknown option '${key}'; expected one of ${[...knownOptions].join(', ')}`)
  }
  const url = options.url ?? process.env.DATABASE_URL
  const parsed = parseDatabaseUrl(url)
  const max = options.max ?? 10
  if (!Number.isInteger(max) || max < 1) throw new ConfigError(`createDb: max must be a positive integer, got ${String(max)}`)
  const idleTimeout = duration(options, 'idleTimeout')
  const maxLifetime = duration(options, 'maxLifetime')
  const connectTimeout = duration(options, 'connectTimeout')
  const acquireTimeout = duration(options, 'acquireTimeout')
  const statementTimeout = duration(options, 'statementTimeout')
  if (options.prepare !== undefined && typeof options.prepare !== 'boolean') throw new ConfigError('createDb: prepare must be true or false')
  if (options.onQuery !== undefined && typeof options.onQuery !== 'function') throw new ConfigError('createDb: onQuery must be a function')
  const ssl = options.ssl
  if (ssl !== undefined && typeof ssl !== 'boolean' && typeof ssl !== 'object' && !['require', 'allow', 'prefer', 'verify-full'].includes(ssl)) {
    throw new ConfigError(`createDb: ssl must be a boolean, 'require', 'allow', 'prefer', 'verify-full' or TLS options`)
  }
  const prepare = options.prepare ?? true
  for (const key of ['slowQueryMs', 'connectRetryDelay'] as const) duration(options, key)
  const retries = options.connectRetries ?? 3
  if (!Number.isInteger(retries) || retries < 0) throw new ConfigError(`createDb: connectRetries must be a non-negative integer, got ${String(retries)}`)
  if (options.onSlowQuery !== undefined && typeof options.onSlowQuery !== 'function') throw new ConfigError('createDb: onSlowQuery must be a function')
  if (options.replicas !== undefined && !Array.isArray(options.replicas)) throw new ConfigError('createDb: replicas must be a list of URLs')
  const driverFor = (parsedUrl: URL): DriverOptions<any> => {
    const connection: Record<string, string> = {
      application_name: 'dbridge',
      // The decoders read ISO dates whatever the server's default is. (Only parameters
      // PgBouncer passes on belong here: it refuses connections that send any other.)
      DateStyle: 'ISO, YMD',
    }
    if (statementTimeout !== undefined) connection.statement_timeout = String(Math.ceil(statementTimeout))
    const host = parsedUrl.searchParams.get('host') ?? (parsedUrl.hostname ? decodeURIComponent(parsedUrl.hostname).replace(/^\[|\]$/g, '') : undefined)
    const driver: DriverOptions<any> = {
      host,
      port: parsedUrl.port ? Number(parsedUrl.port) : undefined,
      database: parsedUrl.pathname.length > 1 ? decodeURIComponent(parsedUrl.pathname.slice(1)) : undefined,
      username: parsedUrl.username ? decodeURIComponent(parsedUrl.username) : undefined,
      password: parsedUrl.password ? decodeURIComponent(parsedUrl.password) : undefined,
      max,
      prepare,
      // The driver then knows every array type (enum arrays included) and splits array
      // literals for us; dbridge's decoders take the split elements.
      fetch_types: true,
      types: driverTypes() as never,
      connection,
      onnotice: () => {},
    }
    const sslMode = ssl ?? parsedUrl.searchParams.get('sslmode') ?? undefined
    if (sslMode !== undefined && sslMode !== 'disable') driver.ssl = sslMode as never
    if (idleTimeout !== undefined) driver.idle_timeout = idleTimeout / 1000
    if (maxLifetime !== undefined) driver.max_lifetime = maxLifetime / 1000
    if (connectTimeout !== undefined) driver.connect_timeout = connectTimeout / 1000
    return driver
  }
  const driver = driverFor(parsed)
  const replicas = (options.replicas ?? []).map((replica) => driverFor(parseDatabaseUrl(replica)))
  const connect: RetryPolicy = { retries, baseDelayMs: options.connectRetryDelay ?? 100, maxDelayMs: 2000 }
  const onSlowQuery =
    options.onSlowQuery ?? ((event: QueryEvent) => process.stderr.write(`dbridge: slow statement (${event.durationMs.toFixed(0)} ms): ${event.sql.slice(0, 500)}\n`))
  return { url: url!, driver, replicas, connect, acquireTimeout, statementTimeout, prepare, onQuery: options.onQuery, slowQueryMs: options.slowQueryMs, onSlowQuery }
}
