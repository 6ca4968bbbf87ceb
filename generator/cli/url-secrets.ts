/**
 * Passwords in database URLs: masked wherever a URL is shown, and remembered so that nothing
 * the CLI prints can contain one, whatever the URL looks like (even malformed, with an
 * unencoded @ or / in the password).
 */

/** Percent-decoded, or as written when the encoding is broken. */
export function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The URL's user info (`user:password`) and the rest, split at the last @ (a password may hold an unencoded @). */
function splitUserInfo(url: string): { scheme: string; userInfo: string; rest: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@(.*)$/is.exec(url)
  return match ? { scheme: match[1]!, userInfo: match[2]!, rest: match[3]! } : undefined
}

function maskQueryPassword(url: string): string {
  return url.replace(/([?&]password=)[^&#]*/gi, '$1***')
}

/** The URL with its password replaced by ***, whether or not the URL is well formed. */
export function maskUrl(url: string): string {
  const parts = splitUserInfo(url)
  if (!parts || !parts.userInfo.includes(':')) return maskQueryPassword(url)
  const user = parts.userInfo.slice(0, parts.userInfo.indexOf(':'))
  return maskQueryPassword(`${parts.scheme}${user}:***@${parts.rest}`)
}

/** Every form the URL's password may take in a message (as written and percent-decoded). */
export function passwordsIn(url: string): string[] {
  const found: string[] = []
  const parts = splitUserInfo(url)
  if (parts && parts.userInfo.includes(':')) found.push(parts.userInfo.slice(parts.userInfo.indexOf(':') + 1))
  for (const match of url.matchAll(/[?&]password=([^&#]*)/gi)) found.push(match[1]!)
  try {
    const parsed = new URL(url)
    found.push(parsed.password)
  } catch {
    // Malformed: the split above is all there is.
  }
  return [...new Set(found.flatMap((password) => [password, decoded(password)]))].filter((password) => password.length > 0)
}

const known = new Set<string>()

/** Remembers the password(s) of `url`, so that `withoutPasswords` removes them from any text. */
export function rememberPasswordsOf(url: string | undefined): void {
  if (!url) return
  // Shorter ones would mangle any text they happen to occur in, and reveal next to nothing.
  for (const password of passwordsIn(url)) if (password.length >= 3) known.add(password)
}

/** `text` with every remembered password replaced by ***. */
export function withoutPasswords(text: string): string {
  let result = text
  // Longest first: a password that contains another is replaced whole.
  for (const password of [...known].sort((a, b) => b.length - a.length)) result = result.split(password).join('***')
  return result
}
