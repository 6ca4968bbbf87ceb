/**
 * A generated TypeScript module as JavaScript (`emit: 'js'`): its types blanked out by
 * ts-blank-space (load/strip-types.ts), then tidied, since this is the code users step
 * through in a debugger: the doc comments of the removed type declarations go with them,
 * lines left empty are dropped, and the gaps a removed type leaves inside a line close up
 * (`decodeInt(r[0] as string)` reads `decodeInt(r[0])`, not `decodeInt(r[0]          )`).
 * Statements keep their order and layout; nothing maps back to the TypeScript, which is
 * not written in this mode.
 */
import type * as TypeScript from 'typescript'
import type { TypeStripper } from '../load/strip-types.js'

/** The JavaScript of a parsed generated module. */
export function javascriptOf(stripper: TypeStripper, file: TypeScript.SourceFile): string {
  // The emitters mark every type import (imports.ts), so there is no import to elide.
  const stripped = stripper.blank(file)
  if (stripped === undefined) throw new Error(`internal error: ${file.fileName} uses TypeScript that does not come apart into JavaScript and types`)
  return tidy(file.text, blank(stripped, typeDeclarationDocs(stripper.ts, file)))
}

/** Statements that are types only: blank-space removes them, but not their doc comments. */
function isTypeOnly(ts: typeof TypeScript, statement: TypeScript.Statement): boolean {
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return true
  if (ts.isExportDeclaration(statement)) return statement.isTypeOnly
  if (ts.isImportDeclaration(statement)) return statement.importClause?.isTypeOnly === true
  return false
}

/** The `/** ... *\/` comments in front of type-only statements (the file's `//` header stays). */
function typeDeclarationDocs(ts: typeof TypeScript, file: TypeScript.SourceFile): [number, number][] {
  return file.statements
    .filter((statement) => isTypeOnly(ts, statement))
    .flatMap((statement) => ts.getLeadingCommentRanges(file.text, statement.getFullStart()) ?? [])
    .filter((range) => file.text.startsWith('/**', range.pos))
    .map((range): [number, number] => [range.pos, range.end])
}

/** Spaces over each range, line breaks kept (so positions still match the source). */
function blank(text: string, ranges: readonly [number, number][]): string {
  let out = text
  for (const [start, end] of ranges) out = out.slice(0, start) + out.slice(start, end).replace(/[^\r\n]/g, ' ') + out.slice(end)
  return out
}

/** After a removed type, no space is wanted before these (`f(a)`, `[x]`, `a.b`, `x,`) ... */
const tightBefore = new Set([')', ']', ',', ';', '(', '.', ''])
/** ... nor after these. */
const tightAfter = new Set(['(', '['])

/**
 * Line by line against the source (blanking keeps every line where it was): a line that
 * lost characters is trimmed, dropped when nothing is left of it, and every run of spaces
 * holding a removed character shrinks to one space or none. Such a run never lies inside a
 * string: a removed character is part of a type, and a string's text starts at its quote.
 */
function tidy(source: string, stripped: string): string {
  const before = source.split('\n')
  const lines: string[] = []
  stripped.split('\n').forEach((line, i) => {
    const original = before[i]!
    if (line === original) return void lines.push(line)
    if (line.trim() === '' || line.trim() === ';') return
    const removed = (index: number) => line[index] === ' ' && original[index] !== ' '
    let out = ''
    for (let index = 0; index < line.length; ) {
      if (line[index] !== ' ') {
        out += line[index++]
        continue
      }
      let end = index
      while (end < line.length && line[end] === ' ') end++
      const run = line.slice(index, end)
      let holdsRemoved = false
      for (let k = index; k < end && !holdsRemoved; k++) holdsRemoved = removed(k)
      if (!holdsRemoved || out.trim() === '') out += run
      else if (line[end] === '}' && out.endsWith(',')) out = out.slice(0, -1) + ' ' // `{ a, type B }` -> `{ a }`
      else if (!tightBefore.has(line[end] ?? '') && !tightAfter.has(out.at(-1)!)) out += ' '
      index = end
    }
    lines.push(out.trimEnd())
  })
  // Removed declarations leave their blank separators behind: keep one.
  const collapsed = lines.filter((line, i) => !(line === '' && (i === 0 || lines[i - 1] === '')))
  while (collapsed.at(-1) === '') collapsed.pop()
  return collapsed.join('\n') + '\n'
}
