/**
 * The members of a database object (and of every object) that a table's export name must
 * not shadow. The generator refuses such table names; a test checks this list against the
 * database object itself, so a new member cannot be forgotten here.
 */
export const databaseMembers: ReadonlySet<string> = new Set([
  // the public API
  'sql', 'transaction', 'close', 'batch', 'metrics', 'metricsText', 'scoped', 'queries',
  // its implementation
  'client', 'on', 'core', 'executor', 'tables', 'tx', 'frame', 'clients', 'queriesOf', 'boundQueries', 'sqlQueries',
  // a thenable would be awaited; every object has these
  'then', 'catch', 'finally', 'constructor', 'prototype', '__proto__', 'toString', 'valueOf', 'hasOwnProperty',
])
