/**
 * Strips the types from a TypeScript module by overwriting them with spaces: the result
 * is JavaScript with every remaining token at its original line and column, so error
 * positions need no source map. Only parses (about a tenth of the cost of
 * `transpileModule`, which runs the whole emit pipeline).
 *
 * Handles what schema files and scripts are made of: annotations, interfaces and type
 * aliases, `as`/`satisfies`/`!`, type arguments and parameters, `import type`, class
 * modifiers. Imports used only as types are dropped, as TypeScript drops them. Anything
 * else that needs more than blanking (enums, namespaces, parameter properties, decorators,
 * JSX, `import x = require()`) returns `undefined`, and the caller transpiles the module.
 */
import type * as TypeScript from 'typescript'

class Unsupported extends Error {}

export function stripTypes(ts: typeof TypeScript, file: TypeScript.SourceFile): string | undefined {
  const text = file.text
  const out = text.split('')
  const K = ts.SyntaxKind

  const blank = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' '
  }
  /** Blanks a node without its leading trivia (comments before it stay). */
  const blankNode = (node: TypeScript.Node) => blank(node.getStart(file), node.end)
  /**
   * Blanks a whole statement or class member, leaving a `;` in its place: without it, a
   * line starting with `(` or `[` after a blanked statement would continue the one before.
   */
  const blankStatement = (node: TypeScript.Node) => {
    const start = node.getStart(file)
    blank(start, node.end)
    out[start] = ';'
  }
  /** `: Type` (the colon is the token just before the type's leading trivia). */
  const blankAnnotation = (type: TypeScript.TypeNode) => {
    if (text[type.pos - 1] !== ':') throw new Unsupported()
    blank(type.pos - 1, type.end)
  }
  /** `<...>` of type parameters or arguments. */
  const blankAngles = (list: TypeScript.NodeArray<TypeScript.Node>) => {
    if (text[list.pos - 1] !== '<') throw new Unsupported()
    const close = /^[\s,]*>/.exec(text.slice(list.end))
    if (!close) throw new Unsupported()
    blank(list.pos - 1, list.end + close[0].length)
  }
  const hasModifier = (node: TypeScript.Node, kind: TypeScript.SyntaxKind) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind)
  const typeOnlyModifiers = new Set([K.PublicKeyword, K.PrivateKeyword, K.ProtectedKeyword, K.ReadonlyKeyword, K.OverrideKeyword, K.AbstractKeyword, K.DeclareKeyword])

  /** Names used as values: an import none of whose names is among them is dropped. */
  const valueNames = new Set<string>()
  const imports: TypeScript.ImportDeclaration[] = []

  const isPropertyName = (node: TypeScript.Identifier): boolean => {
    const parent = node.parent
    if (!parent) return false
    if (ts.isPropertyAccessExpression(parent)) return parent.name === node
    if (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) return parent.name === node
    if (ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent)) return parent.name === node
    if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return true
    if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return true
    if (ts.isBindingElement(parent)) return parent.propertyName === node
    return false
  }

  const visit = (node: TypeScript.Node): void => {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return // the caller blanked it
    switch (node.kind) {
      case K.TypeParameter:
        return // its `<...>` list is blanked by the declaration
      case K.InterfaceDeclaration:
      case K.TypeAliasDeclaration:
        return blankStatement(node)
      case K.EnumDeclaration:
      case K.ModuleDeclaration:
        if (hasModifier(node, K.DeclareKeyword)) return blankStatement(node)
        throw new Unsupported()
      case K.ImportEqualsDeclaration:
      case K.Decorator:
      case K.JsxElement:
      case K.JsxSelfClosingElement:
      case K.JsxFragment:
        throw new Unsupported()
      case K.ExportAssignment:
        if ((node as TypeScript.ExportAssignment).isExportEquals) throw new Unsupported()
        break
      case K.ImportDeclaration: {
        const declaration = node as TypeScript.ImportDeclaration
        const clause = declaration.importClause
        if (clause?.isTypeOnly) return blankStatement(node)
        if (clause) imports.push(declaration)
        return
      }
      case K.ExportDeclaration: {
        const declaration = node as TypeScript.ExportDeclaration
        if (declaration.isTypeOnly) return blankStatement(node)
        const clause = declaration.exportClause
        if (clause && ts.isNamedExports(clause)) {
          for (const element of clause.elements) {
            if (element.isTypeOnly) blankSpecifier(element)
            else if (!declaration.moduleSpecifier) valueNames.add((element.propertyName ?? element.name).text)
          }
        }
        return
      }
      case K.Identifier:
        if (!isPropertyName(node as TypeScript.Identifier)) valueNames.add((node as TypeScript.Identifier).text)
        return
      case K.ShorthandPropertyAssignment:
        valueNames.add((node as TypeScript.ShorthandPropertyAssignment).name.text)
        break
      case K.AsExpression:
      case K.SatisfiesExpression: {
        const expression = node as TypeScript.AsExpression
        blank(expression.expression.end, expression.end)
        visit(expression.expression)
        return
      }
      case K.TypeAssertionExpression: {
        const assertion = node as TypeScript.TypeAssertion
        blank(assertion.getStart(file), assertion.expression.getStart(file))
        visit(assertion.expression)
        return
      }
      case K.NonNullExpression: {
        const expression = node as TypeScript.NonNullExpression
        blank(node.end - 1, node.end)
        visit(expression.expression)
        return
      }
      case K.HeritageClause:
        if ((node as TypeScript.HeritageClause).token === K.ImplementsKeyword) return blankNode(node)
        break
      case K.IndexSignature:
        return blankStatement(node)
      case K.Parameter: {
        const parameter = node as TypeScript.ParameterDeclaration
        if ((ts.getModifiers(parameter) ?? []).length > 0) throw new Unsupported() // parameter properties
        if (ts.isIdentifier(parameter.name) && parameter.name.text === 'this') throw new Unsupported()
        if (parameter.questionToken) blankNode(parameter.questionToken)
        break
      }
      case K.FunctionDeclaration:
      case K.MethodDeclaration:
      case K.Constructor: {
        // Overload signatures and abstract methods have no body.
        const declaration = node as TypeScript.FunctionLikeDeclaration
        if (!declaration.body) return blankStatement(node)
        if (declaration.questionToken) blankNode(declaration.questionToken)
        break
      }
      case K.PropertyDeclaration: {
        const property = node as TypeScript.PropertyDeclaration
        if (hasModifier(node, K.DeclareKeyword) || hasModifier(node, K.AbstractKeyword)) return blankStatement(node)
        if (property.questionToken) blankNode(property.questionToken)
        if (property.exclamationToken) blankNode(property.exclamationToken)
        break
      }
      case K.VariableStatement:
      case K.ClassDeclaration:
        if (hasModifier(node, K.DeclareKeyword)) return blankStatement(node)
        break
      case K.VariableDeclaration: {
        const declaration = node as TypeScript.VariableDeclaration
        if (declaration.exclamationToken) blankNode(declaration.exclamationToken)
        break
      }
    }
    if (ts.canHaveModifiers(node)) {
      for (const modifier of ts.getModifiers(node) ?? []) if (typeOnlyModifiers.has(modifier.kind)) blankNode(modifier)
    }
    const withTypes = node as { type?: TypeScript.TypeNode; typeParameters?: TypeScript.NodeArray<TypeScript.Node>; typeArguments?: TypeScript.NodeArray<TypeScript.Node> }
    if (withTypes.type && !ts.isTypeNode(node)) {
      // `(a)\n: T => a` would become `(a)\n => a`: a line break before `=>` is not JavaScript.
      if (ts.isArrowFunction(node) && text.slice(node.parameters.end, node.equalsGreaterThanToken.getStart(file)).includes('\n')) throw new Unsupported()
      blankAnnotation(withTypes.type)
    }
    if (withTypes.typeParameters) blankAngles(withTypes.typeParameters)
    if (withTypes.typeArguments) blankAngles(withTypes.typeArguments)
    ts.forEachChild(node, visit)
  }

  function blankSpecifier(element: TypeScript.ImportSpecifier | TypeScript.ExportSpecifier): void {
    const next = text.slice(element.end).match(/^\s*,/)
    blank(element.getStart(file), element.end + (next ? next[0].length : 0))
  }

  try {
    for (const statement of file.statements) visit(statement)
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
  // TypeScript drops an import whose names are only used as types (no value is read from it).
  for (const declaration of imports) {
    const clause = declaration.importClause!
    const names: { name: TypeScript.Identifier; element?: TypeScript.ImportSpecifier }[] = []
    if (clause.name) names.push({ name: clause.name })
    const bindings = clause.namedBindings
    if (bindings && ts.isNamespaceImport(bindings)) names.push({ name: bindings.name })
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.push({ name: element.name, element })
    const used = names.filter(({ name, element }) => !element?.isTypeOnly && valueNames.has(name.text))
    if (used.length === 0) {
      blankStatement(declaration)
      continue
    }
    for (const { name, element } of names) if (element && !used.some((u) => u.name === name)) blankSpecifier(element)
  }
  return out.join('')
}
