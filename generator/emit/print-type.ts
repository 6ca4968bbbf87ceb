/**
 * Types as documents, laid out the way prettier lays out the same TypeScript: unions break
 * one member per line behind `|`, type arguments and object types break inside their
 * brackets, parentheses only where the syntax needs them.
 */
import { align, group, ifBreak, indent, join, line, softline, type Doc } from './doc.js'
import type { TypeMember, TypeNode } from './syntax.js'

/**
 * Where a type stands, as far as its layout depends on it:
 * - `annotation`: after `:` or `as` (a long union moves to the next line, indented);
 * - `alias`: the right of `type X =` (the alias breaks after `=`, so the union does not indent);
 * - `argument`: a type argument; `tuple` / `tuples`: the element of a tuple of one / more;
 * - `union`, `intersection`, `array`, `operator`, `indexed` (the object of `T[K]`), `optional` and `rest` (tuple elements).
 */
export type TypePosition = 'annotation' | 'alias' | 'argument' | 'tuple' | 'tuples' | 'union' | 'intersection' | 'array' | 'operator' | 'indexed' | 'optional' | 'rest' | 'index'

function needsParens(type: TypeNode, position: TypePosition): boolean {
  switch (type.kind) {
    case 'union':
    case 'intersection':
      return position === 'union' || position === 'intersection' || wrapsOperand(position)
    case 'operator':
      return wrapsOperand(position)
    case 'literal':
      // `(-1)[]`: without them the `-` does not parse (prettier drops them, and writes code that does not parse).
      return type.text.startsWith('-') && (position === 'array' || position === 'indexed')
    default:
      return false
  }
}

/** Positions where a union, an intersection or `keyof T` / `readonly T[]` needs parentheses. */
function wrapsOperand(position: TypePosition): boolean {
  return position === 'array' || position === 'optional' || position === 'rest' || position === 'indexed' || position === 'operator'
}

function isSimple(type: TypeNode): boolean {
  return type.kind === 'keyword' || (type.kind === 'reference' && type.args.length === 0)
}

const isVoid = (type: TypeNode) => type.kind === 'keyword' && (type.name === 'null' || type.name === 'void')

/** `Foo | null`, `{ a: T } | null`: an object-like type and nothing but null, printed inline. */
export function shouldHugUnion(types: readonly TypeNode[]): boolean {
  const objectLike = types.find((t) => t.kind === 'object' || t.kind === 'reference')
  return objectLike !== undefined && types.every((t) => t === objectLike || isVoid(t))
}

/** Types a single type argument is printed inline for (`Array<string>` never breaks inside `<>`). */
function shouldHugType(type: TypeNode): boolean {
  return isSimple(type) || type.kind === 'object' || (type.kind === 'union' && shouldHugUnion(type.types))
}

export function printType(type: TypeNode, position: TypePosition = 'annotation'): Doc {
  const doc = printTypeOnly(type, position)
  return needsParens(type, position) ? ['(', doc, ')'] : doc
}

function printTypeOnly(type: TypeNode, position: TypePosition): Doc {
  switch (type.kind) {
    case 'keyword':
      return type.name
    case 'literal':
      return type.text
    case 'reference':
      return type.args.length === 0 ? type.name : [type.name, printTypeArguments(type.args)]
    case 'array':
      return [printType(type.element, 'array'), '[]']
    case 'operator':
      return [type.operator, ' ', printType(type.type, 'operator')]
    case 'indexed':
      return [printType(type.object, 'indexed'), '[', printType(type.index, 'index'), ']']
    case 'union':
      return printUnion(type.types, position)
    case 'intersection':
      return printIntersection(type.types)
    case 'tuple': {
      if (type.elements.length === 0) return '[]'
      const position = type.elements.length > 1 ? 'tuples' : 'tuple'
      const elements = type.elements.map((element) => {
        if (element.optional) return group([printType(element.type, 'optional'), '?'])
        if (element.rest) return group(['...', printType(element.type, 'rest')])
        return group(printType(element.type, position))
      })
      return group(['[', indent([softline, join([',', line], elements), ifBreak(',')]), softline, ']'])
    }
    case 'object':
      return printObjectType(type.members, type.expanded)
  }
}

/** `<A>` inline for one simple argument, else a group that breaks one argument per line. */
export function printTypeArguments(args: readonly TypeNode[]): Doc {
  const printed = args.map((arg) => printType(arg, 'argument'))
  if (args.length === 1 && shouldHugType(args[0]!)) return ['<', ...printed, '>']
  return group(['<', indent([softline, join([',', line], printed)]), softline, '>'])
}

function printUnion(types: readonly TypeNode[], position: TypePosition): Doc {
  if (shouldHugUnion(types)) return join(' | ', types.map((t) => printType(t, 'union')))
  const printed = group(types.map((t, i) => [i === 0 ? ifBreak('| ') : [line, '| '], align(2, printType(t, 'union'))]))
  if (needsParens({ kind: 'union', types }, position)) return group([indent([softline, printed]), softline])
  if (position === 'tuples') return group([indent([ifBreak(['(', softline]), printed]), softline, ifBreak(')')])
  if (position === 'alias' || position === 'argument' || position === 'tuple') return printed
  return group(indent([softline, printed]))
}

function printIntersection(types: readonly TypeNode[]): Doc {
  let wasIndented = false
  return group(
    types.map((t, index) => {
      const doc = printType(t, 'intersection')
      if (index === 0) return doc
      const isObject = t.kind === 'object'
      const previousIsObject = types[index - 1]!.kind === 'object'
      if (previousIsObject && isObject) return [' & ', wasIndented ? indent(doc) : doc]
      if (!previousIsObject && !isObject) return indent([' &', line, doc])
      if (index > 1) wasIndented = true
      return [' & ', index > 1 ? indent(doc) : doc]
    }),
  )
}

/** `{ a: T; b: U }` on one line, or one member per line (always, when `expanded`). */
function printObjectType(members: readonly TypeMember[], expanded: boolean): Doc {
  if (members.length === 0) return '{}'
  const parts: Doc[] = []
  members.forEach((member, i) => {
    const last = i === members.length - 1
    parts.push(printMember(member), last ? '' : ifBreak('', ';'))
    if (!last) parts.push(line)
  })
  return group(['{', indent([line, ...parts]), line, '}'], { shouldBreak: expanded })
}

/** A member of an object type or an interface (without its separator). */
export function printMember(member: TypeMember): Doc {
  if (member.kind === 'index') {
    return group([
      member.readonly ? 'readonly ' : '',
      '[',
      group([indent([softline, member.parameter, ': ', printType(member.parameterType)]), softline]),
      ']',
      ': ',
      printType(member.type),
    ])
  }
  return group([member.readonly ? 'readonly ' : '', member.key, member.optional ? '?' : '', ': ', printType(member.type)])
}
