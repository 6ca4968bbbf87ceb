/** Reads and writes of the generated client, straight to the server. */
import { crudSuite } from './crud.suite.js'

crudSuite({ url: (databaseUrl) => databaseUrl })
