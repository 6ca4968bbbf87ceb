/**
 * Type stripping (generator/load/strip-types.ts): ts-blank-space blanks the types, and imports
 * read only as types are dropped (generator/load/import-elision.ts). The JavaScript left behind
 * runs as TypeScript's own transpilation does, imports and exports what it does, keeps
 * every token at its line and column, and what blanking cannot express is handed back to
 * transpileModule. The behaviours of ts-blank-space this relies on are pinned here, so an
 * upgrade that changes one fails.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as TypeScript from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadTypeStripper, type TypeStripper } from '../../generator/load/strip-types.js'
import { transpile } from '../../generator/load/transpile.js'
import { repoRoot } from '../support/project.js'

let stripper: TypeStripper
let ts: typeof TypeScript
beforeAll(async () => {
  stripper = await loadTypeStripper()
  ts = stripper.ts
})

function strip(source: string): string | undefined {
  return stripper.strip(stripper.parse('/virtual/module.ts', source))
}

function viaTypeScript(source: string): string {
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
}

async function evaluate(javascript: string): Promise<unknown> {
  const module = (await import(`data:text/javascript;base64,${Buffer.from(javascript).toString('base64')}`)) as { result: unknown }
  return JSON.parse(JSON.stringify(module.result))
}

/** The module's imports and re-exports, each as `specifier { names }`, sorted. */
function modulesOf(javascript: string, file: string): string[] {
  const parsed = ts.createSourceFile(file + '.js', javascript, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const errors = (parsed as unknown as { parseDiagnostics: TypeScript.Diagnostic[] }).parseDiagnostics
  expect(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, ' ')), file).toEqual([])
  return parsed.statements
    .filter((s): s is TypeScript.ImportDeclaration | TypeScript.ExportDeclaration => ts.isImportDeclaration(s) || ts.isExportDeclaration(s))
    .map((s) => {
      const names: string[] = []
      const clause = ts.isImportDeclaration(s) ? s.importClause : undefined
      if (clause?.name) names.push(`default ${clause.name.text}`)
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) names.push(`* as ${bindings.name.text}`)
      if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text))
      if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) names.push(...s.exportClause.elements.map((e) => `export ${e.name.text}`))
      const from = s.moduleSpecifier ? (s.moduleSpecifier as TypeScript.StringLiteral).text : '(local)'
      return `${from} { ${names.sort().join(', ')} }`
    })
    .filter((line) => line !== '(local) {  }')
    .sort()
}

const modules: Record<string, string> = {
  annotations: `
    interface Point { x: number; y: number }
    type Pair<T> = [T, T]
    const origin: Point = { x: 0, y: 0 }
    let later!: number
    later = 3
    function add<T extends number>(a: T, b?: T): number { return a + (b ?? 1) }
    const twice = <T,>(value: T): Pair<T> => [value, value]
    function self(this: unknown, n: number) { return n }
    export const result = { origin, later, sum: add<number>(1), pair: twice<string>('a'), self: self(4) }
  `,
  assertions: `
    const raw: unknown = { list: [1, 2, 3] }
    const list = (raw as { list: number[] }).list
    const first = list[0]!
    const config = { mode: 'fast' } satisfies Record<string, string>
    export const result = { list, first, mode: config.mode, chained: (raw as unknown as { list: number[] })!.list.length }
  `,
  classes: `
    interface Named { name: string }
    abstract class Base<T> implements Named {
      name!: string
      private count?: number = 2
      protected readonly tags: string[] = []
      declare hidden: string
      static [key: string]: unknown
      abstract describe(): string
      public total(): number { return 1 }
    }
    class Thing extends Base<number> {
      override describe(): string { return 'thing' }
      maybe?(): void {}
    }
    const thing = new Thing()
    export const result = { described: thing.describe(), count: (thing as any).count, tags: (thing as any).tags }
  `,
  overloadsAndDeclarations: `
    declare const injected: string
    declare function external(): void
    declare global { interface Window { x: number } }
    declare namespace Ambient { const x: number }
    namespace OnlyTypes { export type X = string }
    declare enum Hidden { A }
    function pick(value: string): string
    function pick(value: number): number
    function pick(value: string | number): string | number { return value }
    export type { Missing } from './nowhere.js'
    export const result = [pick('a'), pick(2)]
  `,
  // A line that starts with ( [ or \` continues the statement before unless there is a ;:
  // ts-blank-space adds one where a blanked type or assertion ended the statement.
  asi: `
    const a = [1, 2]
    interface Gap { x: number }
    [3, 4].forEach((n) => a.push(n))
    const b = 'x'
    type Also = string
    (() => a.push(5))()
    const c: unknown = 6
    let d = c as number
    (d)
    let e = c satisfies unknown
    [7].forEach((n) => a.push(n))
    export const result = { a, b, d, e }
  `,
  arrowReturnTypeOnItsOwnLine: `
    const f = (a: number)
      : number => a * 2
    const g = (a: string): Array<
      string
    > => [a]
    export const result = { f: f(2), g: g('x') }
  `,
  erasedImportBeforeParenthesis: `
    export const result = [1]
    import { Shape } from './shapes.js'
    (result as Shape[]).push(2)
  `,
}

