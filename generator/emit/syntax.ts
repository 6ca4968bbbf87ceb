/**
 * The TypeScript the emitters write, as plain data: the few kinds of types, expressions
 * and statements generated modules are made of (and the types users declare for json
 * columns). The printers (print-type.ts, print-expression.ts, module.ts) lay them out.
 */

// ---------------------------------------------------------------------------------------
// Types

export type TypeNode =
  /** `string`, `null`, `never`... */
  | { readonly kind: 'keyword'; readonly name: string }
  /** `Book`, `Shape.Kind`, `Partial<Record<K, V>>` */
  | { readonly kind: 'reference'; readonly name: string; readonly args: readonly TypeNode[] }
  /** A literal type as printed: `'a'`, `1`, `-1`, `true`. */
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'union'; readonly types: readonly TypeNode[] }
  | { readonly kind: 'intersection'; readonly types: readonly TypeNode[] }
  | { readonly kind: 'array'; readonly element: TypeNode }
  | { readonly kind: 'operator'; readonly operator: 'readonly' | 'keyof'; readonly type: TypeNode }
  | { readonly kind: 'tuple'; readonly elements: readonly TupleElement[] }
  | { readonly kind: 'indexed'; readonly object: TypeNode; readonly index: TypeNode }
  /** `{ a: T; b?: U }`; `expanded`: one member per line even when it would fit on one. */
  | { readonly kind: 'object'; readonly members: readonly TypeMember[]; readonly expanded: boolean }

export interface TupleElement {
  readonly type: TypeNode
  readonly optional?: boolean
  readonly rest?: boolean
}

export type TypeMember =
  | { readonly kind: 'property'; readonly key: string; readonly optional?: boolean; readonly readonly?: boolean; readonly type: TypeNode }
  /** `[key: string]: T` */
  | { readonly kind: 'index'; readonly parameter: string; readonly parameterType: TypeNode; readonly readonly?: boolean; readonly type: TypeNode }

const keywords = new Set(['any', 'unknown', 'never', 'void', 'undefined', 'null', 'string', 'number', 'bigint', 'boolean', 'symbol', 'object', 'this'])

export function isKeyword(name: string): boolean {
  return keywords.has(name)
}

/** A named type: a keyword or a reference (with type arguments). */
export function named(name: string, args: readonly TypeNode[] = []): TypeNode {
  return args.length === 0 && keywords.has(name) ? { kind: 'keyword', name } : { kind: 'reference', name, args }
}

export function literalType(text: string): TypeNode {
  return { kind: 'literal', text }
}

/** A union; a single type stays itself, nested unions are flattened. */
export function union(types: readonly TypeNode[]): TypeNode {
  const flat = types.flatMap((t) => (t.kind === 'union' ? t.types : [t]))
  return flat.length === 1 ? flat[0]! : { kind: 'union', types: flat }
}

export function arrayOf(element: TypeNode, dimensions = 1): TypeNode {
  let type = element
  for (let d = 0; d < dimensions; d++) type = { kind: 'array', element: type }
  return type
}

export function readonlyOf(type: TypeNode): TypeNode {
  return { kind: 'operator', operator: 'readonly', type }
}

export function tuple(types: readonly TypeNode[]): TypeNode {
  return { kind: 'tuple', elements: types.map((type) => ({ type })) }
}

export function objectType(members: readonly TypeMember[], expanded = false): TypeNode {
  return { kind: 'object', members, expanded }
}

export function property(key: string, type: TypeNode, options: { optional?: boolean; readonly?: boolean } = {}): TypeMember {
  return { kind: 'property', key, type, ...options }
}

