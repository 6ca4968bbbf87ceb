/**
 * `createDb` options: validated at once (a typo or a malformed URL fails at start-up, not
 * on the first query) and translated to postgres.js options. Durations are milliseconds.
 * Error messages never include a password: a URL is shown only with its password masked,
 * and not at all when it is malformed in a way that leaves the password's place unknown.
 */
import type { Options as DriverOptions } from 'postgres'
import { ConfigError } from './errors.js'
import { isPlainObject, plainOwn, type Own } from './input.js'
import { describe, driverTypes } from './types.js'
import { devServerUrl } from './dev-server.js'
import { percentDecoded, redactUrl } from './url-secrets.js'
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
  /** Retries of a statement that never reached a session, with exponential backoff and jitter (default 6). */
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

// Where it was defined first; it lives with the other errors now.
export { ConfigError }

/** The schemes accepted, in lower case (a scheme is case-insensitive). */
const schemes = ['postgres://', 'postgresql://']

const encodeHint = 'percent-encode special characters in the user name and password (/ as %2F, ? as %3F, # as %23, @ as %40, : as %3A, % as %25)'

/**
 * What is wrong with the form of a database URL, said without showing the URL: until it
 * parses as a postgres:// URL, nothing tells where its password is, so no part of it is
 * safe to print.
 */
