/**
 * The SQL of a list of changes: statements in dependency order. Types come first, then
 * renames, then what goes away (foreign keys and indexes before the tables and columns they
 * use), then what comes (tables, columns, constraints, foreign keys once every table exists,
 * so cycles work, indexes), and types no longer used last. Within a phase, statements keep
 * the order of the changes.
 */
import type { PrimaryKeyModel, TableModel } from '../../schema/model.js'
import { quoteIdent, quoteLiteral } from '../../runtime/sql.js'
import { ddlType, isSerialType, serialStorage } from '../../schema/column-types.js'
import {
  addForeignKeySql,
  checkClause,
  columnDefinition,
  createEnumSql,
  createExtensionSql,
  createIndexSql,
  createTableSql,
  primaryKeyClause,
  uniqueClause,
} from '../emit/ddl.js'
import { unknownChange, unknownConstraint, type AddConstraint, type AddEnumValues, type AlterColumnType, type Change, type ConstraintType, type RecreateEnum } from './changes.js'

const q = quoteIdent

/** Phases, in the order their statements run. */
export const Phase = {
  extension: 0,
  createEnum: 1,
  changeEnum: 2,
  rename: 3,
  dropForeignKey: 4,
  dropIndex: 5,
  dropConstraint: 6,
  dropTable: 7,
  createTable: 8,
  addColumn: 9,
  alterColumn: 10,
  dropColumn: 11,
  addConstraint: 12,
  addForeignKey: 13,
  createIndex: 14,
  dropEnum: 15,
} as const

export type Phase = (typeof Phase)[keyof typeof Phase]

export interface Statement {
  readonly phase: Phase
  readonly sql: string
}

/** The DDL helpers take a table; the statements rendered with them read only its name (and the key being added). */
function tableNamed(name: string, primaryKey: PrimaryKeyModel | null = null): TableModel {
  return { kind: 'table', name, tsName: name, typeName: name, columns: [], primaryKey, uniques: [], foreignKeys: [], indexes: [], checks: [], source: null }
}

function addEnumValues(change: AddEnumValues): Statement[] {
  return change.values.map(({ value, before, after }) => {
    const position = before !== null ? ` BEFORE ${quoteLiteral(before)}` : after !== null ? ` AFTER ${quoteLiteral(after)}` : ''
    return { phase: Phase.changeEnum, sql: `ALTER TYPE ${q(change.name)} ADD VALUE ${quoteLiteral(value)}${position};` }
  })
}

function recreateEnum(change: RecreateEnum): Statement[] {
  const name = change.enum.name
  const oldName = `${name}__old`
  const sql = [`ALTER TYPE ${q(name)} RENAME TO ${q(oldName)};`, createEnumSql(change.enum)]
  for (const column of change.columns) {
    const target = `ALTER TABLE ${q(column.table)} ALTER COLUMN ${q(column.column)}`
    const type = ddlType(column.type)
    if (column.fromDefault !== null) sql.push(`${target} DROP DEFAULT;`)
    sql.push(`${target} TYPE ${type} USING ${q(column.column)}::text${'[]'.repeat(column.type.dimensions)}::${type};`)
    if (column.toDefault !== null) sql.push(`${target} SET DEFAULT ${column.toDefault};`)
  }
  sql.push(`DROP TYPE ${q(oldName)};`)
  return sql.map((text) => ({ phase: Phase.changeEnum, sql: text }))
}

function alterColumnType(change: AlterColumnType): Statement[] {
  const target = `ALTER TABLE ${q(change.table)} ALTER COLUMN ${q(change.column)}`
  // A serial type is its integer type here: the sequence (and the default using it) stays.
  const type = ddlType(serialStorage(change.to))
  const sql: string[] = []
  if (change.fromDefault !== null) sql.push(`${target} DROP DEFAULT;`)
  sql.push(`${target} TYPE ${type} USING ${q(change.column)}::${type};`)
  if (change.sequence !== null) sql.push(`ALTER SEQUENCE ${q(change.sequence)} AS ${type};`)
  if (!isSerialType(change.to.name) && change.toDefault !== null) sql.push(`${target} SET DEFAULT ${change.toDefault};`)
  return sql.map((text) => ({ phase: Phase.alterColumn, sql: text }))
}

/** Foreign keys go before the indexes and keys they may depend on. */
function dropPhase(type: ConstraintType): Phase {
  switch (type) {
    case 'foreignKey':
      return Phase.dropForeignKey
    case 'primaryKey':
    case 'unique':
    case 'check':
      return Phase.dropConstraint
    default:
      throw new Error(`sql: unknown constraint type '${type as string}'`)
  }
}

