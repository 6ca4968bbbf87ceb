#!/usr/bin/env node
// The `dbridge` command. The generator and its tools (TypeScript, prettier, ts-morph,
// chokidar, yargs, the PostgreSQL binaries) live in the dbridge-cli package, so that an
// application's production install of dbridge carries only the runtime. This launcher
// finds that package, checks it is the same version, and hands the command line to it.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const cliPackage = 'dbridge-cli'
const ownVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version

/**
 * dbridge-cli's entry point and manifest: next to this package (npm hoists both into the
 * project's node_modules), else among the project's own dependencies (installers that do
 * not hoist, e.g. pnpm).
 */
function findCli() {
  const from = [import.meta.url, pathToFileURL(join(process.cwd(), 'package.json')).href]
  for (const base of from) {
    const require = createRequire(base)
    try {
      return { entry: require.resolve(cliPackage), manifest: require.resolve(`${cliPackage}/package.json`) }
    } catch {
      // not reachable from there
    }
  }
  return undefined
}

function fail(message) {
  process.stderr.write(`dbridge: ${message}\n`)
  process.exit(1)
}

const cli = findCli()
if (!cli) {
  fail(
    `the command-line tools are in the ${cliPackage} package, which is not installed here. ` +
      `Install it as a development dependency, at dbridge's version: npm install --save-dev ${cliPackage}@${ownVersion}`,
  )
} else {
  const cliVersion = JSON.parse(readFileSync(cli.manifest, 'utf8')).version
  if (cliVersion !== ownVersion) {
    // The generated client must match the runtime that runs it.
    fail(`dbridge is ${ownVersion} but ${cliPackage} is ${cliVersion}; install the same version of both: npm install --save-dev ${cliPackage}@${ownVersion}`)
  } else {
    await import(pathToFileURL(cli.entry).href)
  }
}
