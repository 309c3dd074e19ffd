import type { Client } from 'discord.js';
import type { KnowledgeSource, ReloadReason } from '../load/live.ts';
import type { OtherShards } from '../render/moderation.ts';

/**
 * `/reload` under `npm run start:sharded`: every shard is a process of its own with its
 * own copy of the knowledge, so the shard that received the command asks the others to
 * reload as well. discord.js's `broadcastEval` runs a function in each shard's process
 * with that shard's client; the function cannot carry references along, so it finds the
 * reload under a fixed key on the client.
 */

/** Lets other shards' `/reload` reach this shard's knowledge. */
export function exposeReload(client: Client, knowledge: KnowledgeSource): void {
  const reload = knowledge.reload?.bind(knowledge);
  if (!reload) return;
  Object.defineProperty(client, 'factdeskReload', {
    value: async (reason: ReloadReason): Promise<string> => (await reload(reason)).status,
    enumerable: false,
  });
}

/** Asks every other shard to reload; undefined when the bot runs unsharded (or on one shard). */
export async function reloadOtherShards(client: Client, reason: ReloadReason): Promise<OtherShards | undefined> {
  const util = client.shard;
  if (!util || util.count <= 1) return undefined;
  try {
    // Runs in each shard's process, from its source text: nothing outside it is in scope.
    const statuses = await util.broadcastEval(
      async (shardClient, { from, reason: why }) => {
        if (shardClient.shard?.ids.includes(from)) return 'self';
        const reload = (shardClient as unknown as { factdeskReload?: (r: unknown) => Promise<string> }).factdeskReload;
        return reload ? reload(why) : 'unavailable';
      },
      { context: { from: util.ids[0]!, reason } },
    );
    const others = statuses.filter((s) => s !== 'self');
    return {
      reloaded: others.filter((s) => s === 'reloaded').length,
      failed: others.filter((s) => s === 'failed').length,
      unreachable: others.some((s) => s !== 'reloaded' && s !== 'failed'),
    };
  } catch {
    // A shard that is restarting, or a reply that timed out.
    return { reloaded: 0, failed: 0, unreachable: true };
  }
}
