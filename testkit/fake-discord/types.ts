/** The fake Discord's types: what tests pass in and read back (public), and its own state (internal). */
import type { WebSocket } from 'ws';
import type { IncomingHttpHeaders } from 'node:http';
import type { Json } from './constants.ts';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export interface FakeDiscordOptions {
  applicationId?: string;
  botUserId?: string;
  botUsername?: string;
  /** Bot token the fake accepts (without the `Bot ` prefix). */
  token?: string;
  /** `shards` answered by `/gateway/bot` (used by `shards: 'auto'`). Default 1. */
  shards?: number;
  /** Overrides for `/gateway/bot`'s `session_start_limit`. */
  sessionStartLimit?: Partial<{ total: number; remaining: number; reset_after: number; max_concurrency: number }>;
  /** HELLO's heartbeat interval in ms. Default 41250 (Discord's). */
  heartbeatIntervalMs?: number;
  /** Guilds announced in READY (as unavailable) and then sent as GUILD_CREATE after every IDENTIFY. */
  guilds?: GuildInput[];
  /** Announce the default guild (`defaultGuildId` with text channel `defaultChannelId`). Default false. */
  withDefaultGuild?: boolean;
  /** Enforce Discord's message/choice/command limits with 400 Invalid Form Body. Default true. */
  validate?: boolean;
  /**
   * If set, an interaction callback arriving later than this many ms after the interaction was
   * dispatched gets 404 Unknown interaction, like Discord's 3 s rule. Default: not enforced.
   */
  interactionDeadlineMs?: number;
}

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  /** 1-based arrival order (`requests` is in answer order, which can differ under concurrency). */
  seq: number;
  at: number;
  method: string;
  /** Full decoded pathname, e.g. `/api/v10/webhooks/1/tok/messages/@original`. */
  path: string;
  /** Path relative to `/api/v10` (what fault rules match against). */
  route: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; for multipart uploads the parsed `payload_json` part. */
  body: Json;
  files: RecordedFile[];
  /** Status the fake answered with. */
  status: number;
  /** Body the fake answered with (undefined for empty bodies). */
  response: Json;
  /** The fault rule that produced the answer, if any. */
  fault?: FaultRule;
}

export type InteractionEventKind = 'callback' | 'edit' | 'followUp' | 'delete';

/** One thing the bot did to answer an interaction, in arrival order. */
export interface InteractionEvent {
  kind: InteractionEventKind;
  interactionId: string;
  token: string;
  request: RecordedRequest;
  /** For callbacks: the callback type (4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  callbackType?: number;
  /** The message payload sent (callback `data`, or the webhook body). */
  data: Json;
  /** Convenience: `data.content` if present. */
  content?: string;
  /** Id of the message created/edited/deleted, if any. */
  messageId?: string;
  /** Snapshot of the message after the operation (absent for deletes and non-message callbacks). */
  message?: FakeMessage;
}

export interface FakeMessage {
  id: string;
  type: number;
  channel_id: string;
  guild_id?: string;
  content: string;
  author: Json;
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  tts: boolean;
  mention_everyone: boolean;
  mentions: Json[];
  mention_roles: string[];
  attachments: Json[];
  embeds: Json[];
  components: Json[];
  pinned: boolean;
  [extra: string]: Json;
}

