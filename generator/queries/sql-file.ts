/**
 * Typed SQL files: split a `.sql` file into its named statements and turn each statement's
 * `:name` parameters into `$1, $2, ...`. Tokens come from PostgreSQL's own scanner
 * (libpg-query), so nothing inside a string, a dollar-quoted body, a quoted identifier or a
 * comment is taken for a parameter, and neither is a `::cast`, a `:=` or an array slice
 * (`a[1:n]`).
 */
import { scanSync } from 'libpg-query'
import type { Diagnostic } from '../diagnostics.js'

export type QueryKind = 'many' | 'one' | 'exec' | 'execrows'
export const queryKinds: readonly QueryKind[] = ['many', 'one', 'exec', 'execrows']

export interface QueryParameter {
  /** As written after the colon. */
  readonly name: string
  /** Written `:name?` (at least once): optional, and `T | null`. */
  readonly optional: boolean
}

export interface SqlFileQuery {
  readonly name: string
  readonly kind: QueryKind
  /** The file, relative to the project root. */
  readonly file: string
  /** 1-based line of the `-- name:` comment. */
  readonly line: number
  /** The statement as sent: parameters as `$n` (in order of first appearance), no trailing semicolon. */
  readonly text: string
  readonly parameters: readonly QueryParameter[]
  /** Where an offset of `text` is in the file (line and column, 1-based), for PostgreSQL's error positions. */
  readonly locate: (textOffset: number) => { line: number; column: number }
}

export interface SqlFileResult {
  readonly queries: SqlFileQuery[]
  readonly diagnostics: Diagnostic[]
}

interface Token {
  readonly text: string
  readonly tokenName: string
  readonly start: number
  readonly end: number
}

const namePattern = /^--\s*name:\s*(.*?)\s*$/
const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*$/
const queryNamePattern = /^[a-z][A-Za-z0-9]*$/

/** 1-based line and column of each offset of `source`. */
function lineLocator(source: string): (offset: number) => { line: number; column: number } {
  const starts = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1)
  return (offset) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - starts[low]! + 1 }
  }
}

/**
 * The scanner's offsets count UTF-8 bytes; a JavaScript string counts UTF-16 code units.
 * Returns the string index of each byte offset (the identity for ASCII text).
 */
function byteToIndex(source: string): (byte: number) => number {
  if (!/[^\x00-\x7f]/.test(source)) return (byte) => byte
  const indexes: number[] = []
  let index = 0
  for (const character of source) {
    const code = character.codePointAt(0)!
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
    for (let b = 0; b < bytes; b++) indexes.push(index)
    index += character.length
  }
  indexes.push(index)
  return (byte) => indexes[byte] ?? index
}

