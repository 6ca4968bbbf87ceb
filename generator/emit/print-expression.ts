/**
 * Expressions as documents, laid out the way prettier lays out the same code: calls hug a
 * last object argument, chains of three or more calls break one call per line, a property's
 * value moves to the next line only where prettier would move it (assignment layouts).
 * Longer than most modules on purpose: the layouts depend on each other (an argument's
 * layout on its call's, a value's on its assignment's), as in prettier's own printer.
 */
import { align, breakParent, conditionalGroup, group, hardline, ifBreak, indent, indentIfBreak, join, line, softline, stringWidth, willBreak, type Doc } from './doc.js'
import { printNumber, stringLiteral } from './literals.js'
import { printType, printTypeArguments } from './print-type.js'
import type { Expression, ObjectProperty, TypeNode } from './syntax.js'

/** Where an expression stands, as far as its layout (or parentheses) depend on it. */
type Position = 'value' | 'argument' | 'element' | 'return' | 'test' | 'branch' | 'cast' | 'callee' | 'object' | 'arrowBody' | 'binary' | 'unary'

/** How `key: value` or `name = value` breaks (prettier's assignment layouts). */
type Layout = 'break-after-operator' | 'never-break-after-operator' | 'fluid' | 'break-lhs'

const printWidth = 110
const tabWidth = 2

export function printExpression(node: Expression, position: Position = 'value'): Doc {
  const doc = printExpressionOnly(node, position)
  return needsParens(node, position) ? ['(', doc, ')'] : doc
}

function needsParens(node: Expression, position: Position): boolean {
  switch (node.kind) {
    case 'as':
      return position === 'test' || position === 'branch' || position === 'callee' || position === 'object' || position === 'unary'
    case 'conditional':
      return position === 'cast' || position === 'callee' || position === 'object' || position === 'test' || position === 'binary' || position === 'unary'
    case 'arrow':
      return position === 'cast' || position === 'callee' || position === 'object' || position === 'test' || position === 'binary' || position === 'unary'
    case 'binary':
      return position === 'cast' || position === 'callee' || position === 'object' || position === 'unary'
    default:
      return false
  }
}

function printExpressionOnly(node: Expression, position: Position): Doc {
  switch (node.kind) {
    case 'identifier':
      return node.name
    case 'string':
      return stringLiteral(node.value)
    case 'number':
      return node.raw.endsWith('n') ? node.raw.toLowerCase() : printNumber(node.raw)
    case 'keywordValue':
      return node.name
    case 'regex':
      return `/${node.pattern}/${[...node.flags].sort().join('')}`
    case 'unary':
      return [node.operator, printExpression(node.argument, 'unary')]
    case 'member':
    case 'element': {
      const object = printExpression(node.object, 'object')
      const lookup = printLookup(node)
      return [object, node.kind === 'element' || node.object.kind === 'identifier' ? lookup : group(indent([softline, lookup]))]
    }
    case 'call':
      return printCall(node)
    case 'object':
      return printObject(node)
    case 'array':
      return printArray(node.elements)
    case 'as': {
      const parts: Doc = [printExpression(node.expression, 'cast'), ' as ', node.type === null ? 'const' : printType(node.type)]
      return position === 'callee' || position === 'object' ? group([indent([softline, parts]), softline]) : parts
    }
    case 'conditional':
      return group([
        printExpression(node.test, 'test'),
        indent([line, '? ', alignBranch(node.consequent), line, ': ', alignBranch(node.alternate)]),
      ])
    case 'binary':
      // The layout of a comparison that is a conditional's test (the only place emitters write one).
      if (position !== 'test') throw new Error('internal error: a comparison outside the test of a conditional')
      return group([group(printExpression(node.left, 'binary')), ' ', group([node.operator, line, printExpression(node.right, 'binary')])])
    case 'arrow':
      // `() => name`; a body of another kind would stay on the arrow's line (prettier), which no emitter needs.
      if (node.body.kind !== 'identifier' && node.body.kind !== 'member' && node.body.kind !== 'call') throw new Error(`internal error: an arrow function returning ${node.body.kind}`)
      return group([group('()'), ' =>', group(indent([line, printExpression(node.body, 'arrowBody')]))])
  }
}

