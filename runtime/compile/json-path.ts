/** Filters on the value at a path inside a json/jsonb column (`{ path: ['a', 'b'], equals: 1 }`). */
import type { ColumnMeta } from '../meta.js'
import { joinPath, listItems, type Own } from '../input.js'
import { describe, encodeArray, pgTypes } from '../types.js'
import { encodeWith, noRow, reaching, rejected, some, type Condition } from './condition.js'
import type { BuildContext } from './context.js'

/** The operators of a JSON path filter, besides `path`. */
export const pathOperators = ['equals', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'isNull', 'hasKey']

/**
 * A filter on the value at a path inside a json/jsonb column: `{ path: ['a', 'b'],
 * equals: 1 }`. Values are compared as jsonb, so a number never equals a string and no
 * cast can fail on a document of another shape. Equality with a scalar on a jsonb column
 * is written as containment (`doc @> '{"a":{"b":1}}'`), which a GIN index on the column
 * answers. A path that is absent reads as NULL: `isNull: true` matches it, as JSON null.
 */
export function compileJsonPath(column: ColumnMeta, ref: string, operators: Own, path: string, ctx: BuildContext): Condition {
  const issues = ctx.issues
  const keys = listItems(issues, operators.path, joinPath(path, 'path'), 'an array of keys and array positions')
  if (!keys) return rejected
  if (keys.length === 0) issues.add(joinPath(path, 'path'), 'is empty; name at least one key (filter the column itself without path)')
  keys.forEach((key, i) => {
    if (typeof key !== 'string' && !(typeof key === 'number' && Number.isSafeInteger(key))) {
      issues.add(joinPath(path, `path[${i}]`), `expected a key (a string) or an array position (an integer), got ${describe(key)}`)
    }
  })
  const document = column.type === 'jsonb' ? ref : `${ref}::jsonb`
  const pathParam = () => ctx.params.add(encodeArray(keys.map(String), (k) => k as string)) + '::text[]'
  let extracted: string | undefined
  const value = () => (extracted ??= `(${document} #> ${pathParam()})`)
  const json = (v: unknown, at: string) => ctx.params.add(encodeWith(pgTypes.jsonb.encode, v, at, ctx)) + '::jsonb'
  const parts: Condition[] = []
  const given = Object.keys(operators).filter((key) => key !== 'path')
  if (given.length === 0) issues.add(path, `gives a path but no operator; add one of ${pathOperators.join(', ')}`)
  for (const op of given) {
    const operand = operators[op]
    const opPath = joinPath(path, op)
    if (!pathOperators.includes(op)) {
      issues.add(opPath, `unknown operator for a JSON path; expected one of ${pathOperators.join(', ')}`)
      continue
    }
    if (operand === undefined) {
      issues.add(opPath, 'is undefined; a filter that vanishes would match every row')
      continue
    }
    switch (op) {
      case 'equals': {
        const scalar = typeof operand === 'string' || typeof operand === 'number' || typeof operand === 'boolean'
        if (scalar && column.type === 'jsonb' && keys.every((k) => typeof k === 'string')) {
          const nested = (keys as string[]).reduceRight<unknown>((inner, key) => ({ [key]: inner }), operand)
          parts.push(some(`${ref} @> ${json(nested, opPath)}`))
        } else parts.push(some(`${value()} = ${json(operand, opPath)}`))
        break
      }
      case 'ne':
        parts.push(some(`${value()} IS DISTINCT FROM ${json(operand, opPath)}`))
        break
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (typeof operand !== 'number' && typeof operand !== 'string') {
          issues.add(opPath, `expected a number or a string, got ${describe(operand)}`)
          break
        }
        parts.push(some(`${value()} ${{ gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]} ${json(operand, opPath)}`))
        break
      case 'in': {
        const items = listItems(issues, operand, opPath, 'an array of JSON values')
        if (!items) break
        if (items.length === 0) {
          parts.push(noRow)
          break
        }
        const list = ctx.params.add(encodeWith((v) => encodeArray(v, pgTypes.jsonb.encode), items, opPath, ctx))
        parts.push(some(`${value()} = ANY(${list}::jsonb[])`))
        break
      }
      case 'contains':
        parts.push(some(`${value()} @> ${json(operand, opPath)}`))
        break
      case 'isNull':
        if (typeof operand !== 'boolean') {
          issues.add(opPath, `expected true or false, got ${describe(operand)}`)
          break
        }
        parts.push(some(operand ? `(${value()} IS NULL OR ${value()} = 'null'::jsonb)` : `(${value()} IS NOT NULL AND ${value()} <> 'null'::jsonb)`))
        break
      case 'hasKey':
        if (typeof operand !== 'string') {
          issues.add(opPath, `expected a key (a string), got ${describe(operand)}`)
          break
        }
        parts.push(some(`${value()} ? ${ctx.params.add(operand)}`))
        break
    }
  }
  return parts.length === 0 ? rejected : parts.length === 1 ? parts[0]! : reaching(parts.map((p) => `(${p.sql})`).join(' AND '), 'some')
}
