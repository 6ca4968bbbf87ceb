/**
 * `dbridge push [--accept-data-loss]`: apply the difference between the schema files and a
 * database directly, with no migration file (for prototyping; `migrate diff` writes the
 * file to commit). The difference is the migration differ's, between the database as it
 * is and the schema's DDL as PostgreSQL normalizes it. A change that would lose data is
 * refused, each listed with why, unless the caller accepts the loss; what is applied runs
 * in one transaction, so a push that fails changes nothing.
 */
import { sql, type RawDb } from '../../runtime/index.js'
import type { SchemaModel } from '../../schema/model.js'
import type { ResolvedConfig } from '../config.js'
import { buildModel } from '../generate.js'
import { isSerialType, isWidening } from '../../schema/column-types.js'
import type { Change } from './changes.js'
import { modelOfSchema, type Output } from './commands.js'
import { diffModels } from './diff.js'
import { introspect } from './introspect.js'
import { renderSql } from './render-sql.js'
import { renderSummary } from './render-summary.js'
import { openSession } from './runner.js'
import { withDatabase } from './server.js'

/** A change that would lose data, and why. */
export interface DataLoss {
  readonly what: string
  readonly why: string
}

async function hasRows(db: RawDb, table: string): Promise<boolean> {
  const [row] = await db.sql<{ found: boolean }>`select exists (select from ${sql.identifier(table)}) as found`
  return row!.found
}

/** The changes that would lose data on this database (an empty table loses nothing by a NOT NULL column). */
export async function dataLosses(db: RawDb, changes: readonly Change[]): Promise<DataLoss[]> {
  const losses: DataLoss[] = []
  for (const change of changes) {
    switch (change.kind) {
      case 'dropTable':
        losses.push({ what: `drop table ${change.name}`, why: 'its rows are deleted' })
        break
      case 'dropColumn':
        losses.push({ what: `drop column ${change.table}.${change.column}`, why: 'its values are deleted (a rename looks like a drop and an add: use migrate diff --rename to keep the data)' })
        break
      case 'alterColumnType':
        if (!isWidening(change.from, change.to)) losses.push({ what: `change the type of ${change.table}.${change.column}`, why: 'the new type is narrower: values may not convert, or lose precision' })
        break
      case 'addColumn': {
        const { column } = change
        if (!column.nullable && column.default === null && !isSerialType(column.type.name) && (await hasRows(db, change.table))) {
          losses.push({ what: `add NOT NULL column ${change.table}.${column.name} without a default`, why: `${change.table} has rows, which would have no value for it (the push would fail; give it a default, or add it nullable and backfill)` })
        }
        break
      }
      case 'recreateEnum':
        if (change.removed.length > 0) losses.push({ what: `remove ${change.removed.map((v) => `'${v}'`).join(', ')} from enum ${change.enum.name}`, why: 'rows holding a removed value make the push fail, or lose that value' })
        break
      default:
        break
    }
  }
  return losses
}

export interface PushResult {
  /** What was applied (summary lines); empty when nothing was to do, or when refused. */
  readonly applied: readonly string[]
  /** The losses that made it refuse (empty when it applied). */
  readonly refused: readonly DataLoss[]
}

/** Applies the schema `model` to the database at `url` (the server `serverUrl` holds the scratch database). */
export async function pushTo(serverUrl: string, url: string, model: SchemaModel, acceptDataLoss: boolean): Promise<PushResult> {
  const desired = await modelOfSchema(serverUrl, model)
  const db = openSession(url)
  try {
    const changes = diffModels(await introspect(db), desired)
    const statements = renderSql(changes)
    if (statements.length === 0) return { applied: [], refused: [] }
    const losses = await dataLosses(db, changes)
    if (losses.length > 0 && !acceptDataLoss) return { applied: [], refused: losses }
    // New enum values first, each on its own: a statement of the same transaction could not use them.
    const enumValues = statements.filter((s) => /^ALTER TYPE .* ADD VALUE /.test(s))
    for (const statement of enumValues) await db.sql`${sql.raw(statement)}`
    const rest = statements.filter((s) => !enumValues.includes(s))
    await db.transaction(async (tx) => {
      for (const statement of rest) await tx.sql`${sql.raw(statement)}`
    })
    return { applied: renderSummary(changes), refused: [] }
  } finally {
    await db.close()
  }
}

/** The lines that explain a refusal, and the ways out. */
export function refusalLines(losses: readonly DataLoss[], acceptFlag: string): string[] {
  return [
    `push refused: ${losses.length} change${losses.length === 1 ? '' : 's'} would lose data:`,
    ...losses.map((loss) => `  ${loss.what}: ${loss.why}`),
    `nothing was changed. To keep the data, write a migration (dbridge migrate diff --name <name>) and edit it; to push anyway, pass ${acceptFlag}`,
  ]
}

export async function pushCommand(config: ResolvedConfig, options: { acceptDataLoss: boolean }, output: Output): Promise<number> {
  const started = performance.now()
  const model = await buildModel(config)
  return withDatabase(config, async (url) => {
    const result = await pushTo(url, url, model, options.acceptDataLoss)
    if (result.refused.length > 0) {
      for (const line of refusalLines(result.refused, '--accept-data-loss')) output.err(line)
      return 1
    }
    if (result.applied.length === 0) {
      output.out('the database matches the schema: nothing to push')
      return 0
    }
    output.out(`pushed ${result.applied.length} change${result.applied.length === 1 ? '' : 's'} (${Math.round(performance.now() - started)} ms):`)
    for (const line of result.applied) output.out(`  ${line}`)
    return 0
  })
}
