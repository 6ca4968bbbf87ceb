/**
 * A document of text, groups and line breaks, and the printer that lays it out within a
 * print width: the algorithm of prettier's document printer (Wadler's "prettier printer"
 * with prettier's extensions: conditional groups, group-dependent breaks and indents), so
 * that the syntax printers (print-type.ts, print-expression.ts, module.ts) can build the
 * documents prettier builds for the same code and get the same text.
 *
 * A group is printed on one line when it fits in the rest of the line (including what
 * follows it up to the next possible line break); otherwise its lines break. A group holding
 * a hard line always breaks (`propagateBreaks`). One algorithm, kept in one module (a little
 * over 400 lines): its measuring and printing passes share every rule.
 */

export type Doc = string | readonly Doc[] | Command

type Command =
  | Group
  | { readonly kind: 'indent'; readonly contents: Doc }
  | { readonly kind: 'align'; readonly width: number; readonly contents: Doc }
  | Line
  | { readonly kind: 'ifBreak'; readonly breakContents: Doc; readonly flatContents: Doc; readonly groupId?: symbol }
  | { readonly kind: 'indentIfBreak'; readonly contents: Doc; readonly groupId: symbol }
  | { readonly kind: 'breakParent' }

interface Group {
  readonly kind: 'group'
  readonly contents: Doc
  /** Set by the builder (`shouldBreak`) or by `propagateBreaks` for a group holding a hard line. */
  break: boolean
  readonly id?: symbol
  /** A conditional group: the first state that fits flat, else the last one broken. */
  readonly expandedStates?: readonly Doc[]
}

interface Line {
  readonly kind: 'line'
  /** Nothing when flat (a space otherwise). */
  readonly soft?: boolean
  /** Always breaks. */
  readonly hard?: boolean
}

export const line: Doc = { kind: 'line' }
export const softline: Doc = { kind: 'line', soft: true }
export const breakParent: Doc = { kind: 'breakParent' }
export const hardline: Doc = [{ kind: 'line', hard: true }, breakParent]

export function group(contents: Doc, options: { shouldBreak?: boolean; id?: symbol } = {}): Doc {
  return { kind: 'group', contents, break: options.shouldBreak === true, id: options.id }
}

/** Tries each state in turn: the first that fits on the line, else the last, broken. */
export function conditionalGroup(states: readonly Doc[]): Doc {
  return { kind: 'group', contents: states[0]!, break: false, expandedStates: states }
}

export function indent(contents: Doc): Doc {
  return { kind: 'indent', contents }
}

export function align(width: number, contents: Doc): Doc {
  return { kind: 'align', width, contents }
}

export function ifBreak(breakContents: Doc, flatContents: Doc = '', options: { groupId?: symbol } = {}): Doc {
  return { kind: 'ifBreak', breakContents, flatContents, groupId: options.groupId }
}

/** Indents its contents when the group `groupId` is broken. */
export function indentIfBreak(contents: Doc, groupId: symbol): Doc {
  return { kind: 'indentIfBreak', contents, groupId }
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const parts: Doc[] = []
  docs.forEach((doc, i) => {
    if (i > 0) parts.push(separator)
    parts.push(doc)
  })
  return parts
}

function isCommand(doc: Doc): doc is Command {
  return typeof doc === 'object' && !Array.isArray(doc)
}

/** Whether the document holds a hard line or a group already broken (outside conditional groups' other states). */
export function willBreak(doc: Doc): boolean {
  const stack: Doc[] = [doc]
  while (stack.length > 0) {
    const d = stack.pop()!
    if (typeof d === 'string') continue
    if (Array.isArray(d)) {
      for (const part of d as readonly Doc[]) stack.push(part)
      continue
    }
    const c = d as Command
    switch (c.kind) {
      case 'group':
        if (c.break) return true
        stack.push(c.contents)
        break
      case 'line':
        if (c.hard) return true
        break
      case 'breakParent':
        return true
      case 'ifBreak':
        stack.push(c.breakContents, c.flatContents)
        break
      case 'indent':
      case 'align':
      case 'indentIfBreak':
        stack.push(c.contents)
        break
    }
  }
  return false
}

/**
 * Marks every group that holds a hard line (or a broken group) as broken, as prettier does
 * before printing. Conditional groups keep their choice; their states are visited.
 */
function propagateBreaks(doc: Doc): void {
  const visited = new Set<Group>()
  const groups: Group[] = []
  const exit = Symbol('exit')
  const stack: (Doc | typeof exit)[] = [doc]
  const breakParentGroup = () => {
    const parent = groups.at(-1)
    if (parent && !parent.expandedStates && !parent.break) parent.break = true
  }
  while (stack.length > 0) {
    const d = stack.pop()!
    if (d === exit) {
      const g = groups.pop()!
      if (g.break) breakParentGroup()
      continue
    }
    if (typeof d === 'string') continue
    if (Array.isArray(d)) {
      const parts = d as readonly Doc[]
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!)
      continue
    }
    const c = d as Command
    switch (c.kind) {
      case 'breakParent':
        breakParentGroup()
        break
      case 'group': {
        groups.push(c)
        stack.push(exit)
        if (visited.has(c)) break
        visited.add(c)
        if (c.expandedStates) for (let i = c.expandedStates.length - 1; i >= 0; i--) stack.push(c.expandedStates[i]!)
        else stack.push(c.contents)
        break
      }
      case 'ifBreak':
        stack.push(c.flatContents, c.breakContents)
        break
      case 'indent':
      case 'align':
      case 'indentIfBreak':
        stack.push(c.contents)
        break
    }
  }
}

