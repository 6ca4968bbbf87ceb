/**
 * The imports and exports TypeScript's emit drops and ts-blank-space keeps.
 *
 * ts-blank-space erases what is marked as a type (`import type`, `import { type X }`) and
 * keeps every other import as written. TypeScript's emit also drops an import binding that
 * is never read as a value, and schema files are written for that emit: with
 * `import { Book } from './types'` where `Book` is an interface, Node refuses the module
 * ("does not provide an export named 'Book'"). Likewise `export { Book }` of a local
 * interface names nothing at run time.
 *
 * A binding is read when an identifier that stays in the JavaScript refers to it: not in a
 * type, not a property name or a declaration, and not shadowed by a declaration of the same
 * name in an enclosing function, block, class or catch clause (`(Book) => Book.title`
 * reads the parameter). Only the syntax tree is used, nothing is type-checked, so
 * `export { Book }` of an imported `Book` keeps the import: whether './types' exports a
 * value of that name is not known here.
 */
import type * as TypeScript from 'typescript'

/** A range of the source to blank. */
export interface Erasure {
  readonly start: number
  readonly end: number
  /** A whole statement: blanked to a `;`, so what surrounds it parses as before. */
  readonly statement: boolean
}

export function importElisions(ts: typeof TypeScript, file: TypeScript.SourceFile): Erasure[] {
  const K = ts.SyntaxKind
  const read = readNames(ts, file)
  const typeNames = moduleTypeNames(ts, file)
  const erasures: Erasure[] = []
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, file.text)
  /** An import or export specifier with the comma after it. */
  const specifier = (node: TypeScript.Node): Erasure => {
    scanner.resetTokenState(node.end)
    const comma = scanner.scan() === K.CommaToken
    return { start: node.getStart(file), end: comma ? scanner.getTokenEnd() : node.end, statement: false }
  }

  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      if (!clause || clause.isTypeOnly) continue // a side-effect import; `import type` is blanked already
      const bindings = clause.namedBindings
      const named = bindings && ts.isNamedImports(bindings) ? bindings.elements : []
      if (!clause.name && (!bindings || (ts.isNamedImports(bindings) && named.length === 0))) continue // `import {} from`: kept as written
      const defaultRead = clause.name !== undefined && read.has(clause.name.text)
      const namespaceRead = bindings !== undefined && ts.isNamespaceImport(bindings) && read.has(bindings.name.text)
      const namedRead = named.filter((element) => !element.isTypeOnly && read.has(element.name.text))
      if (!defaultRead && !namespaceRead && namedRead.length === 0) {
        erasures.push({ start: statement.getStart(file), end: statement.end, statement: true })
        continue
      }
      if (clause.name && !defaultRead) erasures.push({ start: clause.name.getStart(file), end: bindings!.getStart(file), statement: false }) // `Name, `
      if (bindings && ts.isNamespaceImport(bindings) && !namespaceRead) erasures.push({ start: clause.name!.end, end: bindings.end, statement: false }) // `, * as name`
      for (const element of named) if (!element.isTypeOnly && !namedRead.includes(element)) erasures.push(specifier(element))
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (!element.isTypeOnly && typeNames.has((element.propertyName ?? element.name).text)) erasures.push(specifier(element))
      }
    }
  }
  return erasures
}

