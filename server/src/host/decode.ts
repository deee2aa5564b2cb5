// Bytes -> text the way the editor reads a file (UTF-8, or UTF-16 by its byte order mark; BOM dropped), shared by
// the CLI and the language server's workspace index so both see the same text for every file.

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: 'not-utf8'; message: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LOSSY = new TextDecoder('utf-8');

/**
 * Binary content (a NUL byte) is decoded lossily and left to the engine, which declines it with its own
 * diagnostic; other invalid UTF-8 is refused with the offset of the first bad byte, since guessing an encoding
 * would shift every range.
 */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  // A UTF-16 byte order mark says the encoding (Windows editors write these); VS Code honours it too.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes) };
  if (bytes.includes(0)) return { ok: true, text: UTF8_LOSSY.decode(bytes) };
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8Byte(bytes);
    return { ok: false, reason: 'not-utf8', message: `File is not valid UTF-8 text (invalid byte at offset ${at}); it was skipped. Save it as UTF-8.` };
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629 well-formedness, as TextDecoder). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Sequence length and the allowed range of the second byte (excludes overlongs, surrogates, > U+10FFFF).
    let len = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) [len, lo, hi] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [len, lo, hi] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += len;
  }
  return bytes.length;
}