// ---------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | { readonly kind: 'identifier'; readonly name: string }
  /** A string value (quoted when printed). */
  | { readonly kind: 'string'; readonly value: string }
  /** A number or bigint literal as written (`1e21`, `0.5`, `5n`); negative numbers are `unary`. */
  | { readonly kind: 'number'; readonly raw: string }
  | { readonly kind: 'keywordValue'; readonly name: 'true' | 'false' | 'null' }
  | { readonly kind: 'regex'; readonly pattern: string; readonly flags: string }
  | { readonly kind: 'unary'; readonly operator: '-'; readonly argument: Expression }
  | { readonly kind: 'member'; readonly object: Expression; readonly property: string }
  /** `r[0]` */
  | { readonly kind: 'element'; readonly object: Expression; readonly index: number }
  | { readonly kind: 'call'; readonly callee: Expression; readonly typeArgs: readonly TypeNode[]; readonly args: readonly Expression[] }
  /** `expanded`: one property per line even when it would fit on one. */
  | { readonly kind: 'object'; readonly properties: readonly ObjectProperty[]; readonly expanded: boolean }
  | { readonly kind: 'array'; readonly elements: readonly Expression[] }
  /** `x as T`; `as const` when `type` is null. */
  | { readonly kind: 'as'; readonly expression: Expression; readonly type: TypeNode | null }
  | { readonly kind: 'conditional'; readonly test: Expression; readonly consequent: Expression; readonly alternate: Expression }
  | { readonly kind: 'binary'; readonly left: Expression; readonly operator: '==='; readonly right: Expression }
  /** `() => body` */
  | { readonly kind: 'arrow'; readonly body: Expression }

export interface ObjectProperty {
  readonly key: string
  readonly value: Expression
}

export function id(name: string): Expression {
  return { kind: 'identifier', name }
}

export function str(value: string): Expression {
  return { kind: 'string', value }
}

/** A number (or bigint, ending in `n`) from its text; a leading `-` becomes unary minus. */
export function num(text: string | number): Expression {
  const raw = String(text)
  return raw.startsWith('-') ? { kind: 'unary', operator: '-', argument: { kind: 'number', raw: raw.slice(1) } } : { kind: 'number', raw }
}

export const trueValue: Expression = { kind: 'keywordValue', name: 'true' }
export const nullValue: Expression = { kind: 'keywordValue', name: 'null' }

export function member(object: Expression, ...properties: string[]): Expression {
  return properties.reduce<Expression>((o, property) => ({ kind: 'member', object: o, property }), object)
}

export function call(callee: Expression | string, args: readonly Expression[] = [], typeArgs: readonly TypeNode[] = []): Expression {
  return { kind: 'call', callee: typeof callee === 'string' ? id(callee) : callee, args, typeArgs }
}

/** `object.name(args)` */
export function method(object: Expression, name: string, args: readonly Expression[] = []): Expression {
  return call(member(object, name), args)
}

export function object(properties: readonly ObjectProperty[], expanded = false): Expression {
  return { kind: 'object', properties, expanded }
}

export function prop(key: string, value: Expression): ObjectProperty {
  return { key, value }
}

export function array(elements: readonly Expression[]): Expression {
  return { kind: 'array', elements }
}

export function as(expression: Expression, type: TypeNode | null): Expression {
  return { kind: 'as', expression, type }
}

// ---------------------------------------------------------------------------------------
// Statements

export type Statement =
  /** `import { a, type B } from 'm'`, or `import type { B } from 'm'` when there are no values. */
  | { readonly kind: 'import'; readonly module: string; readonly values: readonly string[]; readonly types: readonly string[] }
  /** `export { a } from 'm'` / `export type { A } from 'm'` */
  | { readonly kind: 'exportFrom'; readonly module: string; readonly names: readonly string[]; readonly typeOnly: boolean }
  | { readonly kind: 'interface'; readonly name: string; readonly docs?: readonly string[]; readonly extends?: TypeNode; readonly members: readonly TypeMember[] }
  | { readonly kind: 'typeAlias'; readonly name: string; readonly docs?: readonly string[]; readonly type: TypeNode }
  | { readonly kind: 'const'; readonly name: string; readonly docs?: readonly string[]; readonly type?: TypeNode; readonly init: Expression }
  /** A function whose body returns `returns`. */
  | {
      readonly kind: 'function'
      readonly name: string
      readonly docs?: readonly string[]
      readonly params: readonly { readonly name: string; readonly type: TypeNode; readonly optional?: boolean }[]
      readonly returnType: TypeNode
      readonly returns: Expression
    }
