/**
 * Lays out a printed top-level statement exactly as prettier would, for the shapes the
 * emitters produce, or says it cannot (`undefined`), and then prettier formats that
 * statement.
 *
 * Formatting every generated module with prettier was most of the cost of a cold
 * `generate` (about 4 s of CPU for 200 tables). The emitters' statements are regular: once
 * ts-morph has printed one, what separates it from prettier's output is a handful of
 * mechanical differences (statement semicolons, empty bodies, import lists and unions
 * longer than a line). Anything outside those shapes (a line longer than the print width,
 * double-quoted or non-ASCII text, a construct prettier lays out by its own heuristics) is
 * left to prettier. test/generator/layout.test.ts holds every generated file of the example,
 * the fixtures and a synthetic schema to prettier's output, byte for byte.
 */

export const printWidth = 110
const indent = '  '

/** Code (not comments) that prettier could print differently even when it fits on a line. */
const outsideTheTemplates = [
  /"/, // strings the emitters could not single-quote
  /`/, // template literals (in user types)
  /[^\x20-\x7e\n]/, // tabs, control characters, non-ASCII (prettier measures width differently)
  /\b\d[\d.]*e[+-]?\d/i, // exponents (prettier drops the "+")
  /=>(?!\s*[\w$]+\s*[,}\n])/, // functions other than `() => name` thunks: prettier's call and chain heuristics decide
  /\/\/|\/\*(?!\*)/, // comments other than doc comments in code
]

function isCommentLine(line: string): boolean {
  const trimmed = line.trimStart()
  return trimmed.startsWith('/**') || trimmed.startsWith('* ') || trimmed === '*' || trimmed.startsWith('*/')
}

/**
 * An array on one line that prettier would break: two or more elements, each an array or
 * object of two or more (its "matrix" rule). Checked on the first two elements; a false
 * alarm only costs a prettier run.
 */
function hasUnbrokenMatrix(plain: string): boolean {
  return /\[\[[^[\]\n]*,[^[\]\n]*\], \[[^[\]\n]*,/.test(plain) || /\[\{[^\n]*\}, \{/.test(plain)
}

/**
 * A chain of three or more calls whose arguments are not all plainly simple: prettier breaks
 * such a chain even when it fits (its member-chain rule, with its own idea of a simple
 * argument: a short regex, a call without nested arguments...). Numbers, names, strings and
 * calls without arguments are certainly simple; anything else is left to prettier.
 */
function hasUncertainChain(plainLine: string): boolean {
  if ((plainLine.match(/[\w$)]\(/g)?.length ?? 0) < 3) return false
  return /[[{/]/.test(plainLine) || /\([^()]*[\w$]\([^)]/.test(plainLine)
}

/** `import { a, type B } from 'm'` and `export type { A } from 'm'` longer than a line: one name per line. */
function breakSpecifierList(line: string): string | undefined {
  const match = /^((?:import|export)(?: type)? )\{ (.+) \}( from '[^']*')$/.exec(line)
  if (!match) return undefined
  const names = match[2]!.split(', ')
  if (names.length < 2 || names.some((name) => !/^(type )?[A-Za-z_$][\w$]*$/.test(name))) return undefined
  return `${match[1]}{\n${names.map((name) => `${indent}${name},\n`).join('')}}${match[3]}`
}

/**
 * `export type T = 'a' | 'b' | ...` longer than a line: the union on the next line if it
 * fits there, else one member per line, each led by `|`.
 */
function breakUnion(line: string): string | undefined {
  const match = /^((?:export )?type [A-Za-z_$][\w$]* =) (.+)$/.exec(line)
  if (!match) return undefined
  const members = match[2]!.split(' | ')
  const simple = /^('[^'\\]*'|[A-Za-z_$][\w$]*|\d+)$/
  if (members.length < 2 || members.some((member) => !simple.test(member))) return undefined
  if (indent.length + match[2]!.length <= printWidth) return `${match[1]}\n${indent}${match[2]}`
  const broken = `${match[1]}\n${members.map((member) => `${indent}| ${member}`).join('\n')}`
  return broken.split('\n').every((l) => l.length <= printWidth) ? broken : undefined
}

/**
 * @param printed one top-level statement as ts-morph's printStructure writes it (single
 *   quotes, two-space indentation)
 */
export function layoutStatement(printed: string): string | undefined {
  const lines = printed.replace(/\n+$/, '').split('\n')
  const code = lines.filter((line) => !isCommentLine(line)).join('\n')
  if (outsideTheTemplates.some((pattern) => pattern.test(code))) return undefined
  // The shape checks read the code with its strings blanked out (brackets in a string are text).
  const plain = code.replace(/'[^'\n]*'/g, "''")
  if (hasUnbrokenMatrix(plain) || plain.split('\n').some(hasUncertainChain)) return undefined
  // prettier (semi: false) ends no statement or member with a semicolon.
  const unterminated = lines.map((line) => (isCommentLine(line) ? line : line.replace(/;$/, '')))
  // Empty bodies: `{\n}` -> `{}`.
  const text = unterminated.join('\n').replace(/ \{\n\s*\}/g, ' {}')
  const out: string[] = []
  for (const line of text.split('\n')) {
    if (line.length <= printWidth || isCommentLine(line)) {
      out.push(line)
      continue
    }
    const broken = breakSpecifierList(line) ?? breakUnion(line)
    if (broken === undefined) return undefined
    out.push(broken)
  }
  return out.join('\n')
}
