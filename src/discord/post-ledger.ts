/**
 * Which "Post in channel" buttons have posted, or are posting right now, so each button
 * posts once however often it is pressed (a double click, a press while the channel is
 * rate limited). Keyed by the button's own message and custom id. In memory: the bot
 * removes the button from the member's message once posted, so what a restart forgets is
 * only a press in flight at that moment.
 */

/** How long a posted button is remembered: interaction tokens (and so the private message's buttons) last 15 minutes. */
const REMEMBER_MS = 15 * 60 * 1000;
/** Entries kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

export type PostState = { state: 'posting' } | { state: 'posted'; link: string };

interface Entry {
  at: number;
  value: PostState;
}

export class PostLedger {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** What the button already did, or undefined when it is free to post (and now claimed for it). Synchronous, so two presses cannot both claim. */
  claim(key: string): PostState | undefined {
    const existing = this.entries.get(key);
    if (existing && this.now() - existing.at < REMEMBER_MS) return existing.value;
    this.set(key, { state: 'posting' });
    return undefined;
  }

  posted(key: string, link: string): void {
    this.set(key, { state: 'posted', link });
  }

  /** The post did not go out: the button may be pressed again. */
  release(key: string): void {
    this.entries.delete(key);
  }

  private set(key: string, value: PostState): void {
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), value });
    // Map order is insertion order: the first entries are the oldest.
    for (const [old] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(old);
    }
  }
}
