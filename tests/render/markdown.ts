/**
 * Test helpers: read Discord markdown back to plain text, and check a payload against
 * every Discord limit independently of the code under test.
 */
import { expect } from 'vitest';
import type { MessageData } from '../../src/render/limits.ts';

/** The text a member sees: escapes resolved, bold markers removed. Throws on a dangling escape. */
export function plain(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const ch = markdown[i]!;
    if (ch === '\\') {
      if (i + 1 >= markdown.length) throw new Error(`dangling backslash at the end of ${JSON.stringify(markdown.slice(-20))}`);
      out += markdown[++i];
    } else if (ch === '*' && markdown[i + 1] === '*') {
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

/** The bold runs of a markdown string, as plain text. */
export function boldRuns(markdown: string): string[] {
  const runs: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < markdown.length; i++) {
    const ch = markdown[i]!;
    if (ch === '\\') {
      const next = markdown[++i]!;
      if (current !== undefined) current += next;
    } else if (ch === '*' && markdown[i + 1] === '*') {
      i++;
      if (current === undefined) current = '';
      else {
        runs.push(current);
        current = undefined;
      }
    } else if (current !== undefined) current += ch;
  }
  if (current !== undefined) throw new Error('unclosed bold');
  return runs;
}

/** Unescaped markdown outside escapes: an odd number of trailing backslashes or a lone surrogate. */
function wellFormed(text: string): void {
  expect(/(^|[^\\])(\\\\)*\\$/.test(text), `dangling backslash in ${JSON.stringify(text.slice(-30))}`).toBe(false);
  expect(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(text), 'lone surrogate').toBe(false);
  expect((text.replace(/\\./g, '').match(/\*\*/g) ?? []).length % 2, `unbalanced bold in ${JSON.stringify(text.slice(0, 60))}`).toBe(0);
}

/** Asserts every Discord limit on a message payload (numbers written out here on purpose). */
export function expectWithinLimits(message: MessageData): void {
  if (message.content !== undefined) {
    expect(message.content.length).toBeLessThanOrEqual(2000);
    wellFormed(message.content);
  }
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    if (e.title) wellFormed(e.title);
    if (e.description) wellFormed(e.description);
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    total += (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const b of row.components) {
      if (b.custom_id !== undefined) {
        expect(b.custom_id.length).toBeGreaterThanOrEqual(1);
        expect(b.custom_id.length).toBeLessThanOrEqual(100);
      }
      expect(b.label?.length ?? 0).toBeLessThanOrEqual(80);
    }
  }
}
