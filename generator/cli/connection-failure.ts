/**
 * Failures to reach or log in to a database, told the way a user can act on them: one line
 * naming the server (`host:port/database`) and what to do, never the password. The runtime
 * reports them as `ConnectionError` or `DbError` with PostgreSQL's code (an authentication
 * failure may be either), or the driver's code (ECONNREFUSED, ENOTFOUND...) on the cause.
 */
import { ConnectionError } from '../../runtime/errors.js'
import { UserError } from '../diagnostics.js'
import { percentDecoded, redactUrl } from '../../runtime/url-secrets.js'

const urlSource = 'the database URL (--database-url, DATABASE_URL or databaseUrl in the config)'

/** Where a URL points, as users write it: host:port/database, and the user name. */
interface Target {
  readonly host: string
  readonly port: string
  readonly database: string
  readonly user: string | undefined
  /** host:port/database */
  readonly where: string
}

/** The defaults are those of PostgreSQL clients: localhost, 5432, a database named like the user. */
export function targetOf(url: string): Target | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const decoded = (text: string) => percentDecoded(text) ?? text
  const host = parsed.searchParams.get('host') ?? (decoded(parsed.hostname).replace(/^\[|\]$/g, '') || 'localhost')
  const port = parsed.port || '5432'
  const user = parsed.username ? decoded(parsed.username) : undefined
  const database = parsed.pathname.length > 1 ? decoded(parsed.pathname.slice(1)) : (user ?? 'postgres')
  return { host, port, database, user, where: `${host}:${port}/${database}` }
}

/**
 * An @ beyond the one that ends `user:password`: a password with an unencoded @ or / parses
 * as another host, port or path, which would then be shown (and tried) as if it were one.
 */
function strayAt(url: string, parsed: URL): boolean {
  const ats = url.split('@').length - 1
  const hasUserInfo = parsed.username !== '' || parsed.password !== ''
  return ats > (hasUserInfo ? 1 : 0)
}

/** A URL the runtime would refuse, refused here with what to do (the runtime's message may quote more of it). */
export function checkDatabaseUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UserError(
      `the database URL ${redactUrl(url)} is malformed: expected postgres://user:password@host:port/database, ` +
        `with special characters in the password percent-encoded (@ as %40, / as %2F, # as %23, : as %3A); fix ${urlSource}`,
    )
  }
  if (strayAt(url, parsed)) {
    throw new UserError(
      `the database URL ${redactUrl(url)} has an @ that is not the one before the host: ` +
        `percent-encode special characters in the password (@ as %40, / as %2F); fix ${urlSource}`,
    )
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new UserError(`the database URL ${redactUrl(url)} must start with postgres:// or postgresql://; fix ${urlSource}`)
  }
  try {
    decodeURIComponent(parsed.username)
    decodeURIComponent(parsed.password)
  } catch {
    throw new UserError(`the database URL ${redactUrl(url)} has a malformed percent-encoding (a % not followed by two hex digits) in its user or password; fix ${urlSource}`)
  }
}

interface FailureShape {
  code?: unknown
  message?: unknown
  cause?: { code?: unknown }
}

/** PostgreSQL's code (28P01...) or the driver's (ECONNREFUSED...) of a failure, if it has one. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const e = error as FailureShape
  if (typeof e.code === 'string') return e.code
  return typeof e.cause?.code === 'string' ? e.cause.code : undefined
}

function firstLine(error: unknown): string {
  const message = typeof (error as FailureShape)?.message === 'string' ? ((error as FailureShape).message as string) : String(error)
  return message.split('\n')[0]!.trim()
}

type Describe = (target: Target, error: unknown) => string

const cannotConnect = (reason: string, todo: string): Describe => (t) => `cannot connect to ${t.where}: ${reason}; ${todo}`
const lost: Describe = (t, error) => `lost the connection to ${t.where} (${firstLine(error)}); check that a PostgreSQL server listens there, then try again`
const endedByServer: Describe = (t, error) => `the server at ${t.where} ended the connection (${firstLine(error)}); try again`
const timedOut = cannotConnect('timed out', `check the host and port in ${urlSource}, and that no firewall drops the connection`)
const unreachable = cannotConnect('the host cannot be reached', `check the host in ${urlSource} and your network`)
const as = (t: Target) => (t.user ? ` as ${t.user}` : '')

/** By PostgreSQL's code (connecting, logging in) or the driver's (reaching the server). */
const describers: Record<string, Describe> = {
  ECONNREFUSED: cannotConnect('connection refused (is PostgreSQL running there?)', `start it, or fix the host and port in ${urlSource}`),
  ENOTFOUND: (t, e) => cannotConnect(`unknown host ${t.host}`, `fix the host name in ${urlSource}`)(t, e),
  EAI_AGAIN: (t, e) => cannotConnect(`the host name ${t.host} could not be resolved (no answer from DNS)`, `check it in ${urlSource}, and your network`)(t, e),
  ETIMEDOUT: timedOut,
  CONNECT_TIMEOUT: timedOut,
  EHOSTUNREACH: unreachable,
  ENETUNREACH: unreachable,
  ECONNRESET: lost,
  EPIPE: lost,
  CONNECTION_CLOSED: lost,
  CONNECTION_ENDED: lost,
  CONNECTION_DESTROYED: lost,
  '28P01': (t) => `cannot log in to ${t.where}${as(t)}: password authentication failed; check the user and password in ${urlSource}`,
  '28000': (t, error) => `cannot log in to ${t.where}${as(t)}: ${firstLine(error)}; check the user in ${urlSource} (and the server's pg_hba.conf)`,
  '3D000': (t) =>
    `cannot connect to ${t.where}: database ${t.database} does not exist; ` +
    `create it (createdb -h ${t.host} -p ${t.port}${t.user ? ` -U ${t.user}` : ''} ${t.database}) or fix the database name in ${urlSource}`,
  '57P03': (t, error) => `${t.where} is not accepting connections (${firstLine(error)}); try again once the server has started`,
  '53300': (t, error) => `${t.where} accepts no more connections (${firstLine(error)}); try again later, or raise the server's max_connections`,
  '57P01': endedByServer,
  '57P02': endedByServer,
}

/** Whether `error` means the database could not be reached or would not let us in. */
export function isConnectionFailure(error: unknown): boolean {
  const code = codeOf(error)
  return error instanceof ConnectionError || (code !== undefined && Object.hasOwn(describers, code))
}

/** One line saying what went wrong reaching the database at `url` and what to do; undefined for other errors. */
export function describeConnectionFailure(error: unknown, url: string): string | undefined {
  if (!isConnectionFailure(error)) return undefined
  const target = targetOf(url) ?? { host: '?', port: '?', database: '?', user: undefined, where: redactUrl(url) }
  const code = codeOf(error)
  const describe = code !== undefined && Object.hasOwn(describers, code) ? describers[code] : undefined
  if (describe) return describe(target, error)
  return `cannot connect to ${target.where}: ${firstLine(error)}; check ${urlSource} and that the server is up`
}

/** Runs `fn`, turning a failure to reach the database at `url` into a UserError that says so in one line. */
export async function explainingConnectionFailures<T>(url: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    const line = describeConnectionFailure(error, url)
    throw line === undefined ? error : new UserError(line)
  }
}
