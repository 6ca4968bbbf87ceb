/**
 * `dbridge/testing`: a database of its own for each test (file), holding the current
 * schema. The work (reading migrations, the template, the embedded server) is the CLI
 * package's, a development dependency like the tests themselves; this module loads it when
 * first called, so that the runtime installs without it.
 */

export interface TestDatabase {
  /** The database's name (`dbridge_test_...`). */
  readonly name: string
  /** Its URL, for `createDb({ url })`. */
  readonly url: string
  /** The template it was cloned from (`dbridge_template_<hash of the schema>`), kept for the next calls and runs. */
  readonly template: string
  /** Drops it (and ends the connections still open to it). */
  drop(): Promise<void>
}

export interface TestDatabaseOptions {
  /** The server to create it on (default: DATABASE_URL, else an embedded server in `<root>/.dbridge/`). */
  url?: string
  /** Where `migrations` and `schemaSql` are (default: the working directory). */
  root?: string
  /** The migrations directory (default `migrations`); when it holds migration files, they make the schema. */
  migrations?: string
  /** The generated DDL, used when there are no migration files (default `generated/schema.sql`). */
  schemaSql?: string
}

/**
 * A new database holding the current schema (the migrations when there are any, else the
 * generated schema.sql), cloned from a template built once per schema. Uniquely named:
 * test files may run in parallel.
 *
 * @example const t = await testDatabase(); const db = createDb({ url: t.url }); ...; await t.drop()
 */
export async function testDatabase(options?: TestDatabaseOptions): Promise<TestDatabase> {
  let module: { testDatabase(options?: TestDatabaseOptions): Promise<TestDatabase> }
  try {
    // Named through a variable: the CLI package is not a dependency of this one, only found at run time.
    const cli = 'dbridge-cli/testing'
    module = (await import(cli)) as typeof module
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error
    throw new Error('dbridge/testing needs dbridge-cli (npm install --save-dev dbridge-cli)', { cause: error })
  }
  return module.testDatabase(options)
}
