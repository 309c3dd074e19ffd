/**
 * Bytes of a page to text. The charset comes from, in order: a byte-order mark, the
 * Content-Type header, the page's own `<meta charset>` / `http-equiv` (in its first
 * 4 KB, as browsers look), else UTF-8. One correction browsers do not make: a page
 * labelled as a single-byte charset (ISO-8859-1, windows-1252) whose bytes are valid UTF-8
 * with multi-byte characters is UTF-8 mislabelled, which is common, and is read as UTF-8
 * (the other way round, every ’ would turn into "â€™").
 */

const SINGLE_BYTE = new Set(['iso-8859-1', 'latin1', 'l1', 'ascii', 'us-ascii', 'windows-1252', 'cp1252', 'x-cp1252', 'iso8859-1', 'iso_8859-1']);

function fromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** The charset a page declares in its head. */
export function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return direct?.[1]?.toLowerCase();
}

function isUtf8WithMultibyte(bytes: Uint8Array): boolean {
  if (!bytes.some((b) => b >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined; // an unknown label: fall through to the next source
  }
}

/**
 * windows-1252's characters for bytes 0x80-0x9F. Node 20's TextDecoder decodes
 * "windows-1252" (and "iso-8859-1", its WHATWG alias) as Latin-1, leaving C1 control
 * characters where the page has ’ “ ” – — €; they are mapped here.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function fixCp1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

export interface DecodedPage {
  text: string;
  /** The charset used, for messages. */
  charset: string;
}

export function decodePage(bytes: Uint8Array, headerCharset?: string): DecodedPage {
  const bom = fromBom(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), charset: bom };
  for (const label of [headerCharset, metaCharset(bytes)]) {
    const decoder = decoderFor(label);
    if (!decoder) continue;
    if (SINGLE_BYTE.has(label!) && isUtf8WithMultibyte(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8' };
    const text = decoder.decode(bytes);
    return { text: decoder.encoding === 'windows-1252' ? fixCp1252(text) : text, charset: decoder.encoding };
  }
  return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8' };
}