function alignBranch(node: Expression): Doc {
  return align(2, printExpression(node, 'branch'))
}

function printLookup(node: Expression & { kind: 'member' | 'element' }): Doc {
  return node.kind === 'member' ? ['.', node.property] : ['[', String(node.index), ']']
}

// ---------------------------------------------------------------------------------------
// Objects and arrays

function printKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : stringLiteral(key)
}

function printObject(node: Expression & { kind: 'object' }): Doc {
  if (node.properties.length === 0) return '{}'
  // `{ name }` for `{ name: name }`, as prettier leaves it.
  const printProperty = (p: ObjectProperty) => (p.value.kind === 'identifier' && p.value.name === p.key ? p.key : printAssignment(printKey(p.key), ':', p.value, { property: true }))
  const parts = node.properties.map((p, i) => [i === 0 ? '' : [',', line], printProperty(p)])
  return group(['{', indent([line, ...parts]), ifBreak(','), line, '}'], { shouldBreak: node.expanded })
}

function printArray(elements: readonly Expression[]): Doc {
  if (elements.length === 0) return '[]'
  // prettier fills arrays of numbers line by line, which no emitter writes.
  if (isConciseArray({ kind: 'array', elements })) throw new Error('internal error: an array of numbers')
  // Two or more arrays (or objects) of two or more items each: one per line.
  const isMatrix =
    elements.length > 1 &&
    elements.every((e, i) => {
      if (e.kind !== 'array' && e.kind !== 'object') return false
      const next = elements[i + 1]
      if (next && next.kind !== e.kind) return false
      return (e.kind === 'array' ? e.elements.length : e.properties.length) > 1
    })
  const printed = elements.map((e) => group(printExpression(e, 'element')))
  return group(['[', indent([softline, join([',', line], printed), ifBreak(',')]), softline, ']'], { shouldBreak: isMatrix })
}

// ---------------------------------------------------------------------------------------
// Assignments: `key: value` in objects, `name = value` in declarations

interface AssignmentOptions {
  /** An object property (a short key keeps its value on its line). */
  readonly property?: boolean
  /** The declared type of a variable (`name: Type = value`). */
  readonly annotation?: TypeNode
}

/** `left op right`, breaking as prettier's printAssignment does. */
export function printAssignment(left: Doc, operator: string, right: Expression, options: AssignmentOptions = {}): Doc {
  const layout = chooseLayout(left, right, options)
  const rightDoc = printExpression(right)
  switch (layout) {
    case 'break-after-operator':
      return group([group(left), operator, group(indent([line, rightDoc]))])
    case 'never-break-after-operator':
      return group([group(left), operator, ' ', rightDoc])
    case 'break-lhs':
      return group([left, operator, ' ', group(rightDoc)])
    case 'fluid': {
      const id = Symbol('assignment')
      return group([group(left), operator, group(indent(line), { id }), indentIfBreak(rightDoc, id)])
    }
  }
}

function chooseLayout(left: Doc, right: Expression, options: AssignmentOptions): Layout {
  const canBreakLeft = canBreak(left)
  if (options.annotation && hasComplexTypeAnnotation(options.annotation)) return 'break-lhs'
  // A key shorter than an indent (plus a little) gains nothing from a line break.
  const hasShortKey = options.property === true && typeof left === 'string' && stringWidth(left) < tabWidth + 3
  if (shouldBreakAfterOperator(right, hasShortKey)) return 'break-after-operator'
  if (!canBreakLeft && (hasShortKey || nodeType(right) === 'number' || nodeType(right) === 'boolean')) {
    return 'never-break-after-operator'
  }
  return 'fluid'
}

