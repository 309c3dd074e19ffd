/** Reading request bodies: JSON and multipart (attachments). */
import type { IncomingMessage } from 'node:http';
import type { Json } from './constants.ts';
import type { RecordedFile } from './types.ts';

// ---------------------------------------------------------------------------
// Request body parsing
// ---------------------------------------------------------------------------

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class BadJson extends Error {}

export async function parseBody(raw: Buffer, contentType: string): Promise<{ body: Json; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('application/json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')), files: [] };
    } catch {
      throw new BadJson();
    }
  }
  if (contentType.startsWith('multipart/form-data')) {
    // Node's fetch Response already implements a multipart parser; no need for our own.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    let body: Json;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            body = JSON.parse(value);
          } catch {
            throw new BadJson();
          }
        }
        continue;
      }
      files.push({
        field,
        filename: value.name,
        contentType: value.type,
        size: value.size,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { body, files };
  }
  return { body: raw.toString('utf8'), files: [] };
}

export function compileRoute(template: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}
