/**
 * The fake Discord (REST API and gateway on 127.0.0.1) that the end-to-end tests and
 * `npm run bench:discord` drive the real discord.js client against: its public surface.
 */
export { FakeDiscord } from './fake-discord.ts';
export { type Json, InteractionType, CallbackType, Permission, DEFAULT_MEMBER_PERMISSIONS, DEFAULT_APP_PERMISSIONS, snowflake } from './constants.ts';
export type {
  FakeDiscordOptions,
  RecordedFile,
  RecordedRequest,
  InteractionEventKind,
  InteractionEvent,
  FakeMessage,
  FaultRuleInput,
  FaultRule,
  RouteMatch,
  UserInput,
  ChannelInput,
  GuildInput,
  InteractionContextInput,
  OptionValue,
  OptionsInput,
  SlashCommandInput,
  AutocompleteInput,
  ComponentInput,
  SelectMenuInput,
  MessageContextMenuInput,
  UserContextMenuInput,
  ModalSubmitInput,
  WaitOptions,
  GatewayStats,
  GatewayReceived,
  StoredCommand,
} from './types.ts';