function shouldBreakAfterOperator(right: Expression, hasShortKey: boolean): boolean {
  if (right.kind === 'binary') return true
  if (right.kind === 'conditional') return right.test.kind === 'binary'
  if (hasShortKey) return false
  let node: Expression = right
  while (node.kind === 'unary') node = node.argument
  return node.kind === 'string' || isPoorlyBreakableChain(node, false)
}

/** `Type<A, B<C>>`: a type annotation prettier breaks before the value. */
function hasComplexTypeAnnotation(type: TypeNode): boolean {
  return type.kind === 'reference' && type.args.length > 1 && type.args.some((arg) => arg.kind === 'reference' && arg.args.length > 0)
}

/** Whether the document could break at all (holds a line). */
function canBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false
  if (Array.isArray(doc)) return (doc as readonly Doc[]).some(canBreak)
  const c = doc as Exclude<Doc, string | readonly Doc[]>
  switch (c.kind) {
    case 'line':
      return true
    case 'group':
      return c.expandedStates ? c.expandedStates.some(canBreak) : canBreak(c.contents)
    case 'ifBreak':
      return canBreak(c.breakContents) || canBreak(c.flatContents)
    case 'breakParent':
      return false
    default:
      return canBreak(c.contents)
  }
}

/**
 * A chain of names and calls without arguments (or with one short argument), not printed
 * as a member chain: nothing in it can break well, so the whole value moves to the next line.
 */
function isPoorlyBreakableChain(node: Expression, deep: boolean): boolean {
  if (node.kind === 'call') {
    if (isMemberChain(node)) return false
    const poorlyBreakable = node.args.length === 0 || (node.args.length === 1 && isLoneShortArgument(node.args[0]!))
    if (!poorlyBreakable) return false
    if (hasComplexTypeArguments(node.typeArgs)) return false
    return isPoorlyBreakableChain(node.callee, true)
  }
  if (node.kind === 'member' || node.kind === 'element') return isPoorlyBreakableChain(node.object, true)
  return deep && node.kind === 'identifier'
}

function hasComplexTypeArguments(args: readonly TypeNode[]): boolean {
  if (args.length > 1) return true
  if (args.length === 1) {
    const arg = args[0]!
    if (arg.kind === 'union' || arg.kind === 'intersection' || arg.kind === 'object') return true
    return willBreak(printTypeArguments(args))
  }
  return false
}

const shortThreshold = printWidth * 0.25

function isLoneShortArgument(node: Expression): boolean {
  switch (node.kind) {
    case 'identifier':
      return node.name.length <= shortThreshold
    case 'regex':
      return node.pattern.length <= shortThreshold
    case 'string':
      return stringLiteral(node.value).length <= shortThreshold
    case 'unary':
      return node.argument.kind === 'number' ? true : isLoneShortArgument(node.argument)
    case 'call':
      return node.args.length === 0 && node.callee.kind === 'identifier' && node.callee.name.length <= shortThreshold - 2
    case 'number':
    case 'keywordValue':
      return true
    default:
      return false
  }
}

// ---------------------------------------------------------------------------------------
// Calls

function printCall(node: Expression & { kind: 'call' }): Doc {
  if (node.callee.kind === 'member' || node.callee.kind === 'element') return printMemberChain(node)
  const contents: Doc = [printExpression(node.callee, 'callee'), node.typeArgs.length > 0 ? printTypeArguments(node.typeArgs) : '', printArguments(node.args)]
  return node.callee.kind === 'call' ? group(contents) : contents
}

/** What prettier's AST calls the node, where its rules compare node types. */
function nodeType(node: Expression): string {
  switch (node.kind) {
    case 'member':
    case 'element':
      return 'member'
    case 'keywordValue':
      return node.name === 'null' ? 'null' : 'boolean'
    case 'number':
      return node.raw.endsWith('n') ? 'bigint' : 'number'
    default:
      return node.kind
  }
}