function addConstraint({ table, constraint }: AddConstraint): Statement {
  const ref = q(table)
  switch (constraint.type) {
    case 'primaryKey':
      return { phase: Phase.addConstraint, sql: `ALTER TABLE ${ref} ADD ${primaryKeyClause(tableNamed(table, constraint.primaryKey))};` }
    case 'unique':
      return { phase: Phase.addConstraint, sql: `ALTER TABLE ${ref} ADD ${uniqueClause(constraint.unique)};` }
    case 'check':
      return { phase: Phase.addConstraint, sql: `ALTER TABLE ${ref} ADD ${checkClause(constraint.check)};` }
    case 'foreignKey':
      return { phase: Phase.addForeignKey, sql: addForeignKeySql(tableNamed(table), constraint.foreignKey) }
    default:
      return unknownConstraint(constraint, 'sql')
  }
}

/** The statements of one change (`renderSql` gathers the tables to drop into one statement). */
export function statementsOf(change: Change): Statement[] {
  const one = (phase: Phase, sql: string): Statement[] => [{ phase, sql }]
  switch (change.kind) {
    case 'createExtension':
      return one(Phase.extension, createExtensionSql(change.name))
    case 'createEnum':
      return one(Phase.createEnum, createEnumSql(change.enum))
    case 'dropEnum':
      return one(Phase.dropEnum, `DROP TYPE ${q(change.name)};`)
    case 'addEnumValues':
      return addEnumValues(change)
    case 'recreateEnum':
      return recreateEnum(change)
    case 'createTable': {
      const { table } = change
      return [
        { phase: Phase.createTable, sql: createTableSql(table, []) },
        ...table.foreignKeys.map((fk) => ({ phase: Phase.addForeignKey, sql: addForeignKeySql(table, fk) })),
        ...table.indexes.map((index) => ({ phase: Phase.createIndex, sql: createIndexSql(table, index) })),
      ]
    }
    case 'dropTable':
      return one(Phase.dropTable, `DROP TABLE ${q(change.name)};`)
    case 'renameTable':
      return one(Phase.rename, `ALTER TABLE ${q(change.from)} RENAME TO ${q(change.to)};`)
    case 'renameSequence':
      return one(Phase.rename, `ALTER SEQUENCE ${q(change.from)} RENAME TO ${q(change.to)};`)
    case 'renameColumn':
      return one(Phase.rename, `ALTER TABLE ${q(change.table)} RENAME COLUMN ${q(change.from)} TO ${q(change.to)};`)
    case 'renameConstraint':
      return one(Phase.rename, `ALTER TABLE ${q(change.table)} RENAME CONSTRAINT ${q(change.from)} TO ${q(change.to)};`)
    case 'renameIndex':
      return one(Phase.rename, `ALTER INDEX ${q(change.from)} RENAME TO ${q(change.to)};`)
    case 'addColumn':
      return one(Phase.addColumn, `ALTER TABLE ${q(change.table)} ADD COLUMN ${columnDefinition(change.column)};`)
    case 'dropColumn':
      return one(Phase.dropColumn, `ALTER TABLE ${q(change.table)} DROP COLUMN ${q(change.column)};`)
    case 'alterColumnType':
      return alterColumnType(change)
    case 'alterColumnDefault': {
      const target = `ALTER TABLE ${q(change.table)} ALTER COLUMN ${q(change.column)}`
      return one(Phase.alterColumn, change.default === null ? `${target} DROP DEFAULT;` : `${target} SET DEFAULT ${change.default};`)
    }
    case 'alterColumnNullable':
      return one(Phase.alterColumn, `ALTER TABLE ${q(change.table)} ALTER COLUMN ${q(change.column)} ${change.nullable ? 'DROP' : 'SET'} NOT NULL;`)
    case 'addConstraint':
      return [addConstraint(change)]
    case 'dropConstraint':
      return one(dropPhase(change.type), `ALTER TABLE ${q(change.table)} DROP CONSTRAINT ${q(change.name)};`)
    case 'createIndex':
      return one(Phase.createIndex, createIndexSql(tableNamed(change.table), change.index))
    case 'dropIndex':
      return one(Phase.dropIndex, `DROP INDEX ${q(change.name)};`)
    default:
      return unknownChange(change, 'sql')
  }
}

/** The statements of a list of changes, in the order to run them. */
export function renderSql(changes: readonly Change[]): string[] {
  const statements: Statement[] = []
  const dropped: string[] = []
  for (const change of changes) {
    if (change.kind === 'dropTable') dropped.push(change.name)
    else statements.push(...statementsOf(change))
  }
  // One statement: PostgreSQL then handles foreign keys between the dropped tables.
  if (dropped.length > 0) statements.push({ phase: Phase.dropTable, sql: `DROP TABLE ${dropped.map(q).join(', ')};` })
  return statements
    .map((statement, i) => ({ ...statement, i }))
    .sort((a, b) => a.phase - b.phase || a.i - b.i)
    .map((statement) => statement.sql)
}