const MODE_BREAK = 1
const MODE_FLAT = 2
type Mode = typeof MODE_BREAK | typeof MODE_FLAT

/** The indentation of a line: spaces (two per indent level, and any alignment). */
interface Indentation {
  readonly value: string
  readonly length: number
}

const rootIndent: Indentation = { value: '', length: 0 }

function addSpaces(ind: Indentation, count: number): Indentation {
  const value = ind.value + ' '.repeat(count)
  return { value, length: value.length }
}

interface PrintCommand {
  readonly ind: Indentation
  readonly mode: Mode
  readonly doc: Doc
}

/** Whether `next` (and what follows it on the line) fits in `width` columns. */
function fits(next: PrintCommand, rest: readonly PrintCommand[], width: number, groupModes: Map<symbol, Mode>, mustBeFlat: boolean): boolean {
  let remaining = width
  let restIndex = rest.length
  const commands: { mode: Mode; doc: Doc }[] = [next]
  while (remaining >= 0) {
    if (commands.length === 0) {
      if (restIndex === 0) return true
      commands.push(rest[--restIndex]!)
      continue
    }
    const { mode, doc } = commands.pop()!
    if (typeof doc === 'string') {
      remaining -= stringWidth(doc)
      continue
    }
    if (Array.isArray(doc)) {
      const parts = doc as readonly Doc[]
      for (let i = parts.length - 1; i >= 0; i--) commands.push({ mode, doc: parts[i]! })
      continue
    }
    const c = doc as Command
    switch (c.kind) {
      case 'indent':
      case 'align':
      case 'indentIfBreak':
        commands.push({ mode, doc: c.contents })
        break
      case 'group': {
        if (mustBeFlat && c.break) return false
        const groupMode = c.break ? MODE_BREAK : mode
        const contents = c.expandedStates && groupMode === MODE_BREAK ? c.expandedStates.at(-1)! : c.contents
        commands.push({ mode: groupMode, doc: contents })
        break
      }
      case 'ifBreak': {
        const groupMode = c.groupId ? (groupModes.get(c.groupId) ?? MODE_FLAT) : mode
        const contents = groupMode === MODE_BREAK ? c.breakContents : c.flatContents
        if (contents) commands.push({ mode, doc: contents })
        break
      }
      case 'line':
        if (mode === MODE_BREAK || c.hard) return true
        if (!c.soft) remaining -= 1
        break
      case 'breakParent':
        break
    }
  }
  return false
}

/** Lays the document out in `width` columns. Lines end without trailing blanks. */
export function printDoc(doc: Doc, width: number): string {
  propagateBreaks(doc)
  const groupModes = new Map<symbol, Mode>()
  const out: string[] = []
  let position = 0
  let shouldRemeasure = false
  const commands: PrintCommand[] = [{ ind: rootIndent, mode: MODE_BREAK, doc }]
  const trimTrailingBlanks = () => {
    while (out.length > 0) {
      const last = out[out.length - 1]!
      const trimmed = last.replace(/[ \t]+$/, '')
      if (trimmed.length === last.length) return
      if (trimmed === '') out.pop()
      else {
        out[out.length - 1] = trimmed
        return
      }
    }
  }
  while (commands.length > 0) {
    const { ind, mode, doc: d } = commands.pop()!
    if (typeof d === 'string') {
      if (d) {
        out.push(d)
        position += stringWidth(d)
      }
      continue
    }
    if (Array.isArray(d)) {
      const parts = d as readonly Doc[]
      for (let i = parts.length - 1; i >= 0; i--) commands.push({ ind, mode, doc: parts[i]! })
      continue
    }
    const c = d as Command
    switch (c.kind) {
      case 'indent':
        commands.push({ ind: addSpaces(ind, 2), mode, doc: c.contents })
        break
      case 'align':
        commands.push({ ind: addSpaces(ind, c.width), mode, doc: c.contents })
        break
      case 'group': {
        let next: PrintCommand
        if (mode === MODE_FLAT && !shouldRemeasure) {
          next = { ind, mode: c.break ? MODE_BREAK : MODE_FLAT, doc: c.contents }
        } else {
          shouldRemeasure = false
          const flat: PrintCommand = { ind, mode: MODE_FLAT, doc: c.contents }
          const remaining = width - position
          if (!c.break && fits(flat, commands, remaining, groupModes, false)) next = flat
          else if (!c.expandedStates) next = { ind, mode: MODE_BREAK, doc: c.contents }
          else {
            let chosen: PrintCommand | undefined
            if (!c.break) {
              for (let i = 1; i < c.expandedStates.length - 1; i++) {
                const state: PrintCommand = { ind, mode: MODE_FLAT, doc: c.expandedStates[i]! }
                if (fits(state, commands, remaining, groupModes, false)) {
                  chosen = state
                  break
                }
              }
            }
            next = chosen ?? { ind, mode: MODE_BREAK, doc: c.expandedStates.at(-1)! }
          }
        }
        commands.push(next)
        if (c.id) groupModes.set(c.id, next.mode)
        break
      }
      case 'ifBreak':
      case 'indentIfBreak': {
        const groupMode = c.groupId ? groupModes.get(c.groupId) : mode
        if (groupMode === MODE_BREAK) {
          const contents = c.kind === 'ifBreak' ? c.breakContents : indent(c.contents)
          if (contents) commands.push({ ind, mode, doc: contents })
        } else if (groupMode === MODE_FLAT) {
          const contents = c.kind === 'ifBreak' ? c.flatContents : c.contents
          if (contents) commands.push({ ind, mode, doc: contents })
        }
        break
      }
      case 'line':
        if (mode === MODE_FLAT && !c.hard) {
          if (!c.soft) {
            out.push(' ')
            position += 1
          }
          break
        }
        if (mode === MODE_FLAT) shouldRemeasure = true
        trimTrailingBlanks()
        out.push('\n' + ind.value)
        position = ind.length
        break
      case 'breakParent':
        break
    }
  }
  return out.join('')
}

