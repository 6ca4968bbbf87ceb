/** Table extras of the schema DSL: composite keys, indexes (on columns or expressions), checks and foreign keys. */
import type { SqlFragment } from '../runtime/sql.js'
import type { AnyColumn, ReferenceOptions } from './columns.js'

export class PrimaryKeyExtra {
  readonly kind = 'primaryKey'
  constructor(
    readonly columns: readonly AnyColumn[],
    readonly constraintName?: string,
  ) {}
  /** The constraint's SQL name (default: `<table>_pkey`). */
  name(name: string): PrimaryKeyExtra {
    return new PrimaryKeyExtra(this.columns, name)
  }
}

export class UniqueExtra {
  readonly kind = 'unique'
  constructor(
    readonly columns: readonly AnyColumn[],
    readonly constraintName?: string,
  ) {}
  /** The constraint's SQL name (default: `<table>_<columns>_key`). */
  name(name: string): UniqueExtra {
    return new UniqueExtra(this.columns, name)
  }
}

export interface CheckExtra {
  readonly kind: 'check'
  readonly name: string
  readonly condition: SqlFragment
}

export type IndexMethod = 'btree' | 'hash' | 'gin' | 'gist' | 'brin'

export class IndexExtra {
  readonly kind = 'index'
  constructor(
    /** Columns, or expressions (`sql\`lower(email)\``): an expression index. */
    readonly columns: readonly (AnyColumn | SqlFragment)[],
    readonly options: {
      readonly unique?: boolean
      readonly desc?: boolean
      readonly where?: SqlFragment
      readonly name?: string
      readonly using?: IndexMethod
    } = {},
  ) {}

  unique(): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, unique: true })
  }
  /** Sorts every column of the index in descending order. */
  desc(): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, desc: true })
  }
  /** A partial index: `index(e.printedOn).where(sql\`number > 1\`)`. */
  where(condition: SqlFragment): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, where: condition })
  }
  name(name: string): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, name })
  }
  /** The index method, e.g. `gin` for array containment filters. */
  using(method: IndexMethod): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, using: method })
  }
}

/** A foreign key over several columns (`foreignKey([a, b], () => [other.a, other.b])`). */
export interface ForeignKeyExtra {
  readonly kind: 'foreignKey'
  readonly columns: readonly AnyColumn[]
  readonly references: () => readonly AnyColumn[]
  readonly options: ReferenceOptions
}

export type TableExtra = PrimaryKeyExtra | UniqueExtra | CheckExtra | IndexExtra | ForeignKeyExtra

/** A (composite) primary key: `primaryKey(e.bookId, e.number)`. */
export function primaryKey(...columns: AnyColumn[]): PrimaryKeyExtra {
  return new PrimaryKeyExtra(columns)
}

/** A (multi-column) unique constraint: `unique(e.bookId, e.printedOn)`. */
export function unique(...columns: AnyColumn[]): UniqueExtra {
  return new UniqueExtra(columns)
}

/**
 * An index on columns, or on expressions: `index(sql\`to_tsvector('english', title)\`).using('gin')`
 * is the index a full-text `search` with the 'english' configuration uses.
 */
export function index(...columns: (AnyColumn | SqlFragment)[]): IndexExtra {
  return new IndexExtra(columns)
}

/**
 * A composite foreign key: `foreignKey([i.bookId, i.edition], () => [editions.bookId, editions.number])`.
 * The relation's name defaults to the singular of the referenced table's export name.
 */
export function foreignKey(columns: readonly AnyColumn[], references: () => readonly AnyColumn[], options: ReferenceOptions = {}): ForeignKeyExtra {
  return { kind: 'foreignKey', columns, references, options }
}

export function check(name: string, condition: SqlFragment): CheckExtra {
  return { kind: 'check', name, condition }
}
