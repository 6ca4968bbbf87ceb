/**
 * Reads the type a schema declares for a json column (`t.jsonb<{ a: string[] }>()`, kept
 * in the model as the text the user wrote) into the syntax the printers lay out: names
 * with type arguments, literal types, unions, intersections, arrays, tuples, object types
 * with property and index signatures, `keyof`, `readonly` and indexed access. What a JSON
 * value cannot be or what reads as code (functions, conditional and mapped types, template
 * literal types, comments) is refused with a message naming it: such a type belongs in a
 * declaration of its own (`export type Shape = ...`, then `t.jsonb<Shape>()`).
 */
import { printNumber, printStringLiteral } from './literals.js'
import { isKeyword, type TupleElement, type TypeMember, type TypeNode } from './syntax.js'

export class JsonTypeError extends Error {}

interface Token {
  readonly kind: 'name' | 'string' | 'number' | 'punct' | 'end'
  readonly text: string
  readonly start: number
  readonly end: number
}

const punctuation = ['=>', '...', '|', '&', '[', ']', '{', '}', '(', ')', '<', '>', ',', ';', ':', '?', '.', '-', '=']

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const name = /[$_\p{ID_Start}][$\u200c\u200d\p{ID_Continue}]*/uy
  const number = /(?:0[xob][\da-f_]+n?|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[+-]?\d[\d_]*)?n?)/iy
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) throw new JsonTypeError('comments')
    if (c === '`') throw new JsonTypeError('a template literal type')
    if (c === "'" || c === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++
        else if (text[j] === '\n') break
        j++
      }
      if (text[j] !== c) throw new JsonTypeError('an unterminated string')
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), start: i, end: j + 1 })
      i = j + 1
      continue
    }
    number.lastIndex = i
    const numberMatch = /[\d.]/.test(c) ? number.exec(text) : null
    if (numberMatch && numberMatch[0] !== '.') {
      tokens.push({ kind: 'number', text: numberMatch[0], start: i, end: i + numberMatch[0].length })
      i += numberMatch[0].length
      continue
    }
    name.lastIndex = i
    const nameMatch = name.exec(text)
    if (nameMatch) {
      tokens.push({ kind: 'name', text: nameMatch[0], start: i, end: i + nameMatch[0].length })
      i += nameMatch[0].length
      continue
    }
    const p = punctuation.find((candidate) => text.startsWith(candidate, i))
    if (!p) throw new JsonTypeError(`the character ${JSON.stringify(c)}`)
    tokens.push({ kind: 'punct', text: p, start: i, end: i + p.length })
    i += p.length
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length })
  return tokens
}

/** ES5 identifier names: a quoted key that is one is written without quotes. */
const identifierName = /^[$_\p{L}\p{Nl}][$_\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u200c\u200d]*$/u

const unsupportedNames: Readonly<Record<string, string>> = {
  typeof: 'typeof',
  infer: 'infer',
  new: 'a constructor type',
  asserts: 'a type predicate',
  unique: 'unique symbol',
  import: 'an import type',
}

class Parser {
  private position = 0
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private get token(): Token {
    return this.tokens[this.position]!
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!
  }

  private is(text: string, token = this.token): boolean {
    return (token.kind === 'punct' || token.kind === 'name') && token.text === text
  }

  private eat(text: string): boolean {
    if (!this.is(text)) return false
    this.position++
    return true
  }

  private expect(text: string): void {
    if (!this.eat(text)) throw new JsonTypeError(`unexpected ${this.describe(this.token)} (expected '${text}')`)
  }

  private describe(token: Token): string {
    return token.kind === 'end' ? 'end of the type' : `'${token.text}'`
  }

  parseAll(): TypeNode {
    const type = this.parseType()
    if (this.token.kind !== 'end') throw new JsonTypeError(`unexpected ${this.describe(this.token)}`)
    return type
  }

  parseType(): TypeNode {
    const type = this.parseUnion()
    if (this.is('extends')) throw new JsonTypeError('a conditional type')
    if (this.is('=>')) throw new JsonTypeError('a function type')
    return type
  }

  private parseUnion(): TypeNode {
    this.eat('|')
    const types = [this.parseIntersection()]
    while (this.eat('|')) types.push(this.parseIntersection())
    return types.length === 1 ? types[0]! : { kind: 'union', types }
  }

  private parseIntersection(): TypeNode {
    this.eat('&')
    const types = [this.parseOperator()]
    while (this.eat('&')) types.push(this.parseOperator())
    return types.length === 1 ? types[0]! : { kind: 'intersection', types }
  }

  private parseOperator(): TypeNode {
    const t = this.token
    if (t.kind === 'name' && (t.text === 'keyof' || t.text === 'readonly') && this.startsType(this.peek())) {
      this.position++
      return { kind: 'operator', operator: t.text, type: this.parseOperator() }
    }
    return this.parsePostfix()
  }

  /** Whether a token can begin a type (`keyof` followed by one is the operator, not a name). */
  private startsType(token: Token): boolean {
    if (token.kind === 'name' || token.kind === 'string' || token.kind === 'number') return true
    return token.kind === 'punct' && ['(', '[', '{', '-'].includes(token.text)
  }

  private parsePostfix(): TypeNode {
    let type = this.parsePrimary()
    while (this.is('[')) {
      this.position++
      if (this.eat(']')) type = { kind: 'array', element: type }
      else {
        const index = this.parseType()
        this.expect(']')
        type = { kind: 'indexed', object: type, index }
      }
    }
    return type
  }

