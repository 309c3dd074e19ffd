import type { ReloadResult } from '../load/live.ts';
import type { MessageData } from './limits.ts';

/**
 * `/status` as a Discord message: one embed of short fields. Every value is a number, a
 * date or a word the bot chose, so nothing a member typed can reach it; `fitMessage`
 * (through the respond helper) still holds it to Discord's limits.
 */

export interface LastReload {
  outcome: ReloadResult['status'];
  at: string;
}

/** What one process tells `/status`: a plain object, since it crosses the shard IPC. */
export interface StatusFacts {
  shards: number[];
  pingMs: number;
  connected: boolean;
  articles: number;
  sentences: number;
  uptimeSeconds: number;
  lastReload?: LastReload;
  /** Questions answered and abstained on in the last 24 hours. */
  lastDay: { answered: number; abstained: number };
  /** Where 👍/👎 and /gaps keep their data, or that they are off, and anything to know about it. */
  feedback: string;
}

export interface StatusView {
  version: string;
  /** This process (the shard that got the command). */
  here: StatusFacts;
  /** Every shard of the bot, when it runs under the shard manager: the totals shown come from them. */
  shards?: { count: number; answering: number; lastDay: StatusFacts['lastDay']; unreachable: boolean };
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${s} s`;
}

export function renderStatus(view: StatusView): MessageData {
  const { here } = view;
  const reload = here.lastReload
    ? `${here.lastReload.outcome === 'reloaded' ? 'reloaded' : 'failed (kept the last good version)'} <t:${Math.floor(Date.parse(here.lastReload.at) / 1000)}:R>`
    : 'none since start';
  const day = view.shards?.lastDay ?? here.lastDay;
  const shardLine = view.shards
    ? `${here.shards.join(', ')} of ${view.shards.count} (${view.shards.answering} answering${view.shards.unreachable ? ', some not reachable' : ''})`
    : here.shards.join(', ') || '0';
  return {
    embeds: [
      {
        title: 'factdesk status',
        fields: [
          { name: 'Version', value: view.version, inline: true },
          { name: 'Uptime', value: formatDuration(here.uptimeSeconds), inline: true },
          { name: 'Shard', value: shardLine, inline: true },
          { name: 'Gateway', value: here.connected ? `connected, ping ${here.pingMs >= 0 ? `${here.pingMs} ms` : 'not measured yet'}` : 'not connected', inline: true },
          { name: 'Knowledge', value: `${here.articles} article${here.articles === 1 ? '' : 's'}, ${here.sentences} sentences`, inline: true },
          { name: 'Last reload', value: reload, inline: true },
          { name: 'Feedback', value: here.feedback },
          {
            name: view.shards ? 'Last 24 hours (every shard, since each started)' : 'Last 24 hours (since start)',
            value: `${day.answered} question${day.answered === 1 ? '' : 's'} answered, ${day.abstained} not covered by the sources`,
          },
        ],
      },
    ],
  };
}
