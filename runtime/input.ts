/**
 * Checks on caller input shared by the query compilers.
 *
 * Arguments are read through copies of their own enumerable properties (`ownCopy`): a key
 * a caller did not give reads as undefined even when something was added to
 * Object.prototype (a polluted prototype would otherwise fill in a missing `where`, a
 * missing column of a row, or a missing option), and a getter runs once, inside a check
 * that turns its failure into a ValidationError.
 */
import { ValidationError, type ValidationIssue } from './errors.js'
import { describe } from './types.js'

/** A plain object: its prototype is Object.prototype or null (not a class instance, a Map, a proxy of one). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  try {
    const proto = Object.getPrototypeOf(value)
    return proto === Object.prototype || proto === null
  } catch {
    // A proxy whose getPrototypeOf trap throws.
    return false
  }
}

/**
 * How far filters (AND, OR, NOT, relation filters) and `with` may nest. Real filters stay
 * within a handful of levels; the limit keeps a hostile one from overflowing the stack.
 */
export const maxNesting = 64

/** A copy of a caller's object: its own enumerable properties, and nothing inherited. */
export type Own = Record<string, unknown>

/**
 * Copies are built with this constructor: their prototype is an empty object without a
 * prototype, so nothing added to Object.prototype can be read through them. (Unlike
 * Object.create(null) objects they stay in V8's fast mode: half the cost to build and read,
 * measured, which matters for insertMany's rows.)
 */
const OwnCopy = function OwnCopy() {} as unknown as { new (): Own; prototype: object }
OwnCopy.prototype = Object.create(null) as object

/** An empty copy, to add entries to. */
export function emptyOwn(): Own {
  return new OwnCopy()
}

/** Whether `value` is one of the copies made here. */
export function isOwnCopy(value: unknown): value is Own {
  return value instanceof OwnCopy
}

/**
 * The own enumerable properties of a plain object (or of a copy made here), copied, those
 * whose value is undefined left out if `omitUndefined`; any other value, or a getter that
 * throws, adds an issue at `path` and gives undefined.
 */
export function ownCopy(issues: Issues, value: unknown, path: string, expected: string, omitUndefined = false): Own | undefined {
  if (!isPlainObject(value) && !isOwnCopy(value)) {
    issues.add(path, `expected ${expected}, got ${describe(value)}`)
    return undefined
  }
  const copy = copyOwn(value, omitUndefined)
  if (!copy) issues.add(path, 'could not be read: reading one of its properties threw')
  return copy
}

/** The copy itself; undefined when a getter (or a proxy's trap) throws. */
function copyOwn(value: object, omitUndefined = false): Own | undefined {
  const copy = new OwnCopy()
  try {
    // for-in and hasOwn, rather than Object.keys: the same keys in the same order, without
    // an array of them per object (V8 reads them from the object's shape).
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue
      const item = (value as Own)[key]
      if (item !== undefined || !omitUndefined) copy[key] = item
    }
  } catch {
    return undefined
  }
  return copy
}

/** A row's copy: its own enumerable properties but those holding undefined; undefined when a getter throws. */
export function plainCopy(value: Record<string, unknown>): Own | undefined {
  return copyOwn(value, true)
}

/** A copy of a plain object's own enumerable properties; undefined for anything else, or when a getter throws. */
export function plainOwn(value: unknown): Own | undefined {
  return isPlainObject(value) ? copyOwn(value) : undefined
}

/** A copy of `base` with `extra`'s entries set too. */
export function withOwn(base: Own, extra: Record<string, unknown>): Own {
  const copy = new OwnCopy()
  for (const key of Object.keys(base)) copy[key] = base[key]
  for (const key of Object.keys(extra)) copy[key] = extra[key]
  return copy
}

/**
 * The items of an array argument (a list of rows, of filters, of columns), checked to have
 * no hole: a hole would read whatever an index added to Array.prototype or Object.prototype
 * holds. Anything but an array adds an issue and gives undefined.
 */
export function listItems(issues: Issues, value: unknown, path: string, expected: string): unknown[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, `expected ${expected}, got ${describe(value)}`)
    return undefined
  }
  try {
    const items = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) {
      if (!Object.hasOwn(value, i)) {
        issues.add(joinPath(path, i), 'is a hole in the array; give a value')
        return undefined
      }
      items[i] = value[i]
    }
    return items
  } catch {
    issues.add(path, 'could not be read: reading one of its items threw')
    return undefined
  }
}

/** Collects problems so one error can list them all. */
export class Issues {
  readonly list: ValidationIssue[] = []
  /** `context` names the call in the error message (`books.insert`). */
  constructor(
    private readonly owner: string,
    private readonly method: string,
  ) {}

  get context(): string {
    return `${this.owner}.${this.method}: invalid input`
  }

  add(path: string, message: string): void {
    this.list.push({ path, message })
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.context, this.list)
  }

  fail(path: string, message: string): never {
    this.add(path, message)
    throw new ValidationError(this.context, this.list)
  }

  /** Throws the problems found so far (at least one has been added). */
  stop(): never {
    throw new ValidationError(this.context, this.list)
  }
}

export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

/** Lists the known keys for an "unknown key" message. */
export function knownKeys(keys: Iterable<string>): string {
  const list = [...keys]
  return list.length > 12 ? list.slice(0, 12).join(', ') + ', ...' : list.join(', ')
}

