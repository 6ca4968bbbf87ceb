/**
 * Type stripping by blanking (generator/strip-types.ts): the JavaScript left behind runs
 * as TypeScript's own transpilation does, keeps every token at its line and column, and
 * what blanking cannot express is handed back to transpileModule.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type * as TypeScript from 'typescript'
import { describe, expect, it } from 'vitest'
import { stripTypes } from '../../generator/strip-types.js'
import { transpile } from '../../generator/transpile.js'
import { repoRoot } from '../support/project.js'

const ts = createRequire(import.meta.url)('ts-morph').ts as typeof TypeScript

function strip(source: string): string | undefined {
  return stripTypes(ts, ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS))
}

function viaTypeScript(source: string): string {
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
}

async function evaluate(javascript: string): Promise<unknown> {
  const module = (await import(`data:text/javascript;base64,${Buffer.from(javascript).toString('base64')}`)) as { result: unknown }
  return JSON.parse(JSON.stringify(module.result))
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
    export const result = { origin, later, sum: add<number>(1), pair: twice<string>('a') }
  `,
  assertions: `
    const raw: unknown = { list: [1, 2, 3] }
    const list = (raw as { list: number[] }).list
    const first = list[0]!
    const config = { mode: 'fast' } satisfies Record<string, string>
    const legacy = <number>(first + 1)
    export const result = { list, first, mode: config.mode, legacy, chained: (raw as unknown as { list: number[] })!.list.length }
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
    function pick(value: string): string
    function pick(value: number): number
    function pick(value: string | number): string | number { return value }
    export type { Missing } from './nowhere.js'
    export const result = [pick('a'), pick(2)]
  `,
  asi: `
    const a = [1, 2]
    interface Gap { x: number }
    ;[3, 4].forEach((n) => a.push(n))
    const b = 'x'
    type Also = string
    ;(() => a.push(5))()
    export const result = { a, b }
  `,
}

describe('stripTypes', () => {
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
      for (const match of stripped.matchAll(/\b(result|add|twice|Thing|pick)\b/g)) expect(source.slice(match.index, match.index + match[0].length)).toBe(match[0])
    })
  }

  it('drops imports used only as types, as TypeScript does, and keeps those read as values', () => {
    const stripped = strip(`
      import { Shape, makeShape, type Kind } from './shapes.js'
      import OnlyAType from './default.js'
      import * as everything from './all.js'
      import type { Gone } from './gone.js'
      import './side-effect.js'
      const shape: Shape = makeShape()
      let kind: Kind | OnlyAType | Gone
      export const result = { shape, all: everything.value, key: { Shape: 1 }.Shape }
    `)!
    expect(stripped).toMatch(/import \{\s+makeShape,\s+\} from '\.\/shapes\.js'/)
    expect(stripped).not.toMatch(/[{\s]Shape,/)
    expect(stripped).not.toContain('./default.js')
    expect(stripped).not.toContain('./gone.js')
    expect(stripped).toContain("import * as everything from './all.js'")
    expect(stripped).toContain("import './side-effect.js'")
  })

  it('hands back what blanking cannot express', () => {
    for (const source of [
      'enum Color { Red, Green }',
      'namespace N { export const x = 1 }',
      'class P { constructor(private readonly x: number) {} }',
      'function f(this: Window, a: number) { return a }',
      "import fs = require('node:fs')",
      'export = 1',
      '@sealed class D {}',
      'const f = (a: number)\n  : number => a',
    ]) {
      expect(strip(source), source).toBeUndefined()
    }
  })

  it('transpile() falls back to transpileModule and still reports syntax errors with their position', () => {
    const fallback = transpile('/virtual/enum.ts', 'export enum Color { Red }\n')
    expect('output' in fallback && fallback.output).toContain('Color[Color["Red"] = 0] = "Red"')
    const broken = transpile('/virtual/broken.ts', 'export const x = {\n')
    expect('errors' in broken && broken.errors[0]).toMatch(/^\/virtual\/broken\.ts:2:1: /)
  })

  it("every TypeScript file of this repository strips to JavaScript that parses, with transpileModule's imports and exports", () => {
    const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').filter((f) => !f.endsWith('.d.ts'))
    const modulesOf = (javascript: string, file: string) => {
      const parsed = ts.createSourceFile(file + '.js', javascript, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
      const errors = (parsed as unknown as { parseDiagnostics: TypeScript.Diagnostic[] }).parseDiagnostics
      expect(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, ' ')), file).toEqual([])
      return parsed.statements
        .filter((s): s is TypeScript.ImportDeclaration | TypeScript.ExportDeclaration => ts.isImportDeclaration(s) || (ts.isExportDeclaration(s) && !!s.moduleSpecifier))
        .map((s) => {
          const names: string[] = []
          const clause = ts.isImportDeclaration(s) ? s.importClause : undefined
          if (clause?.name) names.push(`default ${clause.name.text}`)
          const bindings = clause?.namedBindings
          if (bindings && ts.isNamespaceImport(bindings)) names.push(`* as ${bindings.name.text}`)
          if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text))
          if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) names.push(...s.exportClause.elements.map((e) => `export ${e.name.text}`))
          return `${(s.moduleSpecifier as TypeScript.StringLiteral).text} { ${names.sort().join(', ')} }`
        })
        .sort()
    }
    let stripped = 0
    for (const file of files) {
      const source = readFileSync(join(repoRoot, file), 'utf8')
      const output = strip(source)
      if (output === undefined) continue
      stripped++
      expect(modulesOf(output, file), file).toEqual(modulesOf(viaTypeScript(source), file))
    }
    expect(stripped).toBeGreaterThan(100)
  })
})