function couldExpand(node: Expression): boolean {
  switch (node.kind) {
    case 'object':
      return node.properties.length > 0
    case 'array':
      return node.elements.length > 0
    case 'as':
      return couldExpand(node.expression)
    case 'arrow':
      return node.body.kind === 'object' || node.body.kind === 'array' || node.body.kind === 'conditional' || node.body.kind === 'call'
    default:
      return false
  }
}

function isConciseArray(node: Expression): boolean {
  return node.kind === 'array' && node.elements.length > 0 && node.elements.every((e) => (e.kind === 'number' && !e.raw.endsWith('n')) || (e.kind === 'unary' && e.argument.kind === 'number'))
}

function shouldExpandLastArgument(args: readonly Expression[]): boolean {
  const last = args.at(-1)!
  const penultimate = args.at(-2)
  return (
    couldExpand(last) &&
    (!penultimate || nodeType(penultimate) !== nodeType(last)) &&
    (args.length !== 2 || penultimate!.kind !== 'arrow' || last.kind !== 'array') &&
    !(args.length > 1 && isConciseArray(last))
  )
}

/** `(a, b)`: on one line, hugging a last object or array, or one argument per line. */
function printArguments(args: readonly Expression[]): Doc {
  if (args.length === 0) return '()'
  const printed = args.map((arg) => printExpression(arg, 'argument'))
  const separated: Doc[] = printed.map((doc, i) => (i === printed.length - 1 ? doc : [doc, ',', line]))
  const allBrokenOut = () => group(['(', indent([line, ...separated]), ifBreak(','), line, ')'], { shouldBreak: true })
  if (shouldExpandLastArgument(args)) {
    const head = separated.slice(0, -1)
    if (head.some(willBreak)) return allBrokenOut()
    const last = printed.at(-1)!
    if (willBreak(last)) return [breakParent, conditionalGroup([['(', ...head, group(last, { shouldBreak: true }), ')'], allBrokenOut()])]
    return conditionalGroup([['(', ...head, last, ')'], ['(', ...head, group(last, { shouldBreak: true }), ')'], allBrokenOut()])
  }
  return group(['(', indent([softline, ...separated]), ifBreak(','), softline, ')'], { shouldBreak: separated.some(willBreak) })
}

/** Whether an argument is simple enough for a call chain to stay on one line (prettier's isSimpleCallArgument). */
function isSimpleArgument(node: Expression, depth = 2): boolean {
  if (depth <= 0) return false
  const childSimple = (child: Expression) => isSimpleArgument(child, depth - 1)
  switch (node.kind) {
    case 'regex':
      return stringWidth(node.pattern) <= 5
    case 'string':
    case 'number':
    case 'keywordValue':
    case 'identifier':
      return true
    case 'object':
      return node.properties.every((p) => childSimple(p.value))
    case 'array':
      return node.elements.every(childSimple)
    case 'call':
      return isSimpleArgument(node.callee, depth) && node.args.length <= depth && node.args.every(childSimple)
    case 'member':
    case 'element':
      return isSimpleArgument(node.object, depth)
    case 'unary':
      return isSimpleArgument(node.argument, depth)
    default:
      return false
  }
}

interface ChainLink {
  readonly node: Expression
  readonly printed: Doc
}

