/** The fake Discord's wire constants (API paths, interaction and callback types, permissions) and small helpers. */
import { randomBytes } from 'node:crypto';

/**
 * JSON as seen on the wire. Deliberately loose so tests can read `req.body.data.content`
 * without casts; the fake itself only reads fields it validates.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

const DISCORD_EPOCH = 1_420_070_400_000n;
export const API_PREFIX = '/api/v10';
export const GATEWAY_PATH = '/gateway';
/** Real Discord hands out a different host for resuming; a distinct path lets tests see it was used. */
export const RESUME_PATH = '/gateway-resume';

/** Interaction types (Discord API). */
export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const;

/** Interaction callback types (Discord API). */
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
  PremiumRequired: 10,
  LaunchActivity: 12,
} as const;

export const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
export const MESSAGE_FLAG_LOADING = 1 << 7;
export const MESSAGE_FLAG_IS_COMPONENTS_V2 = 1 << 15;

/** Permission bits used for sensible defaults (Discord API bit positions). */
export const Permission = {
  AddReactions: 1n << 6n,
  Administrator: 1n << 3n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What an ordinary member can do in an ordinary text channel. */
export const DEFAULT_MEMBER_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.ReadMessageHistory |
  Permission.AddReactions |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.UseExternalEmojis |
  Permission.UseApplicationCommands;

/** What the bot is granted in the channel (`app_permissions`). */
export const DEFAULT_APP_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.ReadMessageHistory |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.UseExternalEmojis |
  Permission.SendMessagesInThreads;

// ---------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------

let snowflakeIncrement = 0n;

/** A fresh, time-ordered snowflake (discord.js derives createdTimestamp from it). */
export function snowflake(): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

export function randomToken(): string {
  return randomBytes(48).toString('base64url');
}

export function permissionString(value: bigint | string | undefined, fallback: bigint): string {
  if (value === undefined) return fallback.toString();
  return typeof value === 'bigint' ? value.toString() : value;
}

export function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