  private parsePrimary(): TypeNode {
    const t = this.token
    if (t.kind === 'string') {
      this.position++
      return { kind: 'literal', text: printStringLiteral(t.text) }
    }
    if (t.kind === 'number') {
      this.position++
      return { kind: 'literal', text: printNumberLiteral(t.text) }
    }
    if (this.is('-') && this.peek().kind === 'number') {
      this.position += 2
      return { kind: 'literal', text: '-' + printNumberLiteral(this.tokens[this.position - 1]!.text) }
    }
    if (this.is('(')) {
      if (this.is(')', this.peek()) || this.is('...', this.peek()) || (this.peek().kind === 'name' && (this.is(':', this.peek(2)) || this.is('?', this.peek(2))))) {
        throw new JsonTypeError('a function type')
      }
      this.position++
      const inner = this.parseType()
      this.expect(')')
      if (this.is('=>')) throw new JsonTypeError('a function type')
      return inner
    }
    if (this.is('<')) throw new JsonTypeError('a function type')
    if (this.is('{')) return this.parseObject()
    if (this.is('[')) return this.parseTuple()
    if (t.kind === 'name') {
      const unsupported = unsupportedNames[t.text]
      if (unsupported) throw new JsonTypeError(unsupported)
      this.position++
      if (t.text === 'true' || t.text === 'false') return { kind: 'literal', text: t.text }
      let name = t.text
      while (this.is('.') && this.peek().kind === 'name') {
        name += '.' + this.peek().text
        this.position += 2
      }
      const args: TypeNode[] = []
      if (this.eat('<')) {
        do {
          if (this.is('>')) break
          args.push(this.parseType())
        } while (this.eat(','))
        this.expect('>')
      }
      return args.length === 0 && isKeyword(name) ? { kind: 'keyword', name } : { kind: 'reference', name, args }
    }
    throw new JsonTypeError(`unexpected ${this.describe(t)}`)
  }

  private parseTuple(): TypeNode {
    this.expect('[')
    const elements: TupleElement[] = []
    while (!this.is(']')) {
      if (this.eat('...')) elements.push({ type: this.parseType(), rest: true })
      else {
        if (this.token.kind === 'name' && (this.is(':', this.peek()) || (this.is('?', this.peek()) && this.is(':', this.peek(2))))) {
          throw new JsonTypeError('a named tuple member')
        }
        const type = this.parseType()
        elements.push(this.eat('?') ? { type, optional: true } : { type })
      }
      if (!this.eat(',')) break
    }
    this.expect(']')
    return { kind: 'tuple', elements }
  }

  private parseObject(): TypeNode {
    const open = this.token
    this.expect('{')
    const members: TypeMember[] = []
    const first = this.token
    while (!this.is('}')) {
      members.push(this.parseMember())
      if (!this.eat(';') && !this.eat(',') && !this.is('}') && !this.newlineBefore(this.token)) {
        throw new JsonTypeError(`unexpected ${this.describe(this.token)}`)
      }
    }
    this.expect('}')
    // prettier keeps an object type on several lines when its first member starts on a new line.
    const expanded = members.length > 0 && this.text.slice(open.end, first.start).includes('\n')
    return { kind: 'object', members, expanded }
  }

  private newlineBefore(token: Token): boolean {
    const previous = this.tokens[this.position - 1]
    return previous !== undefined && this.text.slice(previous.end, token.start).includes('\n')
  }

  private parseMember(): TypeMember {
    const readonly = this.is('readonly') && !this.isKeyEnd(this.peek())
    if (readonly) this.position++
    if (this.is('[')) {
      const name = this.peek()
      if (name.kind === 'name' && this.is('in', this.peek(2))) throw new JsonTypeError('a mapped type')
      if (name.kind !== 'name' || !this.is(':', this.peek(2))) throw new JsonTypeError('a computed property')
      this.position += 3
      const parameterType = this.parseType()
      this.expect(']')
      this.expect(':')
      return { kind: 'index', parameter: name.text, parameterType, type: this.parseType(), readonly }
    }
    if (this.is('(') || this.is('<')) throw new JsonTypeError('a call signature')
    if (this.is('new') && (this.is('(', this.peek()) || this.is('<', this.peek()))) throw new JsonTypeError('a construct signature')
    const key = this.parseKey()
    const optional = this.eat('?')
    if (this.is('(') || this.is('<')) throw new JsonTypeError('a method')
    this.expect(':')
    const type = this.parseType()
    return { kind: 'property', key, type, ...(optional ? { optional } : {}), ...(readonly ? { readonly } : {}) }
  }

  /** Whether a token ends a property key (so the `readonly` before it is the key itself). */
  private isKeyEnd(token: Token): boolean {
    return token.kind === 'punct' && [':', '?', '(', '<', ';', ',', '}'].includes(token.text)
  }

  private parseKey(): string {
    const t = this.token
    this.position++
    if (t.kind === 'name') return t.text
    if (t.kind === 'number') return printNumberLiteral(t.text)
    if (t.kind === 'string') {
      const printed = printStringLiteral(t.text)
      const content = printed.slice(1, -1)
      return identifierName.test(content) ? content : printed
    }
    throw new JsonTypeError(`unexpected ${this.describe(t)}`)
  }
}

function printNumberLiteral(raw: string): string {
  return /n$/i.test(raw) ? raw.toLowerCase() : printNumber(raw)
}

const parsed = new Map<string, TypeNode>()

/** The declared type of a json column; throws JsonTypeError naming what cannot be printed. */
export function parseJsonType(text: string): TypeNode {
  let type = parsed.get(text)
  if (!type) {
    type = new Parser(text, tokenize(text)).parseAll()
    parsed.set(text, type)
  }
  return type
}
