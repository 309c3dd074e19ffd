import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';

export interface ClientSetup {
  /** REST base (DISCORD_API_URL), e.g. a REST proxy; default Discord's. */
  apiUrl?: string;
  /** Extra client options (tests shorten timeouts; sharding sets shards). */
  overrides?: Partial<ClientOptions>;
}

/**
 * The gateway client: only the Guilds intent (interactions need no privileged intents),
 * no mentions parsed unless a reply allows them, REST pointed at DISCORD_API_URL when set.
 */
export function createClient(setup: ClientSetup = {}): Client {
  const { overrides = {} } = setup;
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...overrides,
    rest: { ...(setup.apiUrl ? { api: setup.apiUrl } : {}), ...overrides.rest },
  });
}
