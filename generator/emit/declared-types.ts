/**
 * The declared type of an exported value the emitters leave unannotated, read from its
 * initializer alone (declarations.ts): a `[...] as const` list of literals, and the zod
 * schemas of a table (`z.strictObject({ ... })` of column schemas, `x.partial()` of one).
 *
 * The zod schemas are built from a small set of calls (table-zod.ts, the `zod` column of
 * schema/column-types.ts), each with a known result type; anything else is an internal
 * error that names the expression, never a guessed type. The zod types written here are
 * the ones TypeScript infers for the same expressions (a test compares them), so a client
 * has the same types in either emit mode.
 */
import type * as TypeScript from 'typescript'

/** A declared type; an object schema keeps its shape, which `.partial()` rewrites. */
interface DeclaredType {
  readonly text: string
  readonly shape?: readonly (readonly [string, DeclaredType])[]
}

/** zod factories by their path under `z` and the type each returns. */
const zodFactories: Readonly<Record<string, string>> = {
  string: 'z.ZodString',
  email: 'z.ZodEmail',
  url: 'z.ZodURL',
  guid: 'z.ZodGUID',
  'iso.date': 'z.iso.ZodISODate',
  int: 'z.ZodInt',
  int32: 'z.ZodInt32',
  int64: 'z.ZodInt64',
  boolean: 'z.ZodBoolean',
  date: 'z.ZodDate',
}

/** zod's methods that add a check and return the schema they are called on (`this`). */
const checks = new Set(['min', 'max', 'length', 'regex'])

export class UndeclarableError extends Error {}

export class DeclaredTypes {
  /** The types of the module's values declared so far, for `.partial()` of one. */
  private readonly values = new Map<string, DeclaredType>()

  constructor(
    private readonly ts: typeof TypeScript,
    private readonly file: TypeScript.SourceFile,
  ) {}

  /** The type text of `name`'s initializer; remembers it for the declarations after it. */
  declare(name: string, initializer: TypeScript.Expression): string {
    const type = this.typeOf(initializer)
    this.values.set(name, type)
    return type.text
  }

  private fail(node: TypeScript.Node): never {
    throw new UndeclarableError(`internal error: no declared type for \`${node.getText(this.file)}\` in generated ${this.file.fileName}`)
  }

  private typeOf(node: TypeScript.Expression): DeclaredType {
    const ts = this.ts
    if (ts.isParenthesizedExpression(node)) return this.typeOf(node.expression)
    if (ts.isAsExpression(node) && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(this.file) === 'const') return this.constant(node.expression)
    if (ts.isIdentifier(node)) return this.values.get(node.text) ?? { text: `typeof ${node.text}` }
    if (ts.isCallExpression(node)) return this.call(node)
    return this.fail(node)
  }

  /** `[...] as const`: a readonly tuple of the literals. */
  private constant(node: TypeScript.Expression): DeclaredType {
    const ts = this.ts
    if (!ts.isArrayLiteralExpression(node)) return this.fail(node)
    const items = node.elements.map((item) => (ts.isStringLiteral(item) || ts.isNumericLiteral(item) ? item.getText(this.file) : this.fail(item)))
    return { text: `readonly [${items.join(', ')}]` }
  }

  private call(node: TypeScript.CallExpression): DeclaredType {
    const ts = this.ts
    const callee = node.expression
    const args = node.arguments
    const zodPath = this.zodPath(callee)
    if (zodPath !== undefined) {
      if (zodFactories[zodPath]) return { text: zodFactories[zodPath] }
      if (zodPath === 'array' && args.length === 1) return { text: `z.ZodArray<${this.typeOf(args[0]!).text}>` }
      if (zodPath === 'enum' && args.length === 1 && ts.isIdentifier(args[0]!)) return { text: `z.ZodEnum<z.core.util.ToEnum<(typeof ${args[0].text})[number]>>` }
      if (zodPath === 'instanceof' && args.length === 1 && ts.isIdentifier(args[0]!)) return { text: `z.ZodInstanceOf<InstanceType<typeof ${args[0].text}>>` }
      if (zodPath === 'strictObject' && args.length === 1 && ts.isObjectLiteralExpression(args[0]!)) return objectSchema(this.shapeOf(args[0]))
      return this.fail(node)
    }
    // A runtime helper called by name (`floatValue()`, `decimalString({ ... })`): what it returns.
    if (ts.isIdentifier(callee)) return { text: `ReturnType<typeof ${callee.text}>` }
    if (!ts.isPropertyAccessExpression(callee)) return this.fail(node)
    const method = callee.name.text
    const receiver = this.typeOf(callee.expression)
    if (checks.has(method)) return receiver
    if (method === 'optional' && args.length === 0) return { text: `z.ZodOptional<${receiver.text}>` }
    if (method === 'nullable' && args.length === 0) return { text: `z.ZodNullable<${receiver.text}>` }
    if (method === 'partial' && args.length === 0 && receiver.shape) {
      return objectSchema(receiver.shape.map(([key, type]) => [key, { text: `z.ZodOptional<${type.text}>` }] as const))
    }
    return this.fail(node)
  }

  /** `z.a.b` -> `a.b`; undefined when the callee is not a member of `z`. */
  private zodPath(callee: TypeScript.Expression): string | undefined {
    const ts = this.ts
    const names: string[] = []
    let node = callee
    while (ts.isPropertyAccessExpression(node)) {
      names.unshift(node.name.text)
      node = node.expression
    }
    return ts.isIdentifier(node) && node.text === 'z' && names.length > 0 ? names.join('.') : undefined
  }

  private shapeOf(literal: TypeScript.ObjectLiteralExpression): [string, DeclaredType][] {
    const ts = this.ts
    return literal.properties.map((property) => {
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return this.fail(property)
      return [property.name.getText(this.file), this.typeOf(property.initializer)]
    })
  }
}

/** A strict object schema, the only kind the emitters build (`z.strictObject`). */
function objectSchema(shape: readonly (readonly [string, DeclaredType])[]): DeclaredType {
  const members = shape.map(([key, type]) => `  ${key}: ${type.text}\n`).join('')
  return { text: `z.ZodObject<{\n${members}}, z.core.$strict>`, shape }
}
