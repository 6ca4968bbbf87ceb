/**
 * Passwords in database URLs, for the runtime and the CLI alike: how a URL is shown
 * (`redactUrl`) and which strings of it are passwords (`passwordsIn`). One policy: the
 * password is masked whether or not the URL is well formed (a password may hold an
 * unencoded @, / or #, so everything between the scheme's user and the last @ counts as
 * the password), the query is never shown (it may hold `password=`, or be cut into by an
 * unencoded & in one), and a URL whose password's place cannot be told is not shown at all.
 */

/** Percent-decoded, or undefined when the encoding is malformed. */
export function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** The URL's user info (`user:password`) and the rest, split at the last @ (a password may hold an unencoded @). */
function splitUserInfo(url: string): { scheme: string; userInfo: string; rest: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@(.*)$/is.exec(url)
  return match ? { scheme: match[1]!, userInfo: match[2]!, rest: match[3]! } : undefined
}

/** Whether `url` is scheme://host... and parses (without user info: that is split above). */
function parses(url: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return false
  try {
    new URL(url)
    return true
  } catch {
    return false
  }
}

const notShown = '(a malformed database URL, not shown: it may hold a password)'

/** The URL with its password shown as `***` and its query as `?...`, safe to print. */
export function redactUrl(url: string): string {
  if (typeof url !== 'string') return notShown
  const parts = splitUserInfo(url)
  let shown: string
  if (parts) {
    // A ? before the last @: a password holding a ? or a query holding an @; which one
    // cannot be told, nor so what is password.
    if (parts.userInfo.includes('?')) return notShown
    const colon = parts.userInfo.indexOf(':')
    const user = colon === -1 ? parts.userInfo : parts.userInfo.slice(0, colon) + ':***'
    shown = `${parts.scheme}${user}@${parts.rest}`
  } else if (parses(url)) {
    shown = url
  } else {
    // Unparsable and no user info found: a password may still be in it (as a "port", or
    // after a misspelt scheme), and its place is unknown.
    return notShown
  }
  const query = shown.indexOf('?')
  return query === -1 ? shown : shown.slice(0, query) + '?...'
}

/** Every form the URL's password may take in a message (as written and percent-decoded). */
export function passwordsIn(url: string): string[] {
  const found: string[] = []
  const parts = splitUserInfo(url)
  if (parts && parts.userInfo.includes(':')) found.push(parts.userInfo.slice(parts.userInfo.indexOf(':') + 1))
  for (const match of url.matchAll(/[?&]password=([^&#]*)/gi)) found.push(match[1]!)
  try {
    found.push(new URL(url).password)
  } catch {
    // Malformed: the split above is all there is.
  }
  return [...new Set(found.flatMap((password) => [password, percentDecoded(password) ?? password]))].filter((password) => password.length > 0)
}
