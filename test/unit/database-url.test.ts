/**
 * Database URLs (runtime/options.ts) without a database: what is accepted, what each
 * malformed shape is told, and (property-tested) that no message, stack or inspection of
 * the error ever shows the password, whatever it holds and wherever it lands.
 */
import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigError, DbError, createDb, redactUrl } from '../../runtime/index.js'
import { resolveOptions } from '../../runtime/options.js'

/** Every text an error can show: message, stack, inspection (with hidden fields) and JSON, down its cause chain. */
function errorTexts(error: unknown): string[] {
  const texts: string[] = []
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    texts.push(String(e), inspect(e, { showHidden: true, depth: 10 }), JSON.stringify(e) ?? '')
    if (e instanceof Error) texts.push(e.message, e.stack ?? '')
  }
  return texts
}

/** createDb's error for `url`, or undefined when it accepts the URL. */
function failure(url: unknown): DbError | undefined {
  try {
    resolveOptions({ url } as never)
    return undefined
  } catch (error) {
    if (!(error instanceof DbError)) throw error
    return error
  }
}

describe('database URLs', () => {
  it('accepts postgres:// and postgresql:// URLs, with percent-encoded passwords decoded for the driver', () => {
    const resolved = resolveOptions({ url: 'postgresql://app:p%40ss%2Fw%23rd@db.example.com:6543/shop?sslmode=require' })
    expect(resolved.driver).toMatchObject({ host: 'db.example.com', port: 6543, database: 'shop', username: 'app', password: 'p@ss/w#rd', ssl: 'require' })
    expect(resolveOptions({ url: 'POSTGRES://app@localhost/db' }).driver).toMatchObject({ host: 'localhost', username: 'app', database: 'db' })
    expect(resolveOptions({ url: 'postgres:///db?host=/var/run/postgresql' }).driver).toMatchObject({ host: '/var/run/postgresql', database: 'db' })
  })

  const refused: [string, string][] = [
    ['DATABASE_URL=postgres://app:S3cr3tPw@h/db', 'url holds an assignment (NAME=...); give only the URL, postgres://...'],
    ['"postgres://app:S3cr3tPw@h/db"', 'url is quoted; remove the quotes around it'],
    ["'postgres://app:S3cr3tPw@h/db'", 'url is quoted; remove the quotes around it'],
    [' postgres://app:S3cr3tPw@h/db', 'url starts with a blank (space, tab or newline); remove it'],
    ['postgres://app:S3cr3tPw@h/db\n', 'url ends with a blank (space, tab or newline); remove it'],
    ['postgres//app:S3cr3tPw@h/db', "url must start with postgres:// (the ':' before '//' is missing)"],
    ['postgres:app:S3cr3tPw@127.0.0.1/db', "url must start with postgres:// (the '//' after 'postgres:' is missing)"],
    ['postgres:/app:S3cr3tPw@127.0.0.1/db', "url must start with postgres:// (the '//' after 'postgres:' is missing)"],
    ['mysql://app:S3cr3tPw@h/db', 'url must start with postgres:// or postgresql://'],
    ['app:S3cr3tPw@h/db', 'url must start with postgres:// or postgresql://'],
    ['   ', 'url is blank; give postgres://user:password@host:5432/database'],
  ]
  for (const [url, message] of refused) {
    it(`refuses ${JSON.stringify(url)} and says why, without the URL`, () => {
      const error = failure(url)
      expect(error).toBeInstanceOf(ConfigError)
      expect(error!.message).toBe(message)
      for (const text of errorTexts(error)) expect(text).not.toContain('S3cr3t')
    })
  }

  it('refuses a password whose unencoded / ? or # puts its rest after the host (it would be sent as the database name)', () => {
    for (const url of ['postgres://app:12/S3cr3tPw@h/db', 'postgres://app:12?S3cr3tPw@h/db', 'postgres://app:12#S3cr3tPw@h/db']) {
      const error = failure(url)
      expect(error, url).toBeInstanceOf(ConfigError)
      expect(error!.message).toMatch(/^url has an '@' after its host: percent-encode special characters/)
      for (const text of errorTexts(error)) expect(text).not.toContain('S3cr3t')
    }
  })

  it('shows a well-formed URL with its password masked when something else is wrong with it', () => {
    expect(failure('postgres:///db')!.message).toBe('url postgres:///db has no host: give postgres://user:password@host:5432/database')
    expect(failure('postgres://app:S3cr3tPw@/db')!.message).toMatch(/^url is malformed: expected postgres:\/\/user:password@host:port\/database/)
    expect(failure('postgres://app:S3cr3tPw@h:0/db')!.message).toBe('url postgres://app:***@h:0/db has port 0; give a port from 1 to 65535')
    expect(failure('postgres://app:S3cr3t%zz@h/db')!.message).toBe('url postgres://app:***@h/db has a malformed percent-encoding in its password (write % as %25)')
    expect(failure('postgres://app:S3cr3tPw@h/a/b')!.message).toMatch(/^url has a '\/' in its database name/)
  })

  it('names where the URL came from: DATABASE_URL or a replica', () => {
    const saved = process.env.DATABASE_URL
    process.env.DATABASE_URL = '"postgres://app:S3cr3tPw@h/db"'
    try {
      expect(() => resolveOptions({})).toThrow(/^DATABASE_URL is quoted/)
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = saved
    }
    expect(() => resolveOptions({ url: 'postgres://h/db', replicas: ['postgres//app:S3cr3tPw@r/db'] })).toThrow(/^replicas\[0\] must start with postgres:\/\//)
    expect(() => resolveOptions({ url: 42 as never })).toThrow(/^url must be a string, got a number$/)
  })

  it('redactUrl masks the password of a sound URL and of a malformed one', () => {
    expect(redactUrl('postgres://app:S3cr3tPw@h:5433/db?sslmode=require&password=S3cr3tPw')).toBe('postgres://app:***@h:5433/db?...')
    expect(redactUrl('postgres://h/db')).toBe('postgres://h/db')
    expect(redactUrl('postgres://app:12/S3cr3tPw@h/db')).toBe('postgres://app:***@h/db')
    expect(redactUrl('postgres//app:S3cr3tPw@h/db')).not.toContain('S3cr3t')
  })

  it('createDb itself throws the ConfigError (exported from dbridge)', () => {
    expect(() => createDb({ url: 'postgres//app:S3cr3tPw@h/db' })).toThrow(ConfigError)
  })
})

describe('no password in any error, for any password in any URL shape (property)', () => {
  // Every piece a password can be cut into by a URL delimiter starts with this mark (the
  // password starts with it, and so does what follows each delimiter in it), so a piece
  // that leaks anywhere shows the mark.
  const mark = 'Ψ'
  const delimiters = ['/', '@', '#', '?', ':', '%', ' ', '"', "'", '\\', '=', '&', '%2F', '%40', '%zz', '%%', '\t', '\n']
  const segment = fc.string({ unit: 'binary', maxLength: 8 })
  const password = fc
    .array(fc.tuple(segment, fc.constantFrom(...delimiters)), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.map(([text, delimiter], i) => (i === parts.length - 1 ? mark + text : mark + text + delimiter)).join(''))
  const encoded = fc.boolean()
  const host = fc.constantFrom('localhost', '127.0.0.1', 'db.example.com', '[::1]', '')
  const hostless = (u: string, p: string) => `postgres://${u}:${p}`
  const shapes: ((user: string, pw: string, host: string) => string)[] = [
    (u, p, h) => `postgres://${u}:${p}@${h}/db`,
    (u, p, h) => `postgresql://${u}:${p}@${h}:5432/db?sslmode=require`,
    (u, p, h) => `DATABASE_URL=postgres://${u}:${p}@${h}/db`,
    (u, p, h) => `"postgres://${u}:${p}@${h}/db"`,
    (u, p, h) => ` postgres://${u}:${p}@${h}/db`,
    (u, p, h) => `postgres://${u}:${p}@${h}/db `,
    (u, p, h) => `postgres//${u}:${p}@${h}/db`,
    (u, p, h) => `postgres:${u}:${p}@${h}/db`,
    (u, p, h) => `postgres:/${u}:${p}@${h}/db`,
    (u, p, h) => `mysql://${u}:${p}@${h}/db`,
    (u, p, h) => `${u}:${p}@${h}/db`,
    hostless,
    (u, p, h) => `postgres://${u}:${p}@${h}:99999/db`,
    (u, p, h) => `postgres://${u}:${p}@${h}:0/db`,
    (u, p, h) => `postgres://${u}:${p}@${h}/a/b`,
    (u, p, h) => `postgres://${u}@${h}/db?password=${p}`,
    (u, p, h) => `postgres://${u}:${p}@${h}/db#frag`,
  ]
  const leaks = (text: string, pw: string) =>
    [pw, encodeURIComponent(pw), mark, encodeURIComponent(mark), encodeURIComponent(mark).toLowerCase()].some((needle) => text.includes(needle))

  it('holds for createDb errors and redactUrl', () => {
    fc.assert(
      fc.property(password, encoded, host, fc.constantFrom(...shapes.keys()), (pw, encode, hostName, shape) => {
        // Without a host, the part of an unencoded password after an '@' is the host by the
        // URL's own syntax: such a URL is well formed, and nothing can tell it apart.
        fc.pre(!(shapes[shape] === hostless && !encode && pw.includes('@')))
        const url = shapes[shape]!('app', encode ? encodeURIComponent(pw) : pw, hostName)
        expect(leaks(redactUrl(url), pw)).toBe(false)
        const error = failure(url)
        if (error) {
          expect(error).toBeInstanceOf(ConfigError)
          for (const text of errorTexts(error)) expect(leaks(text, pw), text).toBe(false)
          return
        }
        // Accepted: the password reaches the driver as the password, never as a host or database name.
        const { driver } = resolveOptions({ url })
        for (const field of [driver.host, driver.database, driver.username]) expect(String(field)).not.toContain(mark)
      }),
      { numRuns: 2000 },
    )
  })
})
