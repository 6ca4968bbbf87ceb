/**
 * The generator's own printer (generator/emit/): the document printer, literals, the
 * reading of json column types, and statements laid out as prettier lays them out. Whole
 * generated modules are held to prettier in test/generator/prettier-oracle.test.ts.
 */
import fc from 'fast-check'
import * as prettier from 'prettier'
import { describe, expect, it } from 'vitest'
import { prettierOptions } from '../../generator/emit/format.js'
import { conditionalGroup, group, ifBreak, indent, indentIfBreak, line, printDoc, softline, stringWidth, type Doc } from '../../generator/emit/doc.js'
import { JsonTypeError, parseJsonType } from '../../generator/emit/json-type.js'
import { printNumber, stringLiteral } from '../../generator/emit/literals.js'
import { printModule } from '../../generator/emit/module.js'
import { printType } from '../../generator/emit/print-type.js'
import { array, as, call, id, method, named, num, object, prop, str, union, type Statement } from '../../generator/emit/syntax.js'

async function prettierFormat(text: string): Promise<string> {
  return prettier.format(text, prettierOptions)
}

describe('document printer', () => {
  const list = (items: string[]): Doc => group(['[', indent([softline, items.flatMap((item, i) => (i === 0 ? [item] : [',', line, item]))]), softline, ']'])

  it('keeps a group on one line when it fits in the width exactly, and breaks it one column later', () => {
    const items = ['aaaa', 'bbbb', 'cccc']
    const flat = '[aaaa, bbbb, cccc]'
    expect(printDoc(list(items), flat.length)).toBe(flat)
    expect(printDoc(list(items), flat.length - 1)).toBe('[\n  aaaa,\n  bbbb,\n  cccc\n]')
  })

  it('counts what follows a group on its line', () => {
    expect(printDoc([list(['a']), '; rest of the line'], 20)).toBe('[\n  a\n]; rest of the line')
  })

  it('takes the first state of a conditional group that fits, else the last broken', () => {
    const states = ['first state', ['second', indent([line, 'state'])]]
    expect(printDoc(conditionalGroup(states), 20)).toBe('first state')
    expect(printDoc(conditionalGroup(states), 5)).toBe('second\n  state')
  })

  it('breaks ifBreak and indentIfBreak with the group they name', () => {
    const id = Symbol('g')
    const doc = [group(['x =', indent(line)], { id }), indentIfBreak(['value', ifBreak(' (broken)', ' (flat)', { groupId: id })], id)]
    expect(printDoc(doc, 40)).toBe('x = value (flat)')
    expect(printDoc(doc, 8)).toBe('x =\n  value (broken)')
  })

  it('leaves no blanks at the end of a line', () => {
    expect(printDoc(group(['a ', { kind: 'line', hard: true }, 'b'] as Doc), 80)).toBe('a\nb')
  })

  it('measures text as prettier does: wide characters take two columns, combining marks none', () => {
    expect(stringWidth('abc')).toBe(3)
    expect(stringWidth('漢字')).toBe(4)
    expect(stringWidth('e\u0301')).toBe(1)
    expect(stringWidth('😀')).toBe(2)
    expect(stringWidth('ünïcödé ✓')).toBe(9)
  })
})

describe('literals', () => {
  it('quote strings as prettier does (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.oneof(fc.constantFrom("'", '"', '\\', '\n', '\t', '`', '${', '\u2028', '漢', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) }), async (value) => {
        const formatted = await prettierFormat(`x = ${JSON.stringify(value)}\n`)
        expect(`x = ${stringLiteral(value)}\n`).toBe(formatted)
      }),
      { numRuns: 200 },
    )
  })

  it('write numbers as prettier does', async () => {
    for (const raw of ['1e+21', '1E-7', '0.50', '10.0', '.5', '5.', '0x1F', '2.5e18', '1e0', '00']) {
      expect(printNumber(raw), raw).toBe((await prettierFormat(`x = ${raw}\n`)).slice(4, -1))
    }
  })
})

describe('json column types', () => {
  const print = (text: string) => printDoc(printType(parseJsonType(text), 'alias'), 110)

  it('read what people write and print it as prettier does', async () => {
    for (const text of [
      `{a:string,  b?: Shape['kind'] | Array<"x" | 'y'>}`,
      '{ readonly "quoted-key": 1; \'plain\': -2; [key: string]: unknown }',
      '| "a" | \'b\'',
      '(A | B)[]',
      'keyof T[]',
      '(keyof T)[]',
      'readonly string[]',
      '[string, number?, ...boolean[]]',
      '{ a: number } & { b: string } & C',
      'Record<string, { deep: { deeper: { deepest: [1, 2, 3] } } }>',
      '{\n  expanded: true\n}',
    ]) {
      expect(`type X = ${print(text)}\n`, text).toBe(await prettierFormat(`type X = ${text}\n`))
    }
  })

  it('refuse what a JSON value cannot be, naming it', () => {
    const cases: [string, string][] = [
      ['() => void', 'a function type'],
      ['{ run(): void }', 'a method'],
      ['{ [K in Keys]: number }', 'a mapped type'],
      ['T extends string ? A : B', 'a conditional type'],
      ['`a${string}`', 'a template literal type'],
      ['{ /* note */ a: number }', 'comments'],
      ['typeof value', 'typeof'],
      ['[label: string]', 'a named tuple member'],
    ]
    for (const [text, message] of cases) {
      expect(() => parseJsonType(text), text).toThrow(JsonTypeError)
      expect(() => parseJsonType(text), text).toThrow(message)
    }
  })
})

describe('statements', () => {
  it('lay out imports, types, constants and functions as prettier does', async () => {
    const names = Array.from({ length: 14 }, (_, i) => `someImportedName${i}`)
    const statements: Statement[] = [
      { kind: 'import', module: 'dbridge/runtime', values: names.slice(0, 7), types: names.slice(7) },
      { kind: 'import', module: './short.js', values: [], types: ['Short'] },
      { kind: 'typeAlias', name: 'Column', docs: ['The columns.'], type: union(names.map((n) => ({ kind: 'literal', text: `'${n}'` }))) },
      { kind: 'interface', name: 'Empty', extends: named('Base', [named('Empty')]), members: [] },
      {
        kind: 'const',
        name: 'schema',
        docs: ['A paragraph.\n\n@example another'],
        init: method(id('z'), 'strictObject', [object([prop('a', method(method(method(id('z'), 'string'), 'min', [num(1)]), 'regex', [{ kind: 'regex', pattern: '^[a-z]+$', flags: 'iu' }]))], true)]),
      },
      { kind: 'const', name: 'values', init: as(array(names.map(str)), null) },
      {
        kind: 'function',
        name: 'build',
        params: [{ name: 'options', type: named('Options'), optional: true }],
        returnType: named('Result'),
        returns: call('create', [id('options'), object([prop('key', str("it's"))], true)], [named('Result')]),
      },
    ]
    const text = printModule('// header', statements)
    expect(text).toBe(await prettierFormat(text))
  })
})
