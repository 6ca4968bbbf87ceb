/**
 * Reads what only the TypeScript source knows: the type argument of `t.json<T>()` and
 * `t.jsonb<T>()` columns (erased at run time), and which exports a file declares itself
 * (as opposed to re-exports). Only parses; no type checking.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import type * as TypeScript from 'typescript'
import type { TypeImport } from '../../schema/model.js'
import type { Diagnostic } from '../diagnostics.js'
import { toPosix } from './glob.js'
import { sourceCache } from './source-cache.js'
import { parseModule, typescript } from './typescript.js'

export interface JsonColumnType {
  readonly text: string
  readonly imports: readonly TypeImport[]
}

export interface SourceInfo {
  /** `exportName.columnKey` -> the declared json type. */
  readonly jsonTypes: ReadonlyMap<string, JsonColumnType>
  /** Exports declared in this file with `export const x = ...`. */
  readonly declaredExports: ReadonlySet<string>
}

const builtinTypes = new Set([
  'Array', 'ReadonlyArray', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Date', 'Map', 'Set',
  'Exclude', 'Extract', 'NonNullable', 'Uint8Array', 'Promise', 'String', 'Number', 'Boolean', 'Object', 'unknown',
])

const cache = new Map<string, { source: string; info: SourceInfo; diagnostics: Diagnostic[] }>()

/**
 * @param file absolute path of the schema file
 * @param root project root (paths in the result are relative to it)
 */
export function readSourceInfo(file: string, root: string): { info: SourceInfo; diagnostics: Diagnostic[] } {
  const source = readFileSync(file, 'utf8')
  const cached = cache.get(file)
  if (cached && cached.source === source) return cached
  const disk = sourceCache()
  const key = disk?.key('source-info', file, root, source)
  const stored = key === undefined ? undefined : (disk!.get(key) as StoredInfo | undefined)
  const result = stored
    ? { info: { jsonTypes: new Map(stored.jsonTypes), declaredExports: new Set(stored.declaredExports) }, diagnostics: stored.diagnostics }
    : readSourceInfoNow(file, root, source)
  if (key !== undefined && !stored) {
    disk!.set(key, { jsonTypes: [...result.info.jsonTypes], declaredExports: [...result.info.declaredExports], diagnostics: result.diagnostics } satisfies StoredInfo)
  }
  cache.set(file, { source, ...result })
  return result
}

/** Source info as the disk cache keeps it (JSON). */
interface StoredInfo {
  jsonTypes: [string, JsonColumnType][]
  declaredExports: string[]
  diagnostics: Diagnostic[]
}

function readSourceInfoNow(file: string, root: string, source: string): { info: SourceInfo; diagnostics: Diagnostic[] } {
  const rel = toPosix(relative(root, file))
  const diagnostics: Diagnostic[] = []
  const jsonTypes = new Map<string, JsonColumnType>()
  const declaredExports = new Set<string>()
  const ts = typescript()
  const sf = parseModule(file, source)

  // Names declared in the file (types) and names imported (with their module).
  const localTypes = new Map<string, boolean>() // name -> exported
  const imported = new Map<string, string>() // name -> module specifier
  for (const statement of sf.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      if (statement.name) localTypes.set(statement.name.text, hasExport(ts, statement))
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) imported.set(element.name.text, statement.moduleSpecifier.text)
      }
      if (statement.importClause?.name) imported.set(statement.importClause.name.text, statement.moduleSpecifier.text)
    } else if (ts.isVariableStatement(statement) && hasExport(ts, statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          declaredExports.add(declaration.name.text)
          const call = declaration.initializer
          if (call && ts.isCallExpression(call)) collectJsonColumns(declaration.name.text, call)
        }
      }
    }
  }

  function collectJsonColumns(exportName: string, call: TypeScript.CallExpression): void {
    const columns = call.arguments[1]
    if (!columns || !ts.isObjectLiteralExpression(columns)) return
    for (const property of columns.properties) {
      if (!ts.isPropertyAssignment(property)) continue
      const key = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined
      if (!key) continue
      const typeNode = findJsonTypeArgument(ts, property.initializer)
      if (!typeNode) continue
      jsonTypes.set(`${exportName}.${key}`, { text: typeNode.getText(sf), imports: importsOf(typeNode, exportName, key) })
    }
  }

  function importsOf(typeNode: TypeScript.TypeNode, table: string, column: string): TypeImport[] {
    const names = new Set<string>()
    const visit = (node: TypeScript.Node): void => {
      if (ts.isTypeReferenceNode(node)) {
        let name = node.typeName
        while (ts.isQualifiedName(name)) name = name.left
        names.add(name.text)
      } else if (ts.isTypeQueryNode(node)) {
        diagnostics.push({ file: rel, table, column, message: 'a json column type cannot use typeof', hint: 'declare the type with an interface or type alias and export it' })
      }
      ts.forEachChild(node, visit)
    }
    visit(typeNode)
    const imports: TypeImport[] = []
    for (const name of [...names].sort()) {
      if (localTypes.has(name)) {
        if (!localTypes.get(name)) {
          diagnostics.push({
            file: rel,
            table,
            column,
            message: `the json type uses '${name}', which the file declares but does not export`,
            hint: `export ${name} so the generated client can import it`,
          })
        }
        imports.push({ name, module: rel.replace(/\.(m?)ts$/, '.$1js'), local: true })
      } else if (imported.has(name)) {
        const specifier = imported.get(name)!
        const local = specifier.startsWith('.')
        imports.push({ name, module: local ? toPosix(join(dirname(rel), specifier)) : specifier, local })
      } else if (!builtinTypes.has(name)) {
        diagnostics.push({
          file: rel,
          table,
          column,
          message: `the json type uses '${name}', which is neither declared nor imported in this file`,
          hint: `declare and export ${name} in the schema file, or import it there`,
        })
      }
    }
    return imports
  }

  return { info: { jsonTypes, declaredExports }, diagnostics }
}

function hasExport(ts: typeof TypeScript, node: TypeScript.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
}

/** Finds `json<T>()` / `jsonb<T>()` in a column builder chain such as `t.jsonb<T>().nullable()`. */
function findJsonTypeArgument(ts: typeof TypeScript, expression: TypeScript.Expression): TypeScript.TypeNode | undefined {
  let node: TypeScript.Expression = expression
  while (ts.isCallExpression(node)) {
    const callee = node.expression
    if (ts.isPropertyAccessExpression(callee)) {
      if ((callee.name.text === 'json' || callee.name.text === 'jsonb') && node.typeArguments?.length === 1) {
        return node.typeArguments[0]
      }
      node = callee.expression
    } else return undefined
  }
  return undefined
}