export interface FaultRuleInput {
  /** HTTP method to match (case-insensitive); omitted matches any. */
  method?: string;
  /** Matched against the route relative to `/api/v10`, decoded (e.g. `/interactions/1/tok/callback`). */
  path: RegExp | string;
  /** How many times the rule answers before retiring. Default 1; `Infinity` for always. */
  times?: number;
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export interface FaultRule {
  readonly id: number;
  readonly method?: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body?: Json;
  readonly headers: Record<string, string>;
  /** Answers left before the rule retires. */
  remaining: number;
  /** How many requests this rule answered. */
  fired: number;
}

export interface RouteMatch {
  method?: string;
  path: RegExp | string;
}

export interface UserInput {
  id?: string;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface ChannelInput {
  id?: string;
  name?: string;
  type?: number;
}

export interface GuildInput {
  id?: string;
  name?: string;
  channels?: ChannelInput[];
  /** Permissions of the @everyone role. */
  everyonePermissions?: bigint | string;
  ownerId?: string;
  preferredLocale?: string;
  /** Extra raw fields merged into the GUILD_CREATE payload. */
  extra?: Record<string, Json>;
}

export interface InteractionContextInput {
  /** Guild the interaction happens in; `null` for a DM. Default `defaultGuildId`. */
  guildId?: string | null;
  /** Default `defaultChannelId` (guild) or a DM channel id. */
  channelId?: string;
  user?: UserInput;
  /** The invoking member's permissions in the channel (bigint or decimal string). */
  permissions?: bigint | string;
  roles?: string[];
  nick?: string | null;
  /** User locale. Default `en-US`. */
  locale?: string;
  guildLocale?: string;
  /** The bot's permissions in the channel. */
  appPermissions?: bigint | string;
}

export type OptionValue = string | number | boolean;
/** Raw API options, or a `{ name: value }` record (3 string, 4 integer, 10 number, 5 boolean). */
export type OptionsInput = Json[] | Record<string, OptionValue>;

export interface SlashCommandInput extends InteractionContextInput {
  name: string;
  options?: OptionsInput;
  subcommand?: string;
  subcommandGroup?: string;
  /** Raw `data.resolved` for user/channel/role/attachment options. */
  resolved?: Json;
}

export interface AutocompleteInput extends SlashCommandInput {
  /** Name of the focused option (added with value `''` if absent from `options`). */
  focused: string;
}

export interface ComponentInput extends InteractionContextInput {
  customId: string;
  /** The message carrying the component (partial; completed with defaults). */
  message?: Partial<FakeMessage>;
}

export interface SelectMenuInput extends ComponentInput {
  values: string[];
  /** Component type: 3 string select (default), 5 user, 6 role, 7 mentionable, 8 channel. */
  componentType?: number;
}

export interface MessageContextMenuInput extends InteractionContextInput {
  name: string;
  targetMessage?: Partial<FakeMessage>;
}

export interface UserContextMenuInput extends InteractionContextInput {
  name: string;
  targetUser?: UserInput;
}

export interface ModalSubmitInput extends InteractionContextInput {
  customId: string;
  /** Text input values by custom id. */
  fields: Record<string, string>;
  /** Set when the modal was opened from a component on this message. */
  message?: Partial<FakeMessage>;
}

export interface WaitOptions {
  timeoutMs?: number;
}

export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  readies: number;
  resumed: number;
  heartbeats: number;
}

/** A payload the client sent over the gateway. */
export interface GatewayReceived {
  at: number;
  op: number;
  d: Json;
  /** Shard of the connection's session, if it had one. */
  shard?: number;
}

export interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  type: number;
  description: string;
  version: string;
  [extra: string]: Json;
}

// ---------------------------------------------------------------------------
// Internal types
// ---------------------------------------------------------------------------

export interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export interface RouteDef {
  method: string;
  pattern: RegExp;
  keys: string[];
  /** Bot routes need `Authorization: Bot <token>`; interaction and webhook routes carry none. */
  auth: boolean;
  handler: (req: RecordedRequest, params: Record<string, string>) => Reply;
}

export interface InteractionState {
  id: string;
  token: string;
  type: number;
  payload: Json;
  createdAt: number;
  acknowledged: boolean;
  callbackType?: number;
  originalMessageId?: string;
  followUpIds: string[];
  events: InteractionEvent[];
}

export interface GatewaySession {
  id: string;
  shardId: number;
  shardCount: number;
  seq: number;
  /** Every op-0 frame sent in this session, so RESUME can replay what the client missed. */
  log: Array<{ s: number; frame: string }>;
  socket: WebSocket | null;
  valid: boolean;
}

export interface Connection {
  socket: WebSocket;
  path: string;
  query: URLSearchParams;
  session?: GatewaySession;
}
