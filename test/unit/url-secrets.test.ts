/** Masking the password of database URLs, well formed or not, and removing it from printed text. */
import { describe, expect, it } from 'vitest'
import { targetOf } from '../../generator/cli/connection-failure.js'
import { rememberPasswordsOf, withoutPasswords } from '../../generator/cli/url-secrets.js'
import { passwordsIn, redactUrl } from '../../runtime/url-secrets.js'

describe('redactUrl', () => {
  it.each([
    ['postgres://app:s3cret@db.example:6432/shop', 'postgres://app:***@db.example:6432/shop'],
    // Unencoded @ and / in the password: everything up to the last @ is the password.
    ['postgres://app:p@ss/w#rd@db.example/shop', 'postgres://app:***@db.example/shop'],
    ['postgresql://app@db.example/shop', 'postgresql://app@db.example/shop'],
    ['postgres://app:12/S3cr3tPw@h/db', 'postgres://app:***@h/db'],
    // No scheme to anchor the user info to: where the password is cannot be told.
    ['postgres//app:S3cr3tPw@h/db', '(a malformed database URL, not shown: it may hold a password)'],
    ['postgres://app:S3cr3tPw', '(a malformed database URL, not shown: it may hold a password)'],
    ['postgres://db.example/shop?user=app&password=s3cret&sslmode=require', 'postgres://db.example/shop?...'],
  ])('%s -> %s', (url, masked) => {
    expect(redactUrl(url)).toBe(masked)
  })
})

describe('passwordsIn', () => {
  it('finds the password as written and decoded, in the user info and in the query', () => {
    expect(passwordsIn('postgres://app:p%40ss@db/shop').sort()).toEqual(['p%40ss', 'p@ss'])
    expect(passwordsIn('postgres://db/shop?password=q%2Fw')).toEqual(expect.arrayContaining(['q%2Fw', 'q/w']))
    expect(passwordsIn('postgres://app@db/shop')).toEqual([])
  })
})

describe('withoutPasswords', () => {
  it('removes every remembered password, the longest first', () => {
    rememberPasswordsOf('postgres://app:hunter2hunter2@db/shop')
    rememberPasswordsOf('postgres://app:hunter2@db/shop')
    expect(withoutPasswords('a hunter2hunter2 b hunter2 c')).toBe('a *** b *** c')
  })
})

describe('targetOf', () => {
  it('names host:port/database with the defaults PostgreSQL clients use', () => {
    expect(targetOf('postgres://app:x@db.example/shop')?.where).toBe('db.example:5432/shop')
    expect(targetOf('postgres://app@[::1]:6432')?.where).toBe('::1:6432/app')
    expect(targetOf('postgres:///shop?host=/var/run/postgresql')?.where).toBe('/var/run/postgresql:5432/shop')
    expect(targetOf('not a url')).toBeUndefined()
  })
})
