/** Problems found in schema files, each naming where it is and what to do. */

export interface Diagnostic {
  /** Schema file relative to the project root, when known. */
  readonly file: string | null
  /** Table (export name) and column (property name), when the problem is in one. */
  readonly table?: string
  readonly column?: string
  /** Line and column in the file (1-based), for problems in a typed SQL file. */
  readonly position?: { readonly line: number; readonly column: number }
  readonly message: string
  /** What to do about it. */
  readonly hint?: string
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.table, d.column].filter(Boolean).join('.')
  const file = d.file && d.position ? `${d.file}:${d.position.line}:${d.position.column}` : d.file
  const location = [file, where && `${where}`].filter(Boolean).join(': ')
  return `${location ? location + ': ' : ''}${d.message}${d.hint ? `\n    fix: ${d.hint}` : ''}`
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const count = diagnostics.length
  const inQueries = diagnostics.some((d) => d.file?.endsWith('.sql'))
  const inSchema = diagnostics.some((d) => !d.file?.endsWith('.sql'))
  const where = inQueries ? (inSchema ? 'the schema and the queries' : 'the queries') : 'the schema'
  return `${count} problem${count === 1 ? '' : 's'} in ${where}:\n` + diagnostics.map((d) => '  ' + formatDiagnostic(d)).join('\n')
}

/** Thrown by a pipeline stage that found problems; holds all of them. */
export class SchemaError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(formatDiagnostics(diagnostics))
    this.name = 'SchemaError'
  }
}

/** A user-facing failure (exit code 1): the message says what is wrong and what to do. */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
