import type { Config } from '../config.ts';

/** Placeholder until the Discord transport lands: fail clearly rather than pretend. */
export async function startBot(_config: Config): Promise<void> {
  throw new Error('The Discord transport is not built yet; unset DISCORD_TOKEN to use the console mode.');
}