function formProblem(url: string): string | undefined {
  if (/^\s/.test(url)) return 'starts with a blank (space, tab or newline); remove it'
  if (/\s$/.test(url)) return 'ends with a blank (space, tab or newline); remove it'
  if (/^["'`]/.test(url)) return 'is quoted; remove the quotes around it'
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(url)) return 'holds an assignment (NAME=...); give only the URL, postgres://...'
  const start = url.slice(0, 'postgresql://'.length).toLowerCase()
  if (schemes.some((scheme) => start.startsWith(scheme))) return undefined
  if (/^postgres(ql)?:/i.test(url)) return "must start with postgres:// (the '//' after 'postgres:' is missing)"
  if (/^postgres(ql)?\/\//i.test(url)) return "must start with postgres:// (the ':' before '//' is missing)"
  return 'must start with postgres:// or postgresql://'
}

/**
 * What is wrong with a parsed URL's structure that leaves its password's place unknown:
 * an unencoded '/', '?' or '#' in a password ends the host early, and the rest (with the
 * '@' that should have closed the password) lands in the path, query or fragment, where it
 * would be sent as a database name or dropped.
 */
function structureProblem(url: URL): string | undefined {
  const afterHost = url.pathname + url.search + url.hash
  if (afterHost.includes('@')) return `has an '@' after its host: ${encodeHint}`
  if (url.hash !== '') return `has a '#' (a fragment, which a database URL cannot have): ${encodeHint}`
  if (url.pathname.indexOf('/', 1) > 0) return `has a '/' in its database name: ${encodeHint}`
  return undefined
}

/**
 * Checks a connection string and returns it parsed. `name` says where it came from in
 * messages (`url`, `DATABASE_URL`, `replicas[0]`). A message shows the URL only with its
 * password masked, and not at all while the password's place in it is unknown.
 */
export function parseDatabaseUrl(url: unknown, name = 'database URL'): URL {
  if (url === undefined || url === '') {
    const dev = process.env.NODE_ENV === 'production' ? ' (NODE_ENV=production: the database of a running `dbridge dev` is never used)' : ', or run `npx dbridge dev` in the project, whose dev database is used when no URL is given'
    throw new ConfigError(`no database URL: pass createDb({ url }) or set DATABASE_URL (postgres://user:password@host:5432/database)${dev}`)
  }
  if (typeof url !== 'string') throw new ConfigError(`${name} must be a string, got ${describe(url)}`)
  if (url.trim() === '') throw new ConfigError(`${name} is blank; give postgres://user:password@host:5432/database`)
  const problem = formProblem(url)
  if (problem) throw new ConfigError(`${name} ${problem}`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // The parser's own error holds the URL (its `input`): it is neither shown nor kept as a cause.
    throw new ConfigError(`${name} is malformed: expected postgres://user:password@host:port/database; ${encodeHint}, and check that the port is a number from 1 to 65535`)
  }
  const structure = structureProblem(parsed)
  if (structure) throw new ConfigError(`${name} ${structure}`)
  const shown = redactUrl(url)
  if (parsed.hostname === '' && !parsed.searchParams.get('host')) throw new ConfigError(`${name} ${shown} has no host: give postgres://user:password@host:5432/database`)
  if (parsed.port === '0') throw new ConfigError(`${name} ${shown} has port 0; give a port from 1 to 65535`)
  for (const [part, value] of [['user name', parsed.username], ['password', parsed.password], ['host', parsed.hostname], ['database name', parsed.pathname]] as const) {
    if (percentDecoded(value) === undefined) throw new ConfigError(`${name} ${shown} has a malformed percent-encoding in its ${part} (write % as %25)`)
  }
  return parsed
}

function duration(options: Own, key: keyof DatabaseOptions, allowZero = false): number | undefined {
  const value = options[key]
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigError(`createDb: ${key} must be a positive number of milliseconds, got ${describe(value)}`)
  }
  return value
}

export interface ResolvedOptions {
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

export function resolveOptions(given: DatabaseOptions = {}): ResolvedOptions {
  // Only the options given are read: nothing inherited (a polluted Object.prototype.url).
  const options = plainOwn(given)
  if (!options) throw new ConfigError(`createDb: options must be a plain object whose properties can be read, got ${describe(given)}`)
  for (const key of Object.keys(options)) {
    if (!knownOptions.has(key)) throw new ConfigError(`createDb: unknown option '${key}'; expected one of ${[...knownOptions].join(', ')}`)
  }
  const fromEnvironment = options.url === undefined
  const environment = process.env.DATABASE_URL || undefined
  // Neither given: the project's running `dbridge dev` server, outside production.
  const devUrl = fromEnvironment && environment === undefined ? devServerUrl() : undefined
  const url = fromEnvironment ? (environment ?? devUrl) : options.url
  const parsed = parseDatabaseUrl(url, devUrl ? 'the dev server URL (.dbridge/dev.json)' : fromEnvironment ? 'DATABASE_URL' : 'url')
  const max = (options.max ?? 10) as number
  if (!Number.isInteger(max) || max < 1) throw new ConfigError(`createDb: max must be a positive integer, got ${describe(max)}`)
  const idleTimeout = duration(options, 'idleTimeout')
  const maxLifetime = duration(options, 'maxLifetime')
  const connectTimeout = duration(options, 'connectTimeout')
  const acquireTimeout = duration(options, 'acquireTimeout')
  const statementTimeout = duration(options, 'statementTimeout')
  if (options.prepare !== undefined && typeof options.prepare !== 'boolean') throw new ConfigError('createDb: prepare must be true or false')
  if (options.onQuery !== undefined && typeof options.onQuery !== 'function') throw new ConfigError('createDb: onQuery must be a function')
  const ssl = options.ssl
  if (ssl !== undefined && typeof ssl !== 'boolean' && !isPlainObject(ssl) && !['require', 'allow', 'prefer', 'verify-full'].includes(ssl as string)) {
    throw new ConfigError(`createDb: ssl must be a boolean, 'require', 'allow', 'prefer', 'verify-full' or TLS options`)
  }
  const prepare = options.prepare ?? true
  for (const key of ['slowQueryMs', 'connectRetryDelay'] as const) duration(options, key)
  // Six retries sleep 2.55-5.1 s in all: enough to ride out a server restart (measured
  // 1.3-2.3 s of downtime for a fast shutdown and start, docs/runtime.md#soak).
  const retries = (options.connectRetries ?? 6) as number
  if (!Number.isInteger(retries) || retries < 0) throw new ConfigError(`createDb: connectRetries must be a non-negative integer, got ${describe(retries)}`)
  if (options.onSlowQuery !== undefined && typeof options.onSlowQuery !== 'function') throw new ConfigError('createDb: onSlowQuery must be a function')
  const replicaUrls = options.replicas === undefined ? [] : options.replicas
  if (!Array.isArray(replicaUrls)) throw new ConfigError(`createDb: replicas must be a list of URLs, got ${describe(replicaUrls)}`)
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
  const replicas = Array.from(replicaUrls, (replica, i) => driverFor(parseDatabaseUrl(replica, `replicas[${i}]`)))
  const connect: RetryPolicy = { retries, baseDelayMs: (options.connectRetryDelay as number | undefined) ?? 100, maxDelayMs: 2000 }
  const onSlowQuery =
    (options.onSlowQuery as ResolvedOptions['onSlowQuery'] | undefined) ??
    ((event: QueryEvent) => process.stderr.write(`dbridge: slow statement (${event.durationMs.toFixed(0)} ms): ${event.sql.slice(0, 500)}\n`))
  return {
    driver,
    replicas,
    connect,
    acquireTimeout,
    statementTimeout,
    prepare: prepare as boolean,
    onQuery: options.onQuery as ResolvedOptions['onQuery'],
    slowQueryMs: options.slowQueryMs as number | undefined,
    onSlowQuery,
  }
}