/** A non-negative integer for limit/offset, else an issue. */
export function checkCount(issues: Issues, path: string, value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    issues.add(path, `must be a non-negative integer, got ${describe(value)}`)
    return undefined
  }
  return value
}

/**
 * Copies an options object, rejecting keys the method does not take and undefined values;
 * `undefined` options are an empty copy. Read options from the copy only.
 */
export function checkOptions(issues: Issues, options: unknown, allowed: readonly string[], path = ''): Own {
  if (options === undefined) return new OwnCopy()
  const copy = ownCopy(issues, options, path || 'options', 'a plain object of options')
  if (!copy) return issues.stop()
  for (const key of Object.keys(copy)) {
    if (!allowed.includes(key)) issues.add(joinPath(path, key), `unknown option; expected one of ${allowed.join(', ')}`)
    else if (copy[key] === undefined && key !== 'where') {
      // `where: undefined` is reported by the where compiler with a clearer message.
      issues.add(joinPath(path, key), 'is undefined; leave the key out instead')
    }
  }
  return copy
}

// ---------------------------------------------------------------------------------------
// zod issues in dbridge's words

/** A zod issue, as much of it as the messages below read (zod 4 issue shapes). */
export interface SchemaIssue {
  readonly code?: string
  readonly path: readonly PropertyKey[]
  readonly message: string
  readonly [field: string]: unknown
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  bigint: 'a bigint',
  boolean: 'a boolean',
  date: 'a Date',
  array: 'an array',
  object: 'an object',
}

const formatNames: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  date: "a date string 'YYYY-MM-DD' of a day that exists",
  uuid: 'a UUID',
  datetime: 'an ISO date-time string',
  time: 'an ISO time string',
}

function sizeMessage(issue: SchemaIssue, most: boolean): string {
  const bound = String(most ? issue.maximum : issue.minimum)
  const limit = issue.exact === true ? 'exactly' : issue.inclusive === false ? (most ? 'less than' : 'more than') : most ? 'at most' : 'at least'
  const plural = bound === '1' ? '' : 's'
  switch (issue.origin) {
    case 'string':
      return `must be ${limit} ${bound} character${plural} long`
    case 'array':
    case 'set':
      return `must have ${limit} ${bound} item${plural}`
    default:
      return `must be ${limit} ${bound}`
  }
}

const notInstance = /^Input not instance of ([A-Za-z_$][\w$]*)$/

/**
 * The message of a zod issue, naming what was expected and the type of what was given
 * (its `input`), never the value (zod's own messages are kept only where they hold no
 * value either).
 */
export function schemaIssueMessage(issue: SchemaIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeNames[String(issue.expected)] ?? `a ${String(issue.expected)}`
      return issue.input === undefined ? `is required: expected ${expected}` : `expected ${expected}, got ${describe(issue.input)}`
    }
    case 'too_big':
      return sizeMessage(issue, true)
    case 'too_small':
      return sizeMessage(issue, false)
    case 'invalid_format': {
      // A pattern with a message of its own (decimalString's) says it better than the pattern.
      if (issue.format === 'regex') return issue.message.startsWith('Invalid string') ? `must match the pattern ${String(issue.pattern)}` : issue.message
      return `expected ${formatNames[String(issue.format)] ?? `the ${String(issue.format)} format`}`
    }
    case 'invalid_value': {
      const values = Array.isArray(issue.values) ? issue.values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))) : []
      return values.length === 1 ? `expected ${values[0]}` : `expected one of ${values.join(', ')}`
    }
    case 'custom': {
      const instance = notInstance.exec(issue.message)
      if (instance) return `expected ${/^[AEIOU]/.test(instance[1]!) ? 'an' : 'a'} ${instance[1]}, got ${describe(issue.input)}`
      return issue.message
    }
    default:
      return issue.message
  }
}

/** The zod-like validators of rows (the generated zod schemas). */
export interface SchemaValidator {
  /** `reportInput` puts the rejected input into each issue, so a message can name its type. */
  safeParse(value: unknown, params?: { reportInput?: boolean }): { success: true; data: unknown } | { success: false; error: { issues: readonly SchemaIssue[] } }
}

/**
 * Adds the issues `schema` finds in `value` (which it refused) at `path`, in dbridge's
 * words. A key the schema does not know is one issue at that key, with `unknownKey`'s
 * message. The value is checked again with `reportInput`, which zod's fast path does not
 * take (it doubled the cost of a valid row), so only a refused value pays for it; the
 * inputs are read for their types and dropped with the issues.
 */
export function addSchemaIssues(issues: Issues, schema: SchemaValidator, value: unknown, path: string, unknownKey: string): void {
  const result = schema.safeParse(value, { reportInput: true })
  if (result.success) return
  for (const issue of result.error.issues) {
    const at = issue.path.reduce<string>((p, k) => joinPath(p, typeof k === 'number' ? k : String(k)), path)
    if (issue.code === 'unrecognized_keys' && Array.isArray(issue.keys)) {
      for (const key of issue.keys) issues.add(joinPath(at, String(key)), unknownKey)
    } else {
      issues.add(at, schemaIssueMessage(issue))
    }
  }
}