/** The links of `a.b(x).c()`: `a`, `.b`, `(x)`, `.c`, `()`, and how prettier groups them. */
function chainGroups(root: Expression & { kind: 'call' }, print: boolean): { links: ChainLink[]; groups: ChainLink[][]; shouldMerge: boolean } {
  const links: ChainLink[] = []
  const callLink = (node: Expression & { kind: 'call' }): ChainLink => ({
    node,
    printed: print ? [node.typeArgs.length > 0 ? printTypeArguments(node.typeArgs) : '', printArguments(node.args)] : '',
  })
  links.unshift(callLink(root))
  let node: Expression = root.callee
  for (;;) {
    if (node.kind === 'call' && (node.callee.kind === 'member' || node.callee.kind === 'element' || node.callee.kind === 'call')) {
      links.unshift(callLink(node))
      node = node.callee
    } else if (node.kind === 'member' || node.kind === 'element') {
      links.unshift({ node, printed: print ? printLookup(node) : '' })
      node = node.object
    } else {
      links.unshift({ node, printed: print ? printExpression(node, 'object') : '' })
      break
    }
  }
  const isCall = (link: ChainLink | undefined) => link?.node.kind === 'call'
  const isMember = (link: ChainLink | undefined) => link?.node.kind === 'member' || link?.node.kind === 'element'
  // The first group: the head, its calls and element accesses, then all members but the last.
  const groups: ChainLink[][] = []
  let current = [links[0]!]
  let i = 1
  for (; i < links.length; i++) {
    if (isCall(links[i]) || links[i]!.node.kind === 'element') current.push(links[i]!)
    else break
  }
  if (!isCall(links[0])) {
    for (; i + 1 < links.length; i++) {
      if (isMember(links[i]) && isMember(links[i + 1])) current.push(links[i]!)
      else break
    }
  }
  groups.push(current)
  // Then groups of members followed by calls.
  current = []
  let seenCall = false
  for (; i < links.length; i++) {
    const link = links[i]!
    if (seenCall && isMember(link)) {
      if (link.node.kind === 'element') {
        current.push(link)
        continue
      }
      groups.push(current)
      current = []
      seenCall = false
    }
    if (isCall(link)) seenCall = true
    current.push(link)
  }
  if (current.length > 0) groups.push(current)
  const isFactory = (name: string) => /^[A-Z]|^[$_]+$/.test(name)
  const shouldNotWrap = () => {
    const hasComputed = groups[1]![0]?.node.kind === 'element'
    if (groups[0]!.length === 1) {
      const first = groups[0]![0]!.node
      return first.kind === 'identifier' && (isFactory(first.name) || hasComputed)
    }
    const last = groups[0]!.at(-1)!.node
    return last.kind === 'member' && (isFactory(last.property) || hasComputed)
  }
  return { links, groups, shouldMerge: groups.length >= 2 && shouldNotWrap() }
}

/** Whether a call is printed as a member chain (three or more groups): never "poorly breakable". */
function isMemberChain(node: Expression & { kind: 'call' }): boolean {
  if (node.callee.kind !== 'member' && node.callee.kind !== 'element') return false
  const { groups, shouldMerge } = chainGroups(node, false)
  return groups.length > (shouldMerge ? 3 : 2)
}

function printMemberChain(root: Expression & { kind: 'call' }): Doc {
  const { links, groups, shouldMerge } = chainGroups(root, true)
  const printGroup = (links: readonly ChainLink[]) => links.map((link) => link.printed)
  const printedGroups = groups.map(printGroup)
  const oneLine = printedGroups
  if (groups.length <= (shouldMerge ? 3 : 2)) return group(oneLine)
  const rest = groups.slice(shouldMerge ? 2 : 1)
  const expanded = [printGroup(groups[0]!), shouldMerge ? printGroup(groups[1]!) : '', indent([hardline, join(hardline, rest.map(printGroup))])]
  const calls = links.map((link) => link.node).filter((node): node is Expression & { kind: 'call' } => node.kind === 'call')
  const lastGroupBreaksAndOthersTakeFunctions =
    groups.at(-1)!.at(-1)!.node.kind === 'call' && willBreak(printedGroups.at(-1)!) && calls.slice(0, -1).some((c) => c.args.some((a) => a.kind === 'arrow'))
  let result: Doc
  if (
    (calls.length > 2 && calls.some((c) => c.args.some((a) => !isSimpleArgument(a)))) ||
    printedGroups.slice(0, -1).some(willBreak) ||
    lastGroupBreaksAndOthersTakeFunctions
  ) {
    result = group(expanded)
  } else {
    result = [willBreak(oneLine) ? breakParent : '', conditionalGroup([oneLine, expanded])]
  }
  return result
}