// ---------------------------------------------------------------------------------------
// Width of text as prettier measures it (its get-string-width): East Asian wide and
// fullwidth characters and emoji count two columns; control characters and combining
// marks none.

const nonAscii = /[^\x20-\x7f]/
const zeroWidthMark = /[\p{Mn}\p{Me}]/u
// Created at run time: TypeScript's target does not know the `v` flag.
const emoji = new RegExp('\\p{RGI_Emoji}', 'gv')

/** Code point ranges (first, last) of East Asian Wide and Fullwidth characters, as prettier's get-east-asian-width lists them. */
const wideRanges = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe, 0x2614,
  0x2615, 0x2630, 0x2637, 0x2648, 0x2653, 0x267f, 0x267f, 0x268a, 0x268f, 0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab,
  0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa,
  0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755,
  0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55, 0x2e80,
  0x2e99, 0x2e9b, 0x2ef3, 0x2f00, 0x2fd5, 0x2ff0, 0x303e, 0x3041, 0x3096, 0x3099, 0x30ff, 0x3105, 0x312f, 0x3131, 0x318e,
  0x3190, 0x31e5, 0x31ef, 0x321e, 0x3220, 0x3247, 0x3250, 0xa48c, 0xa490, 0xa4c6, 0xa960, 0xa97c, 0xac00, 0xd7a3, 0xf900,
  0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe52, 0xfe54, 0xfe66, 0xfe68, 0xfe6b, 0xff01, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4,
  0x16ff0, 0x16ff6, 0x17000, 0x18cda, 0x18cff, 0x18d20, 0x18d80, 0x18df2, 0x18e00, 0x19191, 0x191a0, 0x191d2, 0x1aff0, 0x1aff3,
  0x1aff5, 0x1affb, 0x1affd, 0x1affe, 0x1b000, 0x1b128, 0x1b132, 0x1b132, 0x1b150, 0x1b152, 0x1b155, 0x1b155, 0x1b164, 0x1b168,
  0x1b170, 0x1b2fb, 0x1d300, 0x1d356, 0x1d360, 0x1d376, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a,
  0x1f1ae, 0x1f1ae, 0x1f200, 0x1f202, 0x1f210, 0x1f23b, 0x1f240, 0x1f248, 0x1f250, 0x1f251, 0x1f260, 0x1f265, 0x1f300, 0x1f320,
  0x1f32d, 0x1f335, 0x1f337, 0x1f37c, 0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4,
  0x1f3f8, 0x1f43e, 0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a,
  0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d9,
  0x1f6dc, 0x1f6df, 0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7da, 0x1f7da, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0, 0x1f90c, 0x1f93a,
  0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1fa7c, 0x1fa80, 0x1fac6, 0x1fac8, 0x1fac8, 0x1facc, 0x1fadd, 0x1fadf, 0x1faeb,
  0x1faef, 0x1fafa, 0x20000, 0x2fffd, 0x30000, 0x3fffd,
]

function isWide(codePoint: number): boolean {
  if (codePoint < 0x1100 || codePoint > 0x3fffd) return false
  let low = 0
  let high = wideRanges.length / 2 - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    if (codePoint < wideRanges[mid * 2]!) high = mid - 1
    else if (codePoint > wideRanges[mid * 2 + 1]!) low = mid + 1
    else return true
  }
  return false
}

/** The columns `text` takes in a monospace terminal, as prettier counts them. */
export function stringWidth(text: string): number {
  if (!nonAscii.test(text)) return text.length
  let width = 0
  const rest = text.replace(emoji, () => {
    width += 2
    return ''
  })
  for (const character of rest) {
    const codePoint = character.codePointAt(0)!
    if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) continue
    if (zeroWidthMark.test(character)) continue
    width += isWide(codePoint) ? 2 : 1
  }
  return width
}
