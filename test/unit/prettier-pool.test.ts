/** The parallel formatter gives exactly prettier's output, in order, and names a broken file. */
import { describe, expect, it } from 'vitest'
import * as prettier from 'prettier'
import { prettierOptions } from '../../generator/format.js'
import { parallelThreshold, PrettierPool } from '../../generator/prettier-pool.js'

const module = (i: number) =>
  `export interface Row${i} { id: bigint; name: string; tags: string[] }\n` +
  `export const table${i} = defineTable({ name: 'table_${i}', columns: [${Array.from({ length: i % 7 }, (_, c) => `{ key: 'c${c}', type: 'text' }`).join(',')}] })\n` +
  `export function decode${i}(r: RawRow): Row${i} { return { id: decodeBigint(r[0] as string), name: r[1] as string, tags: decodeArray(r[2] as string, decodeText) } }\n`

describe('PrettierPool', () => {
  it('formats many texts on two threads exactly as prettier does, in the order added', async () => {
    const count = parallelThreshold * 3 + 1
    const pool = new PrettierPool(prettierOptions, count)
    const texts = Array.from({ length: count }, (_, i) => module(i))
    texts.forEach((text, i) => pool.add({ path: `t${i}.ts`, text }))
    const formatted = await pool.finish()
    const expected = await Promise.all(texts.map((text) => prettier.format(text, prettierOptions)))
    expect(formatted).toEqual(expected)
    expect(formatted[5]).not.toEqual(texts[5])
  })

  it('a text prettier cannot parse fails with the path of the generated file, on either thread', async () => {
    for (const broken of [0, 1]) {
      const pool = new PrettierPool(prettierOptions, parallelThreshold)
      for (let i = 0; i < parallelThreshold; i++) pool.add({ path: `t${i}.ts`, text: i === broken ? 'export const = 1' : module(i) })
      await expect(pool.finish()).rejects.toThrow(`internal error: the generated t${broken}.ts is not valid TypeScript`)
    }
  })

  it('formats a few texts without a worker', async () => {
    const pool = new PrettierPool(prettierOptions, 2)
    pool.add({ path: 'a.ts', text: module(1) })
    pool.add({ path: 'b.ts', text: module(2) })
    expect(await pool.finish()).toEqual([await prettier.format(module(1), prettierOptions), await prettier.format(module(2), prettierOptions)])
  })
})
