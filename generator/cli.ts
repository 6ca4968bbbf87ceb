#!/usr/bin/env node
/**
 * The `dbridge` command. Exit codes: 0 success, 1 a user-facing failure (schema errors,
 * drift, a failed migration) with a message saying what to do, 2 bad usage.
 */
import { registerTypeScriptHooks } from './load/hooks.js'
import { relative } from 'node:path'
import yargs, { type Argv } from 'yargs'
import { hideBin } from 'yargs/helpers'
import { DbError } from '../runtime/errors.js'
import type { ResolvedConfig } from './config.js'
import { SchemaError, UsageError, UserError } from './diagnostics.js'
import { generate, type GenerateResult } from './generate.js'
import { toPosix } from './load/glob.js'
import { resolveConfig, type ConfigFlags } from './load/load.js'
import type { Output } from './migrate/commands.js'
import { rememberPasswordsOf, withoutPasswords } from './cli/url-secrets.js'

// Each command loads what only it needs (the migration commands load the database driver).
const migrate = () => import('./migrate/commands.js')

function display(path: string): string {
  return toPosix(relative(process.cwd(), path)) || '.'
}

function summary(config: ResolvedConfig, result: GenerateResult): string {
  const parts = [`${result.written.length} written`, `${result.unchanged.length} unchanged`]
  if (result.removed.length > 0) parts.push(`${result.removed.length} removed`)
  const queries = result.queries > 0 ? ` and ${result.queries} quer${result.queries === 1 ? 'y' : 'ies'}` : ''
  return `generated ${result.tables} table${result.tables === 1 ? '' : 's'}${queries} into ${display(config.out)}: ${parts.join(', ')} (${Math.round(result.ms)} ms)`
}

/** Everything reported goes through here: no database password is ever printed. */
function printError(text: string): void {
  process.stderr.write(withoutPasswords(text))
}

/** Prints a failure the way users should see it (no stack for their errors) and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof SchemaError || error instanceof UserError) {
    printError(`error: ${error.message}\n`)
    return 1
  }
  if (error instanceof UsageError) {
    printError(`usage error: ${error.message}\nRun dbridge --help for the commands and options.\n`)
    return 2
  }
  const name = (error as Error)?.constructor?.name
  if (error instanceof DbError || (name && /Error$/.test(name) && (error as { code?: unknown }).code !== undefined)) {
    // Errors from the database (SQL errors, a lost connection) are the user's to fix too.
    printError(`error: ${(error as Error).message}\n`)
    return 1
  }
  printError(`internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`)
  return 1
}

/** The database URLs given on the command line (--database-url) and in the environment. */
function rememberGivenPasswords(args: readonly string[]): void {
  rememberPasswordsOf(process.env.DATABASE_URL)
  args.forEach((arg, i) => {
    const flag = /^--database-?url(?:=(.*))?$/i.exec(arg)
    if (flag) rememberPasswordsOf(flag[1] ?? args[i + 1])
  })
}

function flagsOf(argv: Record<string, unknown>): ConfigFlags {
  return {
    config: argv.config as string | undefined,
    schema: argv.schema as string[] | undefined,
    queries: argv.queries as string[] | undefined,
    out: argv.out as string | undefined,
    migrations: argv.migrations as string | undefined,
    databaseUrl: argv.databaseUrl as string | undefined,
    emit: argv.emit as string | undefined,
  }
}

