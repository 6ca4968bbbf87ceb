/** Reading the server's last FATAL message out of the bytes received last (runtime/socket.ts). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readFatal } from '../../runtime/socket.js'

/** A backend message: type byte, length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5)
  header.write(type, 0, 'latin1')
  header.writeUInt32BE(body.length + 4, 1)
  return Buffer.concat([header, body])
}

function errorResponse(fields: Record<string, string>): Buffer {
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(k + v + '\0', 'utf8'))
  return message('E', Buffer.concat([...parts, Buffer.from([0])]))
}

const fatal = errorResponse({ S: 'FATAL', V: 'FATAL', C: '57P01', M: 'terminating connection due to administrator command' })

describe('readFatal', () => {
  it('reads a FATAL message received on its own', () => {
    expect(readFatal(fatal)).toEqual({ code: '57P01', message: 'terminating connection due to administrator command' })
  })

  it('reads it after output the backend had not flushed yet, and with a translated severity', () => {
    const before = Buffer.concat([message('1', Buffer.alloc(0)), message('t', Buffer.from([0, 0])), message('2', Buffer.alloc(0))])
    const translated = errorResponse({ S: 'SCHWERWIEGEND', V: 'FATAL', C: '25P03', M: 'Verbindung beendet' })
    expect(readFatal(Buffer.concat([before, translated]))).toEqual({ code: '25P03', message: 'Verbindung beendet' })
  })

  it('ignores an ERROR, a FATAL that is not last, and row data that looks like one', () => {
    expect(readFatal(errorResponse({ S: 'ERROR', V: 'ERROR', C: '23505', M: 'duplicate key' }))).toBeUndefined()
    expect(readFatal(Buffer.concat([fatal, message('Z', Buffer.from('I'))]))).toBeUndefined()
    const row = message('D', Buffer.concat([Buffer.from([0, 1, 0, 0, 0, 14]), Buffer.from('EVFATAL\0C57P01', 'latin1')]))
    expect(readFatal(row)).toBeUndefined()
  })

  it('never throws and finds nothing in random bytes that do not end with a FATAL message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const found = readFatal(Buffer.from(bytes))
        if (found) expect(Buffer.from(bytes).includes(Buffer.from('VFATAL\0'))).toBe(true)
      }),
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(readFatal(Buffer.concat([Buffer.from(bytes), fatal]))?.code).toBe('57P01')
      }),
    )
  })
})
