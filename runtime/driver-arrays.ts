/**
 * Array splitting that keeps NULL elements. postgres.js (3.4.x) splits array literals
 * itself, once it has fetched the server's array types, but reads an unquoted NULL element
 * as the string 'NULL' (and a quoted "NULL" the same way), so `array_agg` over an outer
 * join gives `['a', 'NULL']` and an int4[] element NaN (porsager/postgres#1124, #1049).
 *
 * The driver installs one parser per array type, on first connect, by assigning
 * `options.parsers[typarray]` right after recording `shared.typeArrayMap[element] = typarray`.
 * `installArraySplitting` intercepts those assignments (through the parsers object's
 * prototype: the driver sees a plain object with plain own properties) and installs a
 * parser that splits with dbridge's own `decodeArray`, decoding each element with the
 * element parser the driver would have used. Everything else about the values stays as
 * the driver gives them. test/integration/driver.test.ts pins each of these driver
 * behaviours, so an upgrade that changes one fails loudly.
 */
import type postgres from 'postgres'
import { decodeArray } from './values/decode.js'

type Parser = ((text: string) => unknown) & { array?: boolean }

interface DriverInternals {
  parsers: Record<string, Parser | undefined>
  /** Element OID -> array OID (numbers, or their text when OIDs are read as text, as dbridge does). */
  shared: { typeArrayMap: Record<string, number | string> }
}

/** box[] separates elements with ';': left to the driver, which knows that. */
const boxArray = 1020

/** A lower-bound prefix (`[0:1]=`, `[1:2][1:3]=`) with its leading '[' cut off by the driver. */
const boundsPrefix = /^-?\d+:-?\d+\](\[-?\d+:-?\d+\])*=/

function arrayParser(element: Parser | undefined): Parser {
  const decodeElement = element ?? ((text: string) => text)
  // The driver hands array parsers the literal without its first character (`{` or `[`).
  const parse: Parser = (rest: string) => decodeArray(boundsPrefix.test(rest) ? '[' + rest : '{' + rest, decodeElement)
  return parse
}

export function installArraySplitting(driver: postgres.Sql<never>): void {
  const internals = driver.options as unknown as DriverInternals
  const parsers = internals.parsers
  const typeArrayMap = internals.shared.typeArrayMap
  const interceptor = new Proxy(Object.getPrototypeOf(parsers) as object, {
    set(_target, key, value: unknown, receiver: object) {
      let installed = value
      if (typeof key === 'string' && typeof value === 'function' && Number(key) !== boxArray) {
        const typarray = Number(key)
        const elementOid = Object.keys(typeArrayMap).find((oid) => Number(typeArrayMap[oid]) === typarray)
        if (elementOid !== undefined) installed = arrayParser(parsers[elementOid])
      }
      Object.defineProperty(receiver, key, { value: installed, writable: true, enumerable: true, configurable: true })
      return true
    },
  })
  Object.setPrototypeOf(parsers, interceptor)
}