async function generateCommand(argv: Record<string, unknown>): Promise<number> {
  if (argv.watch && argv.check) throw new UsageError('--watch and --check cannot be combined')
  const config = await resolveConfig(flagsOf(argv))
  if (argv.check) {
    const result = await generate(config, { check: true })
    if (result.outdated.length > 0) {
      process.stderr.write(
        `${display(config.out)} is out of date; run dbridge generate. Stale files:\n` + result.outdated.map((f) => `  ${f}\n`).join(''),
      )
      return 1
    }
    process.stdout.write(`${display(config.out)} is up to date (${result.tables} tables, ${Math.round(result.ms)} ms)\n`)
    return 0
  }
  if (!argv.watch) {
    const result = await generate(config)
    process.stdout.write(summary(config, result) + '\n')
    return 0
  }
  const run = async () => generate(await resolveConfig(flagsOf(argv)))
  const print = (result: GenerateResult) => process.stdout.write(`[${new Date().toLocaleTimeString()}] ${summary(config, result)}\n`)
  const reportAndWatch = (error: unknown) => {
    reportError(error)
    process.stderr.write('watching for changes...\n')
  }
  await run().then(print, reportAndWatch)
  const { watchSchema } = await import('./dev/watch.js')
  const watcher = watchSchema(config, { run, onResult: print, onError: reportAndWatch })
  await watcher.ready
  process.stdout.write(`watching ${config.schema.join(', ')} for changes (Ctrl-C to stop)\n`)
  await new Promise<void>((resolve) => {
    const stop = () => void watcher.close().then(resolve)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return 0
}

function withConfigOptions<T>(y: Argv<T>) {
  return y
    .option('config', { type: 'string', describe: 'config file (default: dbridge.config.ts in the working directory)' })
    .option('schema', { type: 'string', array: true, describe: "glob(s) of schema files, overriding the config (and the config's queries, which belong to its schema)" })
    .option('queries', { type: 'string', array: true, describe: 'glob(s) of typed SQL files, overriding the config' })
    .option('out', { type: 'string', describe: 'output directory of the client, overriding the config' })
    .option('migrations', { type: 'string', describe: 'migrations directory, overriding the config' })
    .option('database-url', { type: 'string', describe: 'database URL, overriding DATABASE_URL and the config' })
}

const output: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
}

async function config(argv: Record<string, unknown>, overrides: Partial<ConfigFlags> = {}): Promise<ResolvedConfig> {
  const resolved = await resolveConfig({ ...flagsOf(argv), ...overrides })
  // The URL may come from the config file, which only now is read.
  rememberPasswordsOf(resolved.databaseUrl)
  return resolved
}

export async function main(args: string[]): Promise<number> {
  // Schema files are transpiled on this thread, which loads the TypeScript compiler anyway.
  registerTypeScriptHooks({ transpileHere: true })
  rememberGivenPasswords(args)
  let exitCode = 0
  let usageFailure: string | undefined
  const cli = withConfigOptions(yargs(args))
    .scriptName('dbridge')
    .usage('$0 <command> [options]')
    .command(
      'generate',
      'generate the typed client from the schema files (only changed files are written)',
      (y) =>
        y
          .option('watch', { type: 'boolean', describe: 'regenerate on every change of a schema file or a typed SQL file' })
          .option('check', { type: 'boolean', describe: 'write nothing; exit 1 listing out-of-date files (for CI)' })
          .option('emit', { type: 'string', choices: ['ts', 'js'], describe: "ts: <out>/*.ts; js: <out>/*.js with *.d.ts (cheaper to type-check); overrides the config's emit" }),
      async (argv) => {
        exitCode = await generateCommand(argv as Record<string, unknown>)
      },
    )
    .command('migrate', 'write and apply SQL migrations', (y) =>
      y
        .command(
          'diff',
          'write migrations/<timestamp>_<name>.sql taking the migrations to the schema files ("no changes" when they match)',
          (c) =>
            c
              .option('name', { type: 'string', demandOption: true, describe: 'name of the migration (lower case, digits, _)' })
              .option('rename', { type: 'string', array: true, describe: 'old=new (table) or table.old=table.new (column): a rename, not a drop and an add' })
              .option('no-rename', { type: 'boolean', describe: 'treat every possible rename as a drop and an add' }),
          async (argv) => {
            exitCode = await (await migrate()).diffCommand(
              await config(argv),
              {
                name: argv.name as string,
                rename: (argv.rename as string[] | undefined) ?? [],
                noRename: argv.noRename === true,
                interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
              },
              output,
            )
          },
        )
        .command(
          'up',
          'apply pending migrations in order',
          (c) =>
            c
              .option('to', { type: 'string', describe: 'stop after this migration id' })
              .option('dry-run', { type: 'boolean', describe: 'print the SQL that would run; change nothing' }),
          async (argv) => {
            exitCode = await (await migrate()).upCommand(await config(argv), { to: argv.to as string | undefined, dryRun: argv.dryRun === true }, output)
          },
        )
        .command(
          'down',
          'revert the last applied migrations',
          (c) => c.option('steps', { type: 'number', default: 1, describe: 'how many to revert' }),
          async (argv) => {
            exitCode = await (await migrate()).downCommand(await config(argv), argv.steps as number, output)
          },
        )
        .command('status', 'list applied, pending and changed migrations', {}, async (argv) => {
          exitCode = await (await migrate()).statusCommand(await config(argv), output)
        })
        .command('drift', 'compare the database with the migration files; exit 1 if they differ', {}, async (argv) => {
          exitCode = await (await migrate()).driftCommand(await config(argv), output)
        })
        .demandCommand(1, 'name a migrate command: diff, up, down, status or drift'),
    )
    .command(
      'push',
      'apply the schema files to the database directly, without a migration file (for prototyping)',
      (y) => y.option('accept-data-loss', { type: 'boolean', describe: 'apply changes that lose data (dropped tables and columns, narrowing types, removed enum values)' }),
      async (argv) => {
        const { pushCommand } = await import('./migrate/push.js')
        exitCode = await pushCommand(await config(argv), { acceptDataLoss: argv.acceptDataLoss === true }, output)
      },
    )
    .command(
      'dev',
      'keep the dev database running (embedded, or DATABASE_URL), print its URL, generate and push now and on every schema or .sql change',
      (y) => y.option('accept-data-loss', { type: 'boolean', describe: 'push changes that lose data too' }),
      async (argv) => {
        const { devCommand } = await import('./dev/dev-command.js')
        exitCode = await devCommand(
          await config(argv),
          { acceptDataLoss: argv.acceptDataLoss === true, reload: () => resolveConfig(flagsOf(argv as Record<string, unknown>)), report: (error) => void reportError(error) },
          output,
        )
      },
    )
    .command(
      'init',
      'start a project here: dbridge.config.ts, a starter schema file, .dbridge/ in .gitignore (never overwrites)',
      {},
      async () => {
        const { initProject } = await import('./dev/init.js')
        exitCode = initProject(process.cwd(), output)
      },
    )
    .command(
      'pull',
      'write .schema.ts files for an existing database',
      (y) => y.option('out', { type: 'string', demandOption: true, describe: 'directory for the schema files' }),
      async (argv) => {
        const [{ withDatabase }, { openSession }, { introspect }, { pullSchema }] = await Promise.all([
          import('./migrate/server.js'),
          import('./migrate/runner.js'),
          import('./migrate/introspect.js'),
          import('./migrate/pull.js'),
        ])
        const resolved = await config(argv, { out: undefined })
        const written = await withDatabase(resolved, async (url) => {
          const db = openSession(url)
          try {
            return await pullSchema(await introspect(db), argv.out as string)
          } finally {
            await db.close()
          }
        })
        output.out(`wrote ${written.length} schema file${written.length === 1 ? '' : 's'} into ${display(argv.out as string)}`)
      },
    )
    .demandCommand(1, 'name a command')
    .epilog(
      'All commands:\n' +
        '  dbridge init\n' +
        '  dbridge dev [--accept-data-loss]\n' +
        '  dbridge generate [--watch | --check] [--emit ts|js]\n' +
        '  dbridge push [--accept-data-loss]\n' +
        '  dbridge migrate diff --name <name> [--rename old=new] [--no-rename]\n' +
        '  dbridge migrate up [--to <id>] [--dry-run]\n' +
        '  dbridge migrate down [--steps <n>]\n' +
        '  dbridge migrate status\n' +
        '  dbridge migrate drift\n' +
        '  dbridge pull --out <dir>\n' +
        'Without a database URL (flag, DATABASE_URL or config), commands that need a database use an embedded PostgreSQL in .dbridge/.',
    )
    .parserConfiguration({ 'boolean-negation': false })
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error) throw error
      usageFailure = message
    })
  try {
    await cli.parseAsync()
  } catch (error) {
    return reportError(error)
  }
  if (usageFailure) return reportError(new UsageError(usageFailure))
  return exitCode
}

// A command whose work waits on something that can no longer happen would otherwise end
// the process with code 0 once nothing is left to run, as if it had succeeded.
let finished = false
process.once('beforeExit', () => {
  if (finished) return
  printError('internal error (please report it): the command stopped before it finished (it waited for something that never happened)\n')
  process.exit(1)
})

// Exit explicitly: open handles (a database pool still closing, a watcher) must not keep the process alive.
main(hideBin(process.argv)).then(
  (code) => {
    finished = true
    process.exit(code)
  },
  (error) => {
    finished = true
    process.exit(reportError(error))
  },
)
