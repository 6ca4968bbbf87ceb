/**
 * Literals as prettier writes them (single quotes preferred, numbers normalized), so that
 * generated code and the text users wrote in json types come out the same way.
 */

/**
 * A string literal in its source form (`raw`, with its quotes) as prettier prints it: in
 * single quotes unless the text holds more single quotes than double quotes; escapes kept,
 * quotes escaped or unescaped as the enclosing quote needs.
 */
export function printStringLiteral(raw: string): string {
  const content = raw.slice(1, -1)
  let single = 0
  let double = 0
  for (let i = 0; i < content.length; i++) {
    const code = content.charCodeAt(i)
    if (code === 39) single++
    else if (code === 34) double++
  }
  const enclosing = single > double ? '"' : "'"
  if (raw[0] === enclosing) return raw
  const other = enclosing === '"' ? "'" : '"'
  const body = content.replace(/\\(["'\\])|(["'])/g, (match, escaped: string | undefined, unescaped: string | undefined) => {
    if (escaped) return escaped === other ? other : match
    return unescaped === enclosing ? '\\' + unescaped : unescaped!
  })
  return enclosing + body + enclosing
}

/** A string value as a literal. */
export function stringLiteral(value: string): string {
  return printStringLiteral(JSON.stringify(value))
}

/** A number literal as prettier prints it: lower case, no `+` or leading zeros in the exponent, no trailing zeros or dot. */
export function printNumber(raw: string): string {
  if (raw.length === 1) return raw
  return raw
    .toLowerCase()
    .replace(/^([+-]?[\d.]+e)(?:\+|(-))?0*(?=\d)/, '$1$2')
    .replace(/^([+-]?[\d.]+)e[+-]?0+$/, '$1')
    .replace(/^([+-])?\./, '$10.')
    .replace(/(\.\d+?)0+(?=e|$)/, '$1')
    .replace(/\.(?=e|$)/, '')
}