/** Splits `source` (the text of `file`) into its named statements. */
export function parseSqlFile(file: string, source: string): SqlFileResult {
  const diagnostics: Diagnostic[] = []
  const at = lineLocator(source)
  const problem = (offset: number, message: string, hint?: string) => {
    const { line, column } = at(offset)
    diagnostics.push({ file, position: { line, column }, message, ...(hint ? { hint } : {}) })
  }
  let tokens: Token[]
  try {
    const index = byteToIndex(source)
    // The scanner rejects an empty string (a new, still empty file): it has no tokens.
    tokens = (source === '' ? [] : (scanSync(source).tokens as Token[])).map((token) => ({ ...token, start: index(token.start), end: index(token.end) }))
  } catch (error) {
    problem(0, `the file cannot be read as SQL: ${(error as Error).message}`)
    return { queries: [], diagnostics }
  }
  // Each `-- name:` comment starts a statement, which runs to the next one.
  const heads = tokens.flatMap((token, index) => (token.tokenName === 'SQL_COMMENT' && namePattern.test(token.text) ? [index] : []))
  const firstCode = tokens.find((token) => token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT')
  if (firstCode && (heads.length === 0 || firstCode.start < tokens[heads[0]!]!.start)) {
    problem(firstCode.start, 'a statement without a `-- name:` line before it', 'start each statement with a line such as `-- name: topAuthors :many` (kinds: :many, :one, :exec, :execrows)')
  }
  const queries: SqlFileQuery[] = []
  const seen = new Map<string, number>()
  for (let h = 0; h < heads.length; h++) {
    const head = tokens[heads[h]!]!
    const body = tokens.slice(heads[h]! + 1, h + 1 < heads.length ? heads[h + 1] : tokens.length)
    const line = at(head.start).line
    const [name = '', kindText = '', ...extra] = namePattern.exec(head.text)![1]!.split(/\s+/)
    const kind = kindText.startsWith(':') ? (kindText.slice(1) as QueryKind) : undefined
    if (!queryNamePattern.test(name)) {
      problem(head.start, `\`${name || '(none)'}\` is not a query name: give a camelCase name (letters and digits, starting with a lower-case letter)`, 'write e.g. `-- name: topAuthors :many`')
      continue
    }
    if (!kind || !queryKinds.includes(kind) || extra.length > 0) {
      problem(head.start, `query ${name}: \`${[kindText, ...extra].join(' ') || '(none)'}\` is not a kind`, 'end the line with one of :many (rows), :one (a row or null), :exec (nothing), :execrows (the number of rows)')
      continue
    }
    if (seen.has(name)) {
      problem(head.start, `query ${name} is named twice (first at line ${seen.get(name)})`, 'give each statement its own name')
      continue
    }
    seen.set(name, line)
    const query = statementOf(file, source, name, kind, line, head.start, body, at, problem)
    if (query) queries.push(query)
  }
  return { queries, diagnostics }
}

/** One named statement: its text with `$n` parameters, or undefined after reporting why not. */
function statementOf(
  file: string,
  source: string,
  name: string,
  kind: QueryKind,
  line: number,
  headStart: number,
  body: readonly Token[],
  at: (offset: number) => { line: number; column: number },
  problem: (offset: number, message: string, hint?: string) => void,
): SqlFileQuery | undefined {
  const code = body.filter((token) => token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT')
  // Trailing semicolons end the statement; one in between would make it two.
  let last = code.length
  while (last > 0 && code[last - 1]!.text === ';') last--
  if (last === 0) {
    problem(body[0]?.start ?? headStart, `query ${name} has no statement`, 'write the statement after its `-- name:` line')
    return undefined
  }
  const inner = code.slice(0, last).find((token) => token.text === ';')
  if (inner) {
    problem(inner.start, `query ${name} holds more than one statement`, 'give each statement its own `-- name:` line (a query is one statement)')
    return undefined
  }
  const positional = code.slice(0, last).find((token) => token.tokenName === 'PARAM')
  if (positional) {
    problem(positional.start, `query ${name}: \`${positional.text}\` is a positional parameter`, 'name parameters instead: `:minBooks` (`:minBooks?` for an optional one)')
    return undefined
  }
  const start = code[0]!.start
  const end = code[last - 1]!.end
  const parameters: { name: string; optional: boolean }[] = []
  // Pieces of the text as sent, each with the file offset it starts at and the length it has there.
  const pieces: { text: string; from: number; span: number }[] = []
  let copied = start
  // The brackets open around a token: parentheses, array constructors (`array[:a, :b]`)
  // and subscripts (`a[1:n]`), where a colon is a slice.
  const open: ('(' | 'array' | 'subscript')[] = []
  for (let i = 0; i < last; i++) {
    const token = code[i]!
    if (token.text === '(') open.push('(')
    else if (token.text === '[') {
      const before = code[i - 1]?.text.toLowerCase()
      const inArray = open.at(-1) === 'array' && (before === '[' || before === ',')
      open.push(before === 'array' || inArray ? 'array' : 'subscript')
    } else if (token.text === ')' || token.text === ']') open.pop()
    if (token.text !== ':' || open.at(-1) === 'subscript') continue
    const word = code[i + 1]
    // `:name` is a colon right before a word.
    if (!word || word.start !== token.end || !identifierPattern.test(word.text)) continue
    const optional = source[word.end] === '?'
    const parameterEnd = word.end + (optional ? 1 : 0)
    let index = parameters.findIndex((p) => p.name === word.text)
    if (index === -1) index = parameters.push({ name: word.text, optional }) - 1
    else if (optional) parameters[index]!.optional = true
    pieces.push({ text: source.slice(copied, token.start), from: copied, span: token.start - copied })
    pieces.push({ text: `$${index + 1}`, from: token.start, span: parameterEnd - token.start })
    copied = parameterEnd
    i++
  }
  pieces.push({ text: source.slice(copied, end), from: copied, span: end - copied })
  const text = pieces.map((piece) => piece.text).join('')
  const locate = (textOffset: number) => {
    let offset = 0
    for (const piece of pieces) {
      // `$10` may be longer than the `:a` it stands for: stay inside the parameter.
      if (textOffset < offset + piece.text.length) return at(piece.from + Math.min(textOffset - offset, piece.span - 1))
      offset += piece.text.length
    }
    return at(end)
  }
  return { name, kind, file, line, text, parameters, locate }
}
