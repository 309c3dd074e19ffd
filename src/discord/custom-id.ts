import { LIMITS } from '../render/limits.ts';

/**
 * Button state lives in the component's custom id, so a button keeps working after a
 * restart and no state is held in memory. Every id is `<prefix>:<version>:<payload>`:
 * the prefix picks the component handler, the version lets a handler change its format
 * and still read (or politely refuse) ids on old messages, and the payload is the
 * handler's own. Ids come back from Discord as untrusted input: parsing never throws.
 */

export interface CustomId {
  prefix: string;
  version: number;
  /** Everything after `<prefix>:<version>:` (may itself contain colons). */
  payload: string;
}

const PREFIX = /^[a-z][a-z0-9-]{0,15}$/;
const PARSE = /^([a-z][a-z0-9-]{0,15}):(\d{1,3}):([\x21-\x7e]*)$/;

export class CustomIdError extends Error {
  override name = 'CustomIdError';
}

/** Builds a custom id; throws when the prefix is malformed or the id would not fit in 100 characters. */
export function encodeCustomId(prefix: string, version: number, payload: string): string {
  if (!PREFIX.test(prefix)) throw new CustomIdError(`invalid custom id prefix ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(version) || version < 0 || version > 999) throw new CustomIdError(`invalid custom id version ${version}`);
  const id = `${prefix}:${version}:${payload}`;
  if (!/^[\x21-\x7e]*$/.test(payload)) throw new CustomIdError('custom id payload must be printable ASCII without spaces');
  if (id.length > LIMITS.component.customId) throw new CustomIdError(`custom id longer than ${LIMITS.component.customId} characters`);
  return id;
}

/** Reads a custom id; `undefined` for anything that is not one of ours. */
export function parseCustomId(raw: unknown): CustomId | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > LIMITS.component.customId) return undefined;
  const m = PARSE.exec(raw);
  if (!m) return undefined;
  return { prefix: m[1]!, version: Number(m[2]), payload: m[3]! };
}

/** A short, stable checksum of a text (FNV-1a, 32 bits, base 36): ties a button to the message it sits on. */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
