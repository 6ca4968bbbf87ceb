/** Checks on caller input shared by the query compilers. */
import { ValidationError, type ValidationIssue } from './errors.js'
import { describe } from './types.js'

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
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

/** Rejects keys of an options object that the method does not take, and undefined values. */
export function checkOptions(issues: Issues, options: unknown, allowed: readonly string[], path = ''): Record<string, unknown> {
  if (options === undefined) return {}
  if (!isPlainObject(options)) {
    issues.fail(path || 'options', `must be a plain object, got ${describe(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) issues.add(joinPath(path, key), `unknown option; expected one of ${allowed.join(', ')}`)
    else if (options[key] === undefined && key !== 'where') {
      // `where: undefined` is reported by the where compiler with a clearer message.
      issues.add(joinPath(path, key), 'is undefined; leave the key out instead')
    }
  }
  return options
}