/** Names of the module's scope read as values (see the module comment). */
function readNames(ts: typeof TypeScript, file: TypeScript.SourceFile): Set<string> {
  const K = ts.SyntaxKind
  const read = new Set<string>()
  /** Names declared by the functions, blocks, classes and catch clauses around the node visited. */
  const scopes: Set<string>[] = []

  const isFunction = (node: TypeScript.Node): node is TypeScript.FunctionLikeDeclaration =>
    ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)
  const declares = (node: TypeScript.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === K.DeclareKeyword)

  /** What ts-blank-space erases (or what makes it refuse the module, when nothing here is used). */
  const erased = (node: TypeScript.Node): boolean => {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return true
    switch (node.kind) {
      case K.InterfaceDeclaration:
      case K.TypeAliasDeclaration:
      case K.TypeParameter:
      case K.IndexSignature:
      case K.ModuleDeclaration:
      case K.EnumDeclaration:
      case K.ImportEqualsDeclaration:
      case K.ImportDeclaration:
        return true
      case K.HeritageClause:
        return (node as TypeScript.HeritageClause).token === K.ImplementsKeyword
      case K.Parameter: {
        const name = (node as TypeScript.ParameterDeclaration).name
        return ts.isIdentifier(name) && name.text === 'this'
      }
      case K.PropertyDeclaration:
        return (ts.getModifiers(node as TypeScript.PropertyDeclaration) ?? []).some((m) => m.kind === K.DeclareKeyword || m.kind === K.AbstractKeyword)
      case K.VariableStatement:
      case K.ClassDeclaration:
        return declares(node)
    }
    return isFunction(node) && !node.body // overloads, abstract methods, `declare function`
  }

  /** Whether an identifier that stays in the JavaScript refers to a binding (rather than naming a property or declaring one). */
  const isReference = (id: TypeScript.Identifier): boolean => {
    const parent = id.parent
    switch (parent.kind) {
      case K.PropertyAccessExpression:
        return (parent as TypeScript.PropertyAccessExpression).expression === id
      case K.PropertyAssignment:
      case K.PropertyDeclaration:
      case K.MethodDeclaration:
      case K.GetAccessor:
      case K.SetAccessor:
      case K.FunctionDeclaration:
      case K.FunctionExpression:
      case K.ClassDeclaration:
      case K.ClassExpression:
        return (parent as TypeScript.NamedDeclaration).name !== id
      case K.VariableDeclaration:
      case K.Parameter:
      case K.BindingElement:
        return (parent as TypeScript.VariableDeclaration | TypeScript.ParameterDeclaration | TypeScript.BindingElement).initializer === id
      case K.LabeledStatement:
      case K.BreakStatement:
      case K.ContinueStatement:
      case K.MetaProperty:
      case K.ExportSpecifier:
      case K.JsxAttribute:
        return false
    }
    return true // shorthand properties (`{ Book }`) included
  }

  const visit = (node: TypeScript.Node): void => {
    if (erased(node)) return
    if (ts.isIdentifier(node)) {
      if (isReference(node) && !scopes.some((scope) => scope.has(node.text))) read.add(node.text)
      return
    }
    if (ts.isExportDeclaration(node)) {
      // `export { name }` reads the local `name`; `export { name } from '...'` reads nothing here.
      if (!node.isTypeOnly && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) if (!element.isTypeOnly) read.add((element.propertyName ?? element.name).text)
      }
      return
    }
    const scope = declaredBy(node)
    if (scope) scopes.push(scope)
    ts.forEachChild(node, visit)
    if (scope) scopes.pop()
  }

  /** The names a node declares for the code inside it, when it opens a scope. */
  const declaredBy = (node: TypeScript.Node): Set<string> | undefined => {
    if (isFunction(node)) {
      const names = new Set<string>()
      for (const parameter of node.parameters) bindingNames(ts, parameter.name, names)
      if (ts.isFunctionExpression(node) && node.name) names.add(node.name.text)
      return names
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return node.name ? new Set([node.name.text]) : undefined
    if (ts.isCatchClause(node)) return node.variableDeclaration ? bindingNames(ts, node.variableDeclaration.name, new Set()) : undefined
    if (ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) {
      const initializer = node.initializer
      if (!initializer || !ts.isVariableDeclarationList(initializer) || !(initializer.flags & ts.NodeFlags.BlockScoped)) return undefined
      const names = new Set<string>()
      for (const declaration of initializer.declarations) bindingNames(ts, declaration.name, names)
      return names
    }
    if (ts.isBlock(node) || ts.isCaseBlock(node)) {
      const names = new Set<string>()
      const statements = ts.isBlock(node) ? node.statements : node.clauses.flatMap((clause) => [...clause.statements])
      for (const statement of statements) lexicalNames(statement, names)
      // `var`s belong to the function (or static block) whose body this is.
      if (isFunction(node.parent) || ts.isClassStaticBlockDeclaration(node.parent)) varNames(node, names)
      return names
    }
    return undefined
  }

  const lexicalNames = (statement: TypeScript.Statement, into: Set<string>): void => {
    if (declares(statement)) return
    if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.BlockScoped) {
      for (const declaration of statement.declarationList.declarations) bindingNames(ts, declaration.name, into)
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      into.add(statement.name.text)
    }
  }

  const varNames = (node: TypeScript.Node, into: Set<string>): void => {
    ts.forEachChild(node, (child) => {
      if (isFunction(child) || ts.isClassStaticBlockDeclaration(child) || ts.isTypeNode(child)) return
      if (ts.isVariableDeclarationList(child) && !(child.flags & ts.NodeFlags.BlockScoped)) {
        for (const declaration of child.declarations) bindingNames(ts, declaration.name, into)
      }
      varNames(child, into)
    })
  }

  for (const statement of file.statements) visit(statement)
  return read
}

/**
 * Names the module declares only as types (interfaces, type aliases, `import type`), which
 * `export { name }` cannot export at run time.
 */
function moduleTypeNames(ts: typeof TypeScript, file: TypeScript.SourceFile): Set<string> {
  const types = new Set<string>()
  const values = new Set<string>()
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      types.add(statement.name.text)
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause
      const bindings = clause.namedBindings
      const add = (name: TypeScript.Identifier, typeOnly: boolean) => (typeOnly ? types : values).add(name.text)
      if (clause.name) add(clause.name, clause.isTypeOnly)
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name, clause.isTypeOnly)
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) add(element.name, clause.isTypeOnly || element.isTypeOnly)
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bindingNames(ts, declaration.name, values)
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) && statement.name) {
      values.add(statement.name.text)
    } else if (ts.isImportEqualsDeclaration(statement)) {
      values.add(statement.name.text)
    }
  }
  for (const name of values) types.delete(name)
  return types
}

/** The names a declaration binds (`a`, or each name in `{ a, b: [c] }`). */
function bindingNames(ts: typeof TypeScript, name: TypeScript.BindingName, into: Set<string>): Set<string> {
  if (ts.isIdentifier(name)) into.add(name.text)
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(ts, element.name, into)
  return into
}
