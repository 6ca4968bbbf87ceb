/**
 * Every error dbridge throws. Server errors keep PostgreSQL's fields (SQLSTATE `code`,
 * `table`, `constraint`, `detail`), the SQL that failed (`sql`) and the driver's error as
 * `cause`.
 */

export interface DbErrorFields {
  code?: string
  table?: string
  column?: string
  constraint?: string
  detail?: string
  hint?: string
  sql?: string
  cause?: unknown
}

export class DbError extends Error {
  /** SQLSTATE, e.g. `23505`, when PostgreSQL reported one. */
  readonly code: string | undefined
  readonly table: string | undefined
  readonly column: string | undefined
  readonly constraint: string | undefined
  readonly detail: string | undefined
  readonly hint: string | undefined
  /** The statement that failed, for debugging (never its parameter values). */
  readonly sql: string | undefined

  constructor(message: string, fields: DbErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause })
    this.name = new.target.name
    this.code = fields.code
    this.table = fields.table
    this.column = fields.column
    this.constraint = fields.constraint
    this.detail = fields.detail
    this.hint = fields.hint
    this.sql = fields.sql
  }
}

/** 23505: a unique or primary key constraint rejected the row. */
export class UniqueViolationError extends DbError {}
/** 23503: a foreign key constraint rejected the change. */
export class ForeignKeyViolationError extends DbError {}
/** 23502: a NOT NULL column received null. */
export class NotNullViolationError extends DbError {}
/** 23514: a CHECK constraint rejected the row. */
export class CheckViolationError extends DbError {}
/** 40001: the transaction could not be serialized; it is safe to retry. */
export class SerializationError extends DbError {}
/** 40P01: the transaction was chosen as a deadlock victim; it is safe to retry. */
export class DeadlockError extends DbError {}
/** 55P03: a row or table was locked by another transaction and `noWait` asked not to wait. */
export class LockNotAvailableError extends DbError {}
/** A statement timed out (`statementTimeout`) or no pooled connection became free in time (`acquireTimeout`). */
export class TimeoutError extends DbError {}
/** The connection could not be made or was lost. A statement that never reached the server can be sent again. */
export class ConnectionError extends DbError {}
/** `findOneOrThrow` (and friends) found no row. */
export class NotFoundError extends DbError {}
/** `createDb` was given options or a URL it cannot use. Its message never shows a password. */
export class ConfigError extends DbError {}

export interface ValidationIssue {
  /** Where the bad value is, e.g. `title`, `[3].price`, `where.author.name`. */
  path: string
  message: string
}

/**
 * Input was rejected before anything was sent to the server. Lists every bad field, each
 * with what was expected; never the rejected value itself (it may be a secret).
 */
export class ValidationError extends DbError {
  readonly issues: readonly ValidationIssue[]

  constructor(context: string, issues: readonly ValidationIssue[], cause?: unknown) {
    const lines = issues.map((issue) => `  - ${issue.path ? issue.path + ': ' : ''}${issue.message}`)
    super(`${context}:\n${lines.join('\n')}`, { cause })
    this.issues = issues
  }
}

const serverErrorClasses: Record<string, typeof DbError> = {
  '23505': UniqueViolationError,
  '23503': ForeignKeyViolationError,
  '23502': NotNullViolationError,
  '23514': CheckViolationError,
  '40001': SerializationError,
  '40P01': DeadlockError,
  '55P03': LockNotAvailableError,
  '57014': TimeoutError,
  '28000': ConnectionError, // invalid_authorization_specification: no such role, or pg_hba.conf refused it
  '28P01': ConnectionError, // invalid_password
  '57P01': ConnectionError, // admin_shutdown: the backend was terminated
  '57P02': ConnectionError, // crash_shutdown
  '57P03': ConnectionError, // cannot_connect_now
  '53300': ConnectionError, // too_many_connections
}

/** Driver error codes (postgres.js and Node sockets) that mean the connection is unusable. */
const connectionErrorCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
])

interface DriverError {
  message?: string
  code?: string
  /** The SQLSTATE of the server's FATAL message when it ended the connection (socket.ts). */
  serverCode?: string
  detail?: string
  hint?: string
  table_name?: string
  column_name?: string
  constraint_name?: string
  severity?: string
}

/**
 * Whether a driver or socket error means the connection failed: the codes above, a system
 * error of the socket (it has a `syscall`), or a failed TLS negotiation or handshake.
 */
function isConnectionFailure(code: string, error: object): boolean {
  if (connectionErrorCodes.has(code) || code.startsWith('08')) return true
  if (typeof (error as { syscall?: unknown }).syscall === 'string') return true
  return code === 'SSL_REFUSED' || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || /CERT|SELF_SIGNED/.test(code)
}

/** A thrown value as text; a value whose conversion throws too is named by its type. */
function textOf(value: unknown): string {
  try {
    return String(value)
  } catch {
    return `a thrown ${typeof value}`
  }
}

/** What to do about a server message whose cause is not obvious from it. */
function withAdvice(message: string): string {
  if (/unsupported startup parameter/.test(message)) {
    // PgBouncer refuses the startup parameters it does not track, such as statement_timeout.
    return `${message} (PgBouncer passes on only a few connection parameters: instead of the statementTimeout option, set the timeout on the role, ALTER ROLE ... SET statement_timeout, or list the parameter in PgBouncer's ignore_startup_parameters)`
  }
  return message
}

/**
 * Turns whatever the driver threw into the matching DbError subclass. Anything else (a
 * driver's own error such as MAX_PARAMETERS_EXCEEDED, a RangeError from a value too large
 * to send) becomes a plain DbError with the original as `cause`: no other error escapes.
 */
export function toDbError(error: unknown, sql?: string): DbError {
  if (error instanceof DbError) return error
  if (typeof error !== 'object' || error === null) return new DbError(textOf(error), { sql, cause: error })
  const e = error as DriverError
  const code = typeof e.code === 'string' ? e.code : undefined
  const fields: DbErrorFields = {
    code,
    table: e.table_name,
    column: e.column_name,
    constraint: e.constraint_name,
    detail: e.detail,
    hint: e.hint,
    sql,
    cause: error,
  }
  const isServerError = typeof e.severity === 'string'
  if (isServerError && code) {
    // Class 08 (connection exception) and 28 (authentication failed: the connection was refused).
    const ErrorClass = serverErrorClasses[code] ?? (code.startsWith('08') || code.startsWith('28') ? ConnectionError : DbError)
    const message = withAdvice(e.message ?? 'PostgreSQL error ' + code)
    return new ErrorClass(message, fields)
  }
  if (code && isConnectionFailure(code, error)) {
    return new ConnectionError(withAdvice(`connection error (${code}): ${e.message ?? ''}`.trim()), {
      ...fields,
      code: e.serverCode ?? (code.startsWith('08') ? code : undefined),
    })
  }
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : textOf(error)
  return new DbError(code ? `${message} (${code})` : message, { ...fields, code: undefined })
}
