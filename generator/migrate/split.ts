/**
 * Splits a SQL script into statements at top-level semicolons, keeping quoted strings,
 * quoted identifiers, dollar-quoted bodies and comments intact, and records where each
 * statement starts (its line) for error messages.
 */

export interface SqlStatement {
  readonly text: string
  /** 1-based line of the statement's first character in the script. */
  readonly line: number
}

export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = []
  let start = 0
  let i = 0
  const n = script.length
  const push = (end: number) => {
    const raw = script.slice(start, end)
    const text = raw.trim()
    if (text !== '' && !isOnlyComments(text)) {
      const offset = start + raw.indexOf(text[0]!)
      statements.push({ text, line: lineOf(script, offset) })
    }
  }
  while (i < n) {
    const c = script[i]!
    const next = script[i + 1]
    if (c === '-' && next === '-') {
      const end = script.indexOf('\n', i)
      i = end === -1 ? n : end + 1
    } else if (c === '/' && next === '*') {
      let depth = 1
      i += 2
      while (i < n && depth > 0) {
        if (script[i] === '/' && script[i + 1] === '*') (depth++, (i += 2))
        else if (script[i] === '*' && script[i + 1] === '/') (depth--, (i += 2))
        else i++
      }
    } else if (c === "'" || c === '"') {
      // E'...' strings allow backslash escapes.
      const escapes = c === "'" && (script[i - 1] === 'E' || script[i - 1] === 'e') && !/[A-Za-z0-9_]/.test(script[i - 2] ?? '')
      i++
      while (i < n) {
        if (escapes && script[i] === '\\') i += 2
        else if (script[i] === c) {
          if (script[i + 1] === c) i += 2
          else break
        } else i++
      }
      i++
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64))
      if (tag && !/[A-Za-z0-9_]/.test(script[i - 1] ?? '')) {
        const end = script.indexOf(tag[0], i + tag[0].length)
        i = end === -1 ? n : end + tag[0].length
      } else i++
    } else if (c === ';') {
      push(i)
      start = i + 1
      i++
    } else i++
  }
  push(n)
  return statements
}

function isOnlyComments(text: string): boolean {
  return text
    .split('\n')
    .every((line) => line.trim() === '' || line.trim().startsWith('--'))
}

function lineOf(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
