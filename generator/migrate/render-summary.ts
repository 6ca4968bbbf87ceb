/** The summary of a list of changes: a line per change, for people (`migrate diff`, `migrate drift`). */
import { ddlType } from '../../schema/column-types.js'
import { constraintNameOf, unknownChange, type Change, type ConstraintType } from './changes.js'

const constraintWords: Record<ConstraintType, string> = {
  primaryKey: 'primary key',
  unique: 'unique constraint',
  check: 'check',
  foreignKey: 'foreign key',
}

function constraintWord(type: ConstraintType): string {
  if (!Object.hasOwn(constraintWords, type)) throw new Error(`summary: unknown constraint type '${type}'`)
  return constraintWords[type]
}

/** The summary line of one change, or none for changes that only follow another (renamed constraints, sequences). */
export function summaryOf(change: Change): string[] {
  switch (change.kind) {
    case 'createExtension':
      return [`create extension ${change.name}`]
    case 'createEnum':
      return [`create enum ${change.enum.name}`]
    case 'dropEnum':
      return [`drop enum ${change.name}`]
    case 'addEnumValues':
      return [`add values to enum ${change.name}`]
    case 'recreateEnum':
      return [`recreate enum ${change.enum.name} (values removed or reordered)`]
    case 'createTable':
      return [`create table ${change.table.name}`]
    case 'dropTable':
      return [`drop table ${change.name}`]
    case 'renameTable':
      return [`rename table ${change.from} to ${change.to}`]
    case 'renameColumn':
      return [`rename column ${change.table}.${change.from} to ${change.to}`]
    case 'addColumn':
      return [`add column ${change.table}.${change.column.name}`]
    case 'dropColumn':
      return [`drop column ${change.table}.${change.column}`]
    case 'alterColumnType':
      return [`change type of ${change.table}.${change.column} to ${ddlType(change.to)}`]
    case 'alterColumnDefault':
      return [`${change.default === null ? 'drop' : 'set'} default of ${change.table}.${change.column}`]
    case 'alterColumnNullable':
      return [`${change.nullable ? 'allow' : 'forbid'} NULL in ${change.table}.${change.column}`]
    case 'addConstraint': {
      const { constraint } = change
      const name = constraintNameOf(constraint)
      // A changed primary key reads as dropped and added; other constraints as replaced.
      const verb = change.replaces && constraint.type !== 'primaryKey' ? 'replace' : 'add'
      return [`${verb} ${constraintWord(constraint.type)} ${name}`]
    }
    case 'dropConstraint':
      return [`drop ${constraintWord(change.type)} ${change.name}`]
    case 'createIndex':
      return [`${change.replaces ? 'replace' : 'add'} index ${change.index.name}`]
    case 'dropIndex':
      return [`drop index ${change.name}`]
    case 'renameSequence':
    case 'renameConstraint':
    case 'renameIndex':
      return []
    default:
      return unknownChange(change, 'summary')
  }
}

export function renderSummary(changes: readonly Change[]): string[] {
  return changes.flatMap(summaryOf)
}