describe('stripTypes (ts-blank-space)', () => {
  for (const [name, source] of Object.entries(modules)) {
    it(`runs like TypeScript's output: ${name}`, async () => {
      const stripped = strip(source)
      expect(stripped, 'should not need transpileModule').toBeDefined()
      expect(await evaluate(stripped!)).toEqual(await evaluate(viaTypeScript(source)))
    })

    it(`keeps every line and column: ${name}`, () => {
      const stripped = strip(source)!
      const lines = source.split('\n')
      const strippedLines = stripped.split('\n')
      expect(strippedLines.length).toBe(lines.length)
      strippedLines.forEach((line, i) => expect(line.length).toBe(lines[i]!.length))
      // Every identifier that is still there is where it was.
      for (const match of stripped.matchAll(/\b(result|add|twice|Thing|pick|d|f|g)\b/g)) expect(source.slice(match.index, match.index + match[0].length)).toBe(match[0])
    })
  }

  it('ends a statement whose last part was a type assertion with a ; when the next line starts with (', () => {
    expect(strip('let b = a as number\n(b)\n')).toBe('let b = a;         \n(b)\n')
    expect(strip('let b = a satisfies number\n[b]\n')).toBe('let b = a;                \n[b]\n')
    expect(strip('let b = a as number;\n(b)\n')).toBe('let b = a          ;\n(b)\n')
    expect(strip('type T = 1\n(b)\n')).toBe('          \n(b)\n')
    expect(strip('a\ntype T = 1\n(b)\n')).toBe('a\n;         \n(b)\n')
  })

  it('hands back what blanking cannot express', () => {
    for (const source of [
      'enum Color { Red, Green }',
      'const enum Flag { A }',
      'namespace N { export const x = 1 }',
      'class P { constructor(private readonly x: number) {} }',
      "import fs = require('node:fs')",
      'export = 1',
      'const n = <number>value',
      'const x = a ?? b as number && c', // blanking would leave a ?? b && c, which is not JavaScript
      'const y = 1 + 1 as number / 2', // blanking would change the grouping
      'declare function sealed(c: unknown): void\n@sealed class D {}',
      'class E { @logged method() {} }',
    ]) {
      expect(strip(source), source).toBeUndefined()
    }
  })

  it('transpile() falls back to transpileModule, compiles TSX, and reports syntax errors with their position', async () => {
    const fallback = await transpile('/virtual/enum.ts', 'export enum Color { Red }\n')
    expect('output' in fallback && fallback.output).toContain('Color[Color["Red"] = 0] = "Red"')
    const tsx = await transpile('/virtual/view.tsx', 'export const view = (name: string) => <b>{name}</b>\n')
    expect('output' in tsx && tsx.output).toContain('_jsx("b"')
    const broken = await transpile('/virtual/broken.ts', 'export const x = {\n')
    expect('errors' in broken && broken.errors[0]).toMatch(/^\/virtual\/broken\.ts:2:1: /)
  })
})

describe('imports read only as types are dropped, as TypeScript drops them', () => {
  it('a type import whose name is also a parameter elsewhere in the file', () => {
    const source = `
      import { Book } from './types.js'
      export function titleOf(Book: Book): string { return Book.title }
      export const byTitle = (a: Book, b: Book) => a.title < b.title
    `
    const stripped = strip(source)!
    expect(stripped).not.toContain('import')
    expect(modulesOf(stripped, 'book.ts')).toEqual([])
  })

  it('keeps what is read as a value and drops the rest of the declaration', () => {
    const stripped = strip(`
      import { Shape, makeShape, type Kind } from './shapes.js'
      import OnlyAType from './default.js'
      import * as everything from './all.js'
      import type { Gone } from './gone.js'
      import Both, * as unusedNamespace from './both.js'
      import unusedDefault, { named } from './named.js'
      import {} from './empty.js'
      import './side-effect.js'
      const shape: Shape = makeShape()
      let kind: Kind | OnlyAType | Gone | typeof unusedNamespace
      export const result = { shape, all: everything.value, key: { Shape: 1 }.Shape, Both, named }
    `)!
    expect(stripped).toMatch(/import \{\s+makeShape,\s+\} from '\.\/shapes\.js'/)
    expect(stripped).not.toMatch(/[{\s]Shape,/)
    expect(stripped).not.toContain('./default.js')
    expect(stripped).not.toContain('./gone.js')
    expect(stripped).toContain("import * as everything from './all.js'")
    expect(stripped).toMatch(/import Both\s+from '\.\/both\.js'/)
    expect(stripped).toMatch(/import\s+\{ named \} from '\.\/named\.js'/)
    expect(stripped).toContain("import {} from './empty.js'")
    expect(stripped).toContain("import './side-effect.js'")
  })

  const shadowing: Record<string, string> = {
    parameter: 'function f(X: number) { return X }',
    arrowParameter: 'const f = (X: number) => X + 1',
    bareArrowParameter: 'const f = X => X',
    destructuredParameter: 'const f = ({ a: [X] }: { a: number[] }) => X',
    parameterDefault: 'function f(a = 1, X = a) { return X }',
    functionExpressionName: 'const f = function X(n: number): number { return n && X(n - 1) }',
    classExpressionName: 'const C = class X { static make() { return new X() } }',
    blockLet: 'if (ok) { let X = 1; use(X) }',
    blockFunction: '{ function X() {} use(X) }',
    blockClass: '{ class X {} use(X) }',
    varInFunction: 'function f() { if (ok) { var X = 1 } return X }',
    varInForLoop: 'function f() { for (var X of list) use(X) }',
    forOfConst: 'for (const X of list) use(X)',
    forLet: 'for (let X = 0; X < 3; X++) use(X)',
    catchClause: 'try { run() } catch (X) { use(X) }',
    caseBlock: 'switch (n) { case 1: const X = 2; use(X) }',
    staticBlock: 'class C { static { var X = 1; use(X) } }',
    method: 'const o = { m(X: number) { return X } }',
  }
  for (const [name, code] of Object.entries(shadowing)) {
    it(`a local declaration of the same name does not read the import: ${name}`, () => {
      const source = `import { X } from './x.js'\nlet typed: X\n${code}\n`
      const stripped = strip(source)!
      expect(modulesOf(stripped, name)).toEqual(modulesOf(viaTypeScript(source), name))
      expect(stripped.startsWith(';')).toBe(true)
    })
  }

  const reads: Record<string, string> = {
    call: 'X()',
    construct: 'new X()',
    extendsClause: 'class C extends X<number> {}',
    shorthandProperty: 'export const o = { X }',
    localExport: 'export { X }',
    renamedLocalExport: 'export { X as Y }',
    defaultExport: 'export default X',
    computedKey: 'const o = { [X]: 1 }',
    taggedTemplate: 'X<string>`a`',
    typeofValue: "if (typeof X === 'function') use()",
    propertyValue: 'const o = { key: X }',
    parameterDefaultFromOuter: 'function f(a = X) { let X2 = a }',
    closureOutsideShadow: 'function f() { return X } function g(X: number) { return X }',
    instantiationExpression: 'const Y = X<string>',
    nonNull: 'use(X!)',
    assertion: 'use(X as unknown)',
    destructuringDefault: 'const { a = X } = o',
    varInOtherFunction: 'function f() { var X = 1 } use(X)',
  }
  for (const [name, code] of Object.entries(reads)) {
    it(`a value read keeps the import: ${name}`, () => {
      const source = `import { X } from './x.js'\n${code}\n`
      const stripped = strip(source)!
      expect(stripped).toContain("import { X } from './x.js'")
      expect(modulesOf(stripped, name)).toEqual(modulesOf(viaTypeScript(source), name))
    })
  }

  const onlyTypes: Record<string, string> = {
    annotation: 'let a: X',
    typeArgument: 'use<X>()',
    typeofInAType: 'let a: typeof X',
    implementsClause: 'class C implements X {}',
    asExpression: 'use(a as X)',
    satisfiesExpression: 'use(a satisfies X)',
    interfaceExtends: 'interface I extends X {}',
    overloadSignature: 'function f(a: X): void\nfunction f(a: unknown) {}',
    declared: 'declare const a: X\ndeclare function g(x: typeof X): void',
    propertyName: 'const o = { X: 1 }; o.X; class C { X = 1; X2() {} }',
    labels: 'X: for (;;) { break X }',
    genericConstraint: 'function f<T extends X>(t: T) { return t }',
    indexSignature: 'class C { [key: string]: X }',
    abstractMember: 'abstract class C { abstract m(x: X): void; declare p: X }',
  }
  for (const [name, code] of Object.entries(onlyTypes)) {
    it(`only types read it, so the import goes: ${name}`, () => {
      const source = `import { X } from './x.js'\n${code}\n`
      const stripped = strip(source)!
      expect(stripped).not.toContain('./x.js')
      expect(modulesOf(stripped, name)).toEqual(modulesOf(viaTypeScript(source), name))
    })
  }

  it('an export of a local interface or type alias names nothing at run time and goes too', () => {
    const source = `
      import type { Imported } from './t.js'
      interface Local { a: number }
      type Alias = string
      const value = 1
      interface Merged {}
      const Merged = 2
      export { Local, Alias as Renamed, value, Imported, Merged }
    `
    const stripped = strip(source)!
    expect(modulesOf(stripped, 'exports')).toEqual(['(local) { export Merged, export value }'])
    expect(modulesOf(stripped, 'exports')).toEqual(modulesOf(viaTypeScript(source), 'exports'))
  })

  it("every TypeScript file of this repository strips to JavaScript that parses, with transpileModule's imports and exports", () => {
    const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').filter((f) => !f.endsWith('.d.ts'))
    let stripped = 0
    for (const file of files) {
      const source = readFileSync(join(repoRoot, file), 'utf8')
      const output = stripper.strip(stripper.parse(join(repoRoot, file), source))
      if (output === undefined) continue
      stripped++
      expect(modulesOf(output, file), file).toEqual(modulesOf(viaTypeScript(source), file))
    }
    expect(stripped).toBeGreaterThan(100)
  })
})
