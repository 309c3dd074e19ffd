/**
 * A fake Discord (REST API + gateway) on 127.0.0.1 for end-to-end tests that drive the
 * real discord.js client with no network access.
 *
 * Point a client at it with:
 *   new Client({ intents, rest: { api: fake.apiBase, offset: 0 },
 *                ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
 *                waitGuildTimeout: 100 })
 *   await client.login(fake.token)
 *
 * The protocol facts it relies on (handshake, payload shapes, callback answers, close
 * codes) were checked against discord.js 14.28.1 / @discordjs/ws 1.2.3 / @discordjs/rest 2.6.3.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  API_PREFIX,
  CallbackType,
  clone,
  DEFAULT_APP_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  GATEWAY_PATH,
  InteractionType,
  isRecord,
  type Json,
  MESSAGE_FLAG_EPHEMERAL,
  MESSAGE_FLAG_LOADING,
  permissionString,
  randomToken,
  RESUME_PATH,
  snowflake,
} from './constants.ts';
import type {
  AutocompleteInput,
  ComponentInput,
  Connection,
  FakeDiscordOptions,
  FakeMessage,
  FaultRule,
  FaultRuleInput,
  GatewayReceived,
  GatewaySession,
  GatewayStats,
  GuildInput,
  InteractionContextInput,
  InteractionEvent,
  InteractionState,
  MessageContextMenuInput,
  ModalSubmitInput,
  OptionsInput,
  RecordedFile,
  RecordedRequest,
  Reply,
  RouteDef,
  RouteMatch,
  SelectMenuInput,
  SlashCommandInput,
  StoredCommand,
  UserContextMenuInput,
  UserInput,
  WaitOptions,
} from './types.ts';
import { errors } from './errors.ts';
import { choiceProblems, commandProblems, messageProblems } from './validate.ts';
import { BadJson, compileRoute, parseBody, readBody } from './body.ts';

// ---------------------------------------------------------------------------
// FakeDiscord
// ---------------------------------------------------------------------------

export class FakeDiscord {
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUsername: string;
  readonly token: string;
  /** Guild/channel/user the interaction builders use when none is given. */
  readonly defaultGuildId: string;
  readonly defaultChannelId: string;
  readonly defaultUserId: string;

  /** Every HTTP request, complete with the answer, in the order they were answered. */
  readonly requests: RecordedRequest[] = [];
  /** Every gateway payload the client sent, in arrival order. */
  readonly gatewayReceived: GatewayReceived[] = [];
  /** Fault rules in match order (retired rules stay, so `fired` can be read). */
  readonly faults: FaultRule[] = [];

  private readonly options: Required<Pick<FakeDiscordOptions, 'shards' | 'heartbeatIntervalMs' | 'validate' | 'withDefaultGuild'>> & FakeDiscordOptions;
  /** 'change' after every state change (drives the waits), 'request' after each answered request. */
  private readonly events = new EventEmitter();
  /** Abort functions of pending waits, so stop() can reject them and clear their timers. */
  private readonly pendingWaits = new Set<(error: Error) => void>();
  private readonly routes: RouteDef[] = [];
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private port = 0;
  private nextRequestSeq = 1;
  private nextFaultId = 1;

  private readonly guilds = new Map<string, Json>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly messages = new Map<string, FakeMessage>();
  /** Ids of messages posted through `POST /channels/:id/messages`, in order. */
  private readonly postedMessageIds: string[] = [];
  private readonly globalCommands: StoredCommand[] = [];
  private readonly guildCommandSets = new Map<string, StoredCommand[]>();

  private readonly connections = new Set<Connection>();
  /** Current session per shard id. */
  private readonly sessionsByShard = new Map<number, GatewaySession>();
  private readonly sessionsById = new Map<string, GatewaySession>();
  private readonly counters: GatewayStats = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    readies: 0,
    resumed: 0,
    heartbeats: 0,
  };
  /** Set to false to stop acknowledging heartbeats (the client then closes with 4200 and resumes). */
  ackHeartbeats = true;

  constructor(options: FakeDiscordOptions = {}) {
    this.options = { shards: 1, heartbeatIntervalMs: 41_250, validate: true, withDefaultGuild: false, ...options };
    this.applicationId = options.applicationId ?? snowflake();
    this.botUserId = options.botUserId ?? this.applicationId;
    this.botUsername = options.botUsername ?? 'factdesk';
    this.token = options.token ?? `${Buffer.from(this.botUserId).toString('base64url')}.fake.${randomToken().slice(0, 27)}`;
    this.defaultGuildId = snowflake();
    this.defaultChannelId = snowflake();
    this.defaultUserId = snowflake();
    this.events.setMaxListeners(0);

    if (this.options.withDefaultGuild) this.storeGuild({ id: this.defaultGuildId });
    for (const guild of options.guilds ?? []) this.storeGuild(guild);
    this.defineRoutes();
  }

  // -------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.server) throw new Error('FakeDiscord already started');
    const server = createServer((req, res) => void this.handleHttp(req, res));
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== GATEWAY_PATH && url.pathname !== RESUME_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.wss = wss;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closes every socket and the HTTP server; pending waits reject. Safe to call twice. */
  async stop(): Promise<void> {
    const server = this.server;
    const wss = this.wss;
    this.server = null;
    this.wss = null;
    for (const abort of [...this.pendingWaits]) abort(new Error('FakeDiscord stopped'));
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
    for (const session of this.sessionsById.values()) session.socket = null;
    if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
    if (server) {
      // Keep-alive sockets (undici pools them) would otherwise hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.requirePort()}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.requirePort()}${GATEWAY_PATH}`;
  }

  get resumeGatewayUrl(): string {
    return `ws://127.0.0.1:${this.requirePort()}${RESUME_PATH}`;
  }

  private requirePort(): number {
    if (!this.port) throw new Error('FakeDiscord not started');
    return this.port;
  }

  // -------------------------------------------------------------------------
  // Waiting (event driven: every state change re-evaluates pending checks)
  // -------------------------------------------------------------------------

  /**
   * Resolves with the first truthy value of `check()`, evaluated now and after every change
   * in the fake (request answered, gateway payload sent or received, socket opened or closed).
   * Only the fake's changes trigger a re-check: wait for client-side state with client events.
   */
  waitUntil<T>(check: () => T | undefined | null | false, options: WaitOptions & { description?: string } = {}): Promise<T> {
    const { timeoutMs = 5000, description = 'condition' } = options;
    const first = check();
    if (first) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', onChange);
        this.pendingWaits.delete(abort);
      };
      const abort = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onChange = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          abort(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => abort(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${description}.\n${this.describeRecent()}`)), timeoutMs);
      this.events.on('change', onChange);
      this.pendingWaits.add(abort);
    });
  }

  /** Calls `listener` after each request is answered; returns an unsubscribe function. */
  onRequest(listener: (req: RecordedRequest) => void): () => void {
    this.events.on('request', listener);
    return () => this.events.off('request', listener);
  }

  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitFor(predicate: (req: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), { timeoutMs, description: 'a matching request' });
  }

  /** Resolves with the interaction's first callback (reply, defer, update, autocomplete, modal). */
  waitForResponse(interactionId: string, timeoutMs = 5000): Promise<InteractionEvent> {
    return this.waitForInteractionEvent(interactionId, (event) => event.kind === 'callback', timeoutMs);
  }

  /** Resolves with the first event of this interaction (past or future) matching `predicate`. */
  waitForInteractionEvent(interactionIdOrToken: string, predicate: (event: InteractionEvent) => boolean = () => true, timeoutMs = 5000): Promise<InteractionEvent> {
    return this.waitUntil(() => this.interactionLog(interactionIdOrToken).find(predicate), {
      timeoutMs,
      description: `an answer to interaction ${interactionIdOrToken}`,
    });
  }

  /** Resolves once `count` READY payloads have been sent since start (count 2 = the first re-identify). */
  waitForReady(options: WaitOptions & { count?: number } = {}): Promise<void> {
    const count = options.count ?? 1;
    return this.waitUntil(() => this.counters.readies >= count, { ...options, description: `READY #${count}` }).then(() => {});
  }

  /** Resolves once `count` sessions have been resumed (RESUMED sent) since start. */
  waitForResumed(options: WaitOptions & { count?: number } = {}): Promise<void> {
    const count = options.count ?? 1;
    return this.waitUntil(() => this.counters.resumed >= count, { ...options, description: `RESUMED #${count}` }).then(() => {});
  }

  /** Resolves with the first gateway payload from the client (past or future) matching `predicate`. */
  waitForGatewayPayload(predicate: (payload: GatewayReceived) => boolean, timeoutMs = 5000): Promise<GatewayReceived> {
    return this.waitUntil(() => this.gatewayReceived.find(predicate), { timeoutMs, description: 'a gateway payload' });
  }

  private changed(): void {
    this.events.emit('change');
  }

  private describeRecent(): string {
    const recent = this.requests.slice(-8).map((r) => `  ${r.method} ${r.route} -> ${r.status}`);
    return `Recent requests:\n${recent.join('\n') || '  (none)'}\nGateway: ${JSON.stringify(this.counters)}`;
  }

  // -------------------------------------------------------------------------
  // Fault injection
  // -------------------------------------------------------------------------

  /** Queues a rule answering matching requests with a canned response. */
  addFault(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = {
      id: this.nextFaultId++,
      method: input.method?.toUpperCase(),
      path: typeof input.path === 'string' ? new RegExp(input.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : input.path,
      status: input.status,
      body: input.body,
      headers: input.headers ?? {},
      remaining: input.times ?? 1,
      fired: 0,
    };
    this.faults.push(rule);
    return rule;
  }

  /**
   * Answers matching requests with 429. `retryAfter` is in seconds (may be fractional); the
   * client reads only the headers, never the body's `retry_after`.
   */
  rateLimit(match: RouteMatch, options: { retryAfter?: number; global?: boolean; times?: number } = {}): FaultRule {
    const retryAfter = options.retryAfter ?? 0.2;
    const headers: Record<string, string> = { 'Retry-After': String(retryAfter) };
    if (options.global) {
      headers['X-RateLimit-Global'] = 'true';
      headers['X-RateLimit-Scope'] = 'global';
    } else {
      headers['X-RateLimit-Limit'] = '5';
      headers['X-RateLimit-Remaining'] = '0';
      headers['X-RateLimit-Reset'] = String((Date.now() / 1000 + retryAfter).toFixed(3));
      headers['X-RateLimit-Reset-After'] = String(retryAfter);
      headers['X-RateLimit-Bucket'] = 'fake-bucket';
      headers['X-RateLimit-Scope'] = 'user';
    }
    return this.addFault({
      ...match,
      times: options.times,
      status: 429,
      headers,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: Boolean(options.global) },
    });
  }

  /** Answers matching requests with a 5xx (the client retries 5xx up to `rest.retries`, 3 by default). */
  serverError(match: RouteMatch, options: { status?: number; times?: number } = {}): FaultRule {
    return this.addFault({
      ...match,
      times: options.times,
      status: options.status ?? 500,
      body: { message: '500: Internal Server Error', code: 0 },
    });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  private takeFault(method: string, route: string): FaultRule | undefined {
    const rule = this.faults.find((r) => r.remaining > 0 && (!r.method || r.method === method) && r.path.test(route));
    if (rule) {
      rule.remaining -= 1;
      rule.fired += 1;
    }
    return rule;
  }

  // -------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    // `@original` arrives as `%40original`; decode per segment so a `/` in a value stays a separator.
    const path = url.pathname
      .split('/')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      })
      .join('/');
    const record: RecordedRequest = {
      seq: this.nextRequestSeq++,
      at: Date.now(),
      method,
      path,
      route: path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: undefined,
      files: [],
      status: 0,
      response: undefined,
    };

    let reply: Reply;
    try {
      const parsed = await parseBody(await readBody(req), String(req.headers['content-type'] ?? ''));
      record.body = parsed.body;
      record.files = parsed.files;
      const fault = this.takeFault(method, record.route);
      if (fault) {
        record.fault = fault;
        reply = { status: fault.status, body: fault.body, headers: fault.headers };
      } else {
        reply = this.route(record);
      }
    } catch (error) {
      reply = error instanceof BadJson ? errors.badJson() : { status: 500, body: { message: String(error), code: 0 } };
    }

    record.status = reply.status;
    record.response = reply.body;
    // Recorded only once answered, so no one ever sees a half-parsed request.
    this.requests.push(record);
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    // A 204 that still says application/json makes discord.js try to parse an empty body.
    if (reply.body !== undefined && reply.status !== 204) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = 'application/json';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
    this.events.emit('request', record);
    this.changed();
  }

  private route(req: RecordedRequest): Reply {
    if (!req.path.startsWith(`${API_PREFIX}/`)) return errors.notFound();
    let pathMatched = false;
    for (const def of this.routes) {
      const match = def.pattern.exec(req.route);
      if (!match) continue;
      pathMatched = true;
      if (def.method !== req.method) continue;
      if (def.auth && req.headers.authorization !== `Bot ${this.token}`) return errors.unauthorized();
      const params: Record<string, string> = {};
      def.keys.forEach((key, i) => (params[key] = match[i + 1] ?? ''));
      return def.handler(req, params);
    }
    return pathMatched ? { status: 405, body: { message: '405: Method Not Allowed', code: 0 } } : errors.notFound();
  }

  private defineRoutes(): void {
    const add = (method: string, template: string, auth: boolean, handler: RouteDef['handler']) => {
      this.routes.push({ method, ...compileRoute(template), auth, handler });
    };

    add('GET', '/gateway', false, () => ({ status: 200, body: { url: this.gatewayUrl } }));
    add('GET', '/gateway/bot', true, () => ({
      status: 200,
      body: {
        url: this.gatewayUrl,
        shards: this.options.shards,
        // remaining must be >= the shard count or @discordjs/ws refuses to connect.
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1, ...this.options.sessionStartLimit },
      },
    }));
    add('GET', '/users/@me', true, () => ({ status: 200, body: this.botUser() }));
    add('GET', '/applications/@me', true, () => ({ status: 200, body: this.application() }));

    add('POST', '/interactions/:id/:token/callback', false, (req, p) => this.interactionCallback(req, p.id!, p.token!));
    add('GET', '/webhooks/:app/:token/messages/:message', false, (req, p) => this.webhookMessage(req, p));
    add('PATCH', '/webhooks/:app/:token/messages/:message', false, (req, p) => this.webhookMessage(req, p));
    add('DELETE', '/webhooks/:app/:token/messages/:message', false, (req, p) => this.webhookMessage(req, p));
    add('POST', '/webhooks/:app/:token', false, (req, p) => this.followUp(req, p.app!, p.token!));

    for (const scope of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
      add('GET', scope, true, (_req, p) => this.withApp(p, () => ({ status: 200, body: clone(this.commandSet(p.guild)) })));
      add('PUT', scope, true, (req, p) => this.withApp(p, () => this.putCommands(req, p.guild)));
      add('POST', scope, true, (req, p) => this.withApp(p, () => this.postCommand(req, p.guild)));
      add('GET', `${scope}/:command`, true, (_req, p) => this.withApp(p, () => this.getCommand(p.command!, p.guild)));
      add('DELETE', `${scope}/:command`, true, (_req, p) => this.withApp(p, () => this.deleteCommand(p.command!, p.guild)));
    }

    add('POST', '/channels/:channel/messages', true, (req, p) => this.channelMessage(req, p.channel!));
    add('GET', '/channels/:channel/messages/:message', true, (_req, p) => {
      const message = this.messages.get(p.message!);
      return message && message.channel_id === p.channel ? { status: 200, body: clone(message) } : errors.unknownMessage();
    });
  }

  private withApp(params: Record<string, string>, handler: () => Reply): Reply {
    return params.app === this.applicationId ? handler() : errors.missingAccess();
  }

  // -------------------------------------------------------------------------
  // Interaction responses
  // -------------------------------------------------------------------------

  private interactionCallback(req: RecordedRequest, id: string, token: string): Reply {
    const state = this.interactions.get(id);
    if (!state || state.token !== token) return errors.unknownInteraction();
    const deadline = this.options.interactionDeadlineMs;
    if (deadline !== undefined && Date.now() - state.createdAt > deadline) return errors.unknownInteraction();
    if (state.acknowledged) return errors.alreadyAcknowledged();

    const body = req.body;
    const type = Number(body?.type);
    const data = body?.data;
    const allowed = this.allowedCallbackTypes(state);
    if (!allowed.includes(type)) {
      return errors.invalidForm([['type', `Callback type ${String(body?.type)} is not valid for interaction type ${state.type}.`]]);
    }
    if (this.options.validate) {
      if (type === CallbackType.ChannelMessageWithSource || type === CallbackType.UpdateMessage) {
        const problems = messageProblems(data, type === CallbackType.ChannelMessageWithSource, req.files.length > 0);
        if (problems.some(([path]) => path === '')) return errors.emptyMessage();
        if (problems.length) return errors.invalidForm(problems.map(([path, message]) => [`data.${path}`, message]));
      }
      if (type === CallbackType.ApplicationCommandAutocompleteResult) {
        const problems = choiceProblems(data);
        if (problems.length) return errors.invalidForm(problems);
      }
    }

    state.acknowledged = true;
    state.callbackType = type;
    let message: FakeMessage | undefined;
    const flags = Number(data?.flags ?? 0);
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
        message = this.createInteractionMessage(state, data, req.files, flags);
        state.originalMessageId = message.id;
        break;
      case CallbackType.DeferredChannelMessageWithSource:
        // The "thinking..." placeholder; its ephemerality is fixed here and survives later edits.
        message = this.createInteractionMessage(state, {}, [], (flags & MESSAGE_FLAG_EPHEMERAL) | MESSAGE_FLAG_LOADING);
        state.originalMessageId = message.id;
        break;
      case CallbackType.DeferredMessageUpdate:
      case CallbackType.UpdateMessage: {
        // For component interactions @original is the message that carries the component.
        const target = this.rememberMessage(state.payload.message);
        if (target) {
          if (type === CallbackType.UpdateMessage) this.applyEdit(target, data ?? {}, req.files);
          state.originalMessageId = target.id;
          message = target;
        }
        break;
      }
      default:
        break;
    }

    this.logInteraction(state, {
      kind: 'callback',
      request: req,
      callbackType: type,
      data,
      messageId: message?.id,
      message,
    });

    if (req.query.with_response !== 'true') return { status: 204 };
    const resource: Json = { type };
    if (message) resource.message = clone(message);
    return {
      status: 200,
      body: {
        interaction: {
          id: state.id,
          type: state.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: message ? (message.flags & MESSAGE_FLAG_LOADING) !== 0 : null,
          response_message_ephemeral: message ? (message.flags & MESSAGE_FLAG_EPHEMERAL) !== 0 : null,
        },
        resource,
      },
    };
  }

  private allowedCallbackTypes(state: InteractionState): number[] {
    const message = [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource];
    switch (state.type) {
      case InteractionType.ApplicationCommandAutocomplete:
        return [CallbackType.ApplicationCommandAutocompleteResult];
      case InteractionType.MessageComponent:
        return [...message, CallbackType.DeferredMessageUpdate, CallbackType.UpdateMessage, CallbackType.Modal, CallbackType.LaunchActivity];
      case InteractionType.ModalSubmit:
        return state.payload.message ? [...message, CallbackType.DeferredMessageUpdate, CallbackType.UpdateMessage] : message;
      case InteractionType.Ping:
        return [CallbackType.Pong];
      default:
        return [...message, CallbackType.Modal, CallbackType.PremiumRequired, CallbackType.LaunchActivity];
    }
  }

  private webhookMessage(req: RecordedRequest, params: Record<string, string>): Reply {
    if (params.app !== this.applicationId) return errors.unknownWebhook();
    const state = this.interactionsByToken.get(params.token!);
    if (!state) return errors.unknownWebhook();
    const messageId = params.message === '@original' ? state.originalMessageId : params.message;
    const message = messageId ? this.messages.get(messageId) : undefined;
    const owned = message && (message.id === state.originalMessageId || state.followUpIds.includes(message.id));
    if (!message || !owned) return errors.unknownMessage();

    if (req.method === 'GET') return { status: 200, body: clone(message) };
    if (req.method === 'DELETE') {
      this.messages.delete(message.id);
      if (state.originalMessageId === message.id) state.originalMessageId = undefined;
      state.followUpIds = state.followUpIds.filter((followUpId) => followUpId !== message.id);
      this.logInteraction(state, { kind: 'delete', request: req, data: undefined, messageId: message.id });
      return { status: 204 };
    }
    if (this.options.validate) {
      const problems = messageProblems(req.body, false, req.files.length > 0);
      if (problems.length) return errors.invalidForm(problems);
    }
    this.applyEdit(message, req.body ?? {}, req.files);
    this.logInteraction(state, { kind: 'edit', request: req, data: req.body, messageId: message.id, message });
    return { status: 200, body: clone(message) };
  }

  private followUp(req: RecordedRequest, app: string, token: string): Reply {
    if (app !== this.applicationId) return errors.unknownWebhook();
    const state = this.interactionsByToken.get(token);
    if (!state || !state.acknowledged) return errors.unknownWebhook();
    const body = req.body ?? {};
    if (this.options.validate) {
      const problems = messageProblems(body, true, req.files.length > 0);
      if (problems.some(([path]) => path === '')) return errors.emptyMessage();
      if (problems.length) return errors.invalidForm(problems);
    }
    let message: FakeMessage;
    const original = state.originalMessageId ? this.messages.get(state.originalMessageId) : undefined;
    if (original && (original.flags & MESSAGE_FLAG_LOADING) !== 0) {
      // Documented Discord behaviour: the first follow-up after a deferred reply edits the
      // loading message instead of creating one, and keeps the defer's ephemeral flag.
      message = original;
      this.applyEdit(message, { ...body, flags: undefined }, req.files);
    } else {
      message = this.createInteractionMessage(state, body, req.files, Number(body.flags ?? 0));
      state.followUpIds.push(message.id);
    }
    this.logInteraction(state, { kind: 'followUp', request: req, data: body, messageId: message.id, message });
    return req.query.wait === 'true' ? { status: 200, body: clone(message) } : { status: 204 };
  }

  private logInteraction(state: InteractionState, event: Omit<InteractionEvent, 'interactionId' | 'token' | 'content'>): void {
    const content = isRecord(event.data) && typeof event.data.content === 'string' ? event.data.content : undefined;
    state.events.push({
      ...event,
      interactionId: state.id,
      token: state.token,
      content,
      message: event.message ? clone(event.message) : undefined,
    });
  }

  // -------------------------------------------------------------------------
  // Messages
  // -------------------------------------------------------------------------

  /** Builds a complete message object (for targets of buttons and context menus). */
  buildMessage(partial: Partial<FakeMessage> = {}): FakeMessage {
    return {
      id: snowflake(),
      type: 0,
      channel_id: this.defaultChannelId,
      content: '',
      author: this.botUser(),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      ...partial,
    };
  }

  /** Current state of a stored message (channel message, reply, follow-up). */
  message(id: string): FakeMessage | undefined {
    const message = this.messages.get(id);
    return message ? clone(message) : undefined;
  }

  /** Messages the bot posted in a channel via `POST /channels/:id/messages`, oldest first. */
  channelMessages(channelId: string): FakeMessage[] {
    return this.postedMessageIds.flatMap((id) => {
      const message = this.messages.get(id);
      return message && message.channel_id === channelId ? [clone(message)] : [];
    });
  }

  private rememberMessage(raw: Json): FakeMessage | undefined {
    if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
    let message = this.messages.get(raw.id);
    if (!message) {
      message = this.buildMessage(clone(raw) as Partial<FakeMessage>);
      this.messages.set(message.id, message);
    }
    return message;
  }

  private createInteractionMessage(state: InteractionState, data: Json, files: RecordedFile[], flags: number): FakeMessage {
    const payload = state.payload;
    const invoker = payload.member?.user ?? payload.user;
    const message = this.buildMessage({
      type: payload.type === InteractionType.ApplicationCommand ? (payload.data?.type === 1 ? 20 : 23) : 0,
      channel_id: payload.channel?.id ?? this.defaultChannelId,
      ...(payload.guild_id ? { guild_id: payload.guild_id } : {}),
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      interaction_metadata: {
        id: state.id,
        type: state.type,
        user: invoker,
        authorizing_integration_owners: payload.authorizing_integration_owners,
      },
    });
    this.applyEdit(message, data ?? {}, files);
    // Set after applyEdit, which clears the loading flag that a defer must keep.
    message.flags = flags;
    message.edited_timestamp = null;
    this.messages.set(message.id, message);
    return message;
  }

  /** Applies a create/edit body to a stored message, the way Discord merges PATCH bodies. */
  private applyEdit(message: FakeMessage, body: Json, files: RecordedFile[]): void {
    if (!isRecord(body)) return;
    if ('content' in body) message.content = body.content ?? '';
    if ('embeds' in body) message.embeds = (body.embeds ?? []).map((e: Json) => ({ type: 'rich', ...e }));
    if ('components' in body) message.components = body.components ?? [];
    if ('poll' in body && body.poll) message.poll = body.poll;
    if ('attachments' in body || files.length) {
      const existing = new Map(message.attachments.map((a) => [String(a.id), a]));
      const requested: Json[] = Array.isArray(body.attachments) ? body.attachments : [...message.attachments, ...files.map((_, i) => ({ id: String(i) }))];
      message.attachments = requested.flatMap((entry) => {
        const kept = existing.get(String(entry.id));
        if (kept) return [kept];
        // New uploads reference their multipart part by index: attachments[].id "0" -> files[0].
        const file = files.find((f) => f.field === `files[${String(entry.id)}]`) ?? files[Number(entry.id)];
        if (!file) return [];
        const id = snowflake();
        const filename = entry.filename ?? file.filename;
        const url = `https://cdn.discordapp.com/attachments/${message.channel_id}/${id}/${filename}`;
        return [{ id, filename, size: file.size, content_type: file.contentType, url, proxy_url: url, description: entry.description }];
      });
    }
    if ((message.flags & MESSAGE_FLAG_LOADING) !== 0) message.flags &= ~MESSAGE_FLAG_LOADING;
    message.edited_timestamp = new Date().toISOString();
  }

  private channelMessage(req: RecordedRequest, channelId: string): Reply {
    const body = req.body ?? {};
    if (this.options.validate) {
      const problems = messageProblems(body, true, req.files.length > 0);
      if (problems.some(([path]) => path === '')) return errors.emptyMessage();
      if (problems.length) return errors.invalidForm(problems);
    }
    const guildId = [...this.guilds.values()].find((g) => g.channels.some((c: Json) => c.id === channelId))?.id;
    const message = this.buildMessage({ channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) });
    if (isRecord(body.message_reference)) {
      message.type = 19;
      message.message_reference = { ...body.message_reference, channel_id: channelId };
    }
    this.applyEdit(message, body, req.files);
    message.edited_timestamp = null;
    this.messages.set(message.id, message);
    this.postedMessageIds.push(message.id);
    return { status: 200, body: clone(message) };
  }

  // -------------------------------------------------------------------------
  // Application commands
  // -------------------------------------------------------------------------

  /** Commands registered globally, or for one guild. */
  commands(guildId?: string): StoredCommand[] {
    return clone(this.commandSet(guildId));
  }

  private commandSet(guildId: string | undefined): StoredCommand[] {
    if (!guildId) return this.globalCommands;
    let set = this.guildCommandSets.get(guildId);
    if (!set) this.guildCommandSets.set(guildId, (set = []));
    return set;
  }

  private storeCommand(input: Json, guildId: string | undefined, previous: StoredCommand[]): StoredCommand {
    const type = Number(input.type ?? 1);
    // Bulk overwrite keeps the id of a command with the same name and type.
    const existing = previous.find((c) => c.name === input.name && c.type === type);
    return {
      default_member_permissions: null,
      nsfw: false,
      options: [],
      integration_types: [0],
      contexts: null,
      ...input,
      id: existing?.id ?? snowflake(),
      application_id: this.applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      name: String(input.name),
      type,
      description: String(input.description ?? ''),
      version: snowflake(),
    };
  }

  private putCommands(req: RecordedRequest, guildId: string | undefined): Reply {
    if (!Array.isArray(req.body)) return errors.invalidForm([['_', 'Must be an array.']]);
    if (this.options.validate) {
      const problems = req.body.flatMap((command: Json, i: number) => commandProblems(command, i));
      if (req.body.length > 100) problems.push(['_', 'Must be 100 or fewer in length.']);
      if (problems.length) return errors.invalidForm(problems);
    }
    const set = this.commandSet(guildId);
    const next = req.body.map((command: Json) => this.storeCommand(command, guildId, set));
    set.splice(0, set.length, ...next);
    return { status: 200, body: clone(set) };
  }

  private postCommand(req: RecordedRequest, guildId: string | undefined): Reply {
    if (this.options.validate) {
      const problems = commandProblems(req.body, 0);
      if (problems.length) return errors.invalidForm(problems);
    }
    const set = this.commandSet(guildId);
    const command = this.storeCommand(req.body, guildId, set);
    const index = set.findIndex((c) => c.id === command.id);
    if (index >= 0) set[index] = command;
    else set.push(command);
    return { status: index >= 0 ? 200 : 201, body: clone(command) };
  }

  private getCommand(id: string, guildId: string | undefined): Reply {
    const command = this.commandSet(guildId).find((c) => c.id === id);
    return command ? { status: 200, body: clone(command) } : errors.unknownCommand();
  }

  private deleteCommand(id: string, guildId: string | undefined): Reply {
    const set = this.commandSet(guildId);
    const index = set.findIndex((c) => c.id === id);
    if (index < 0) return errors.unknownCommand();
    set.splice(index, 1);
    return { status: 204 };
  }

  // -------------------------------------------------------------------------
  // Per-interaction views
  // -------------------------------------------------------------------------

  /** Callbacks, edits, follow-ups and deletes for one interaction (by id or token), in order. */
  interactionLog(interactionIdOrToken: string): InteractionEvent[] {
    return [...(this.findInteraction(interactionIdOrToken)?.events ?? [])];
  }

  /** Current state of the interaction's original response message, if any. */
  originalMessage(interactionIdOrToken: string): FakeMessage | undefined {
    const id = this.findInteraction(interactionIdOrToken)?.originalMessageId;
    return id ? this.message(id) : undefined;
  }

  /** Follow-up messages created for the interaction (excluding one that replaced a deferred reply). */
  followUps(interactionIdOrToken: string): FakeMessage[] {
    const state = this.findInteraction(interactionIdOrToken);
    return (state?.followUpIds ?? []).flatMap((id) => this.message(id) ?? []);
  }

  private findInteraction(idOrToken: string): InteractionState | undefined {
    return this.interactions.get(idOrToken) ?? this.interactionsByToken.get(idOrToken);
  }

  // -------------------------------------------------------------------------
  // Gateway
  // -------------------------------------------------------------------------

  get identifyCount(): number {
    return this.counters.identifies;
  }

  get resumeCount(): number {
    return this.counters.resumes;
  }

  get gatewayStats(): GatewayStats {
    return { ...this.counters };
  }

  /** Paths the client opened gateway sockets on (`/gateway`, or `/gateway-resume` when resuming). */
  get connectionPaths(): string[] {
    return [...this.connections].map((c) => c.path);
  }

  private onConnection(socket: WebSocket, url: URL): void {
    const connection: Connection = { socket, path: url.pathname, query: url.searchParams };
    this.connections.add(connection);
    this.counters.connections += 1;
    socket.on('message', (data, isBinary) => {
      // discord.js sends JSON text frames unless zlib-sync is installed; we never negotiate compression.
      if (isBinary) return;
      let payload: Json;
      try {
        payload = JSON.parse((data as Buffer).toString());
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      this.onGatewayPayload(connection, payload);
    });
    socket.on('close', () => {
      this.connections.delete(connection);
      if (connection.session?.socket === socket) connection.session.socket = null;
      this.changed();
    });
    socket.on('error', () => {
      /* a reset socket is reported through 'close' too */
    });
    this.send(socket, { op: 10, s: null, t: null, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
    this.changed();
  }

  private onGatewayPayload(connection: Connection, payload: Json): void {
    const op = Number(payload?.op);
    this.gatewayReceived.push({ at: Date.now(), op, d: payload?.d, shard: connection.session?.shardId });
    switch (op) {
      case 1:
        this.counters.heartbeats += 1;
        if (this.ackHeartbeats) this.send(connection.socket, { op: 11 });
        break;
      case 2:
        this.onIdentify(connection, payload.d);
        break;
      case 6:
        this.onResume(connection, payload.d);
        break;
      default:
        if (!connection.session) connection.socket.close(4003, 'Not authenticated.');
        // Presence updates, member requests etc. are recorded only.
        break;
    }
    this.changed();
  }

  private onIdentify(connection: Connection, d: Json): void {
    this.counters.identifies += 1;
    if (d?.token !== this.token) {
      // 4004 is unrecoverable: the client stops and login() rejects.
      connection.socket.close(4004, 'Authentication failed.');
      return;
    }
    if (connection.session) {
      connection.socket.close(4005, 'Already authenticated.');
      return;
    }
    const [shardId, shardCount] = Array.isArray(d.shard) ? (d.shard as number[]) : [0, 1];
    if (shardId === undefined || shardCount === undefined || shardId < 0 || shardId >= shardCount) {
      connection.socket.close(4010, 'Invalid shard.');
      return;
    }
    const previous = this.sessionsByShard.get(shardId);
    if (previous) previous.valid = false;

    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shardId,
      shardCount,
      seq: 0,
      log: [],
      socket: connection.socket,
      valid: true,
    };
    this.sessionsByShard.set(shardId, session);
    this.sessionsById.set(session.id, session);
    connection.session = session;

    const guilds = [...this.guilds.values()].filter((g) => this.shardForGuild(g.id, shardCount) === shardId);
    // user, guilds and application.id are all required: without them the client never gets ready.
    this.sendDispatch(session, 'READY', {
      v: 10,
      user: { ...this.botUser(), verified: true, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.resumeGatewayUrl,
      shard: [shardId, shardCount],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    });
    this.counters.readies += 1;
    for (const guild of guilds) this.sendDispatch(session, 'GUILD_CREATE', clone(guild));
  }

  private onResume(connection: Connection, d: Json): void {
    this.counters.resumes += 1;
    if (d?.token !== this.token) {
      connection.socket.close(4004, 'Authentication failed.');
      return;
    }
    const session = this.sessionsById.get(String(d.session_id));
    if (!session || !session.valid) {
      this.send(connection.socket, { op: 9, s: null, t: null, d: false });
      return;
    }
    const seq = Number(d.seq ?? 0);
    if (seq > session.seq) {
      connection.socket.close(4007, 'Invalid seq.');
      return;
    }
    if (session.socket && session.socket !== connection.socket) session.socket.close(4000, 'Session resumed elsewhere.');
    session.socket = connection.socket;
    connection.session = session;
    for (const entry of session.log) {
      if (entry.s > seq) connection.socket.send(entry.frame);
    }
    this.sendDispatch(session, 'RESUMED', {});
    this.counters.resumed += 1;
  }

  private send(socket: WebSocket, payload: Json): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  private sendDispatch(session: GatewaySession, t: string, d: Json): number {
    const s = ++session.seq;
    const frame = JSON.stringify({ op: 0, t, s, d });
    session.log.push({ s, frame });
    // A disconnected session still logs the event; RESUME replays it.
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(frame);
    this.changed();
    return s;
  }

  private shardForGuild(guildId: string, shardCount: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
  }

  private targetSessions(shard: number | undefined): GatewaySession[] {
    const sessions = [...this.sessionsByShard.values()].filter((s) => s.valid);
    return shard === undefined ? sessions : sessions.filter((s) => s.shardId === shard);
  }

  /**
   * Sends an op-0 dispatch with the session's next `s` and logs it for RESUME. Guild events go
   * to the shard owning the guild (`(guild_id >> 22) % shard_count`), everything else to shard 0,
   * unless `shard` is given. If that shard is disconnected but resumable, the event is only
   * logged and arrives on RESUME. Returns the sequence number.
   */
  dispatch(t: string, d: Json, options: { shard?: number } = {}): number {
    let shard = options.shard;
    if (shard === undefined) {
      const guildId = d?.guild_id ?? (t.startsWith('GUILD_') ? d?.id : undefined);
      const count = [...this.sessionsByShard.values()][0]?.shardCount ?? this.options.shards;
      shard = typeof guildId === 'string' ? this.shardForGuild(guildId, count) : 0;
    }
    const session = this.targetSessions(shard)[0];
    if (!session) throw new Error(`FakeDiscord: no gateway session on shard ${shard}; wait for the client to identify first`);
    return this.sendDispatch(session, t, d);
  }

  /**
   * Stores a guild (so later IDENTIFYs announce it) and dispatches GUILD_CREATE if its shard is
   * connected. Returns the full payload. Without it, `interaction.guild`/`.channel` are null.
   */
  guildCreate(input: GuildInput = {}): Json {
    const guild = this.storeGuild(input);
    const count = [...this.sessionsByShard.values()][0]?.shardCount ?? this.options.shards;
    if (this.targetSessions(this.shardForGuild(guild.id, count)).length) this.dispatch('GUILD_CREATE', clone(guild));
    return clone(guild);
  }

  /** Server-side close of the shard's socket(s). 4000 → the client resumes; 1000 → it identifies again. */
  closeSocket(code = 4000, options: { shard?: number; reason?: string } = {}): void {
    for (const connection of [...this.connections]) {
      if (options.shard !== undefined && connection.session?.shardId !== options.shard) continue;
      // Detach now so dispatches sent while the close handshake runs are logged for replay, not lost.
      if (connection.session?.socket === connection.socket) connection.session.socket = null;
      connection.socket.close(code, options.reason ?? 'closed by FakeDiscord');
    }
  }

  /** op 9. Non-resumable also invalidates the session, so a later RESUME is refused too. */
  sendInvalidSession(resumable: boolean, options: { shard?: number } = {}): void {
    for (const session of this.targetSessions(options.shard)) {
      if (!resumable) session.valid = false;
      if (session.socket) this.send(session.socket, { op: 9, s: null, t: null, d: resumable });
    }
  }

  /** op 7: the client closes (4200) and resumes on `resume_gateway_url`. */
  sendReconnect(options: { shard?: number } = {}): void {
    for (const session of this.targetSessions(options.shard)) {
      if (session.socket) this.send(session.socket, { op: 7, s: null, t: null, d: null });
    }
  }

  // -------------------------------------------------------------------------
  // Guilds, users, application
  // -------------------------------------------------------------------------

  botUser(): Json {
    return {
      id: this.botUserId,
      username: this.botUsername,
      discriminator: '0000',
      global_name: null,
      avatar: null,
      bot: true,
      flags: 0,
    };
  }

  private application(): Json {
    return {
      id: this.applicationId,
      name: this.botUsername,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      flags: 0,
      verify_key: '0'.repeat(64),
      owner: { id: this.defaultUserId, username: 'owner', discriminator: '0', global_name: null, avatar: null },
      team: null,
    };
  }

  private user(input: UserInput = {}): Json {
    const id = input.id ?? this.defaultUserId;
    return {
      id,
      username: input.username ?? (id === this.defaultUserId ? 'tester' : `user${id.slice(-4)}`),
      discriminator: '0',
      global_name: input.globalName ?? null,
      avatar: null,
      ...(input.bot ? { bot: true } : {}),
    };
  }

  /** A guild member object as GUILD_CREATE carries it (interaction members add `permissions`). */
  private member(user: Json, context: InteractionContextInput): Json {
    return {
      user,
      roles: context.roles ?? [],
      nick: context.nick ?? null,
      avatar: null,
      joined_at: new Date(0).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0,
      communication_disabled_until: null,
    };
  }

  private storeGuild(input: GuildInput): Json {
    const id = input.id ?? snowflake();
    const isDefault = id === this.defaultGuildId;
    const channels = (input.channels ?? [{ id: isDefault ? this.defaultChannelId : snowflake(), name: 'general' }]).map((channel, position) => ({
      id: channel.id ?? snowflake(),
      type: channel.type ?? 0,
      guild_id: id,
      name: channel.name ?? `channel-${position}`,
      position,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      parent_id: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    }));
    const guild: Json = {
      id,
      name: input.name ?? (isDefault ? 'Factdesk Test Guild' : `guild-${id.slice(-4)}`),
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: input.ownerId ?? this.defaultUserId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: input.preferredLocale ?? 'en-US',
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500_000,
      max_video_channel_users: 25,
      features: [],
      application_id: null,
      unavailable: false,
      large: false,
      lazy: true,
      member_count: 2,
      joined_at: new Date(0).toISOString(),
      roles: [
        {
          id, // @everyone shares the guild's id
          name: '@everyone',
          permissions: permissionString(input.everyonePermissions, DEFAULT_MEMBER_PERMISSIONS),
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          icon: null,
          unicode_emoji: null,
          flags: 0,
        },
      ],
      // The bot's own member lets `guild.members.me` and permission checks work.
      members: [this.member(this.botUser(), {})],
      channels,
      threads: [],
      emojis: [],
      stickers: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      ...input.extra,
    };
    this.guilds.set(id, guild);
    return guild;
  }

  // -------------------------------------------------------------------------
  // Interaction builders
  // -------------------------------------------------------------------------

  /** Dispatches an INTERACTION_CREATE payload (built below) and remembers it for the REST side. */
  sendInteraction(payload: Json, options: { shard?: number } = {}): { id: string; token: string } {
    this.registerInteraction(payload);
    this.dispatch('INTERACTION_CREATE', payload, options);
    return { id: payload.id, token: payload.token };
  }

  /**
   * Makes the REST side accept callbacks for a payload without dispatching it (e.g. to deliver it
   * later with `dispatch`). `sendInteraction` calls this.
   */
  registerInteraction(payload: Json): void {
    if (this.interactions.has(payload.id)) return;
    const state: InteractionState = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      payload,
      createdAt: Date.now(),
      acknowledged: false,
      followUpIds: [],
      events: [],
    };
    this.interactions.set(state.id, state);
    this.interactionsByToken.set(state.token, state);
  }

  slashCommand(input: SlashCommandInput): Json {
    const ctx = this.resolveContext(input);
    return this.interaction(InteractionType.ApplicationCommand, ctx, {
      ...this.commandRef(input.name, 1, ctx.guildId),
      options: this.commandOptions(input),
      ...(input.resolved ? { resolved: input.resolved } : {}),
    });
  }

  autocomplete(input: AutocompleteInput): Json {
    const ctx = this.resolveContext(input);
    const raw = toApiOptions(input.options ?? {});
    if (!raw.some((o) => o.name === input.focused)) raw.push({ name: input.focused, type: 3, value: '' });
    // The focused option is required: discord.js's getFocused() throws without one.
    const options = raw.map((o) => (o.name === input.focused ? { ...o, value: String(o.value ?? ''), focused: true } : o));
    return this.interaction(InteractionType.ApplicationCommandAutocomplete, ctx, {
      ...this.commandRef(input.name, 1, ctx.guildId),
      options: this.commandOptions({ ...input, options }),
    });
  }

  button(input: ComponentInput): Json {
    const ctx = this.resolveContext(input);
    const message = this.componentMessage(ctx, input.message, {
      type: 2,
      style: 1,
      custom_id: input.customId,
      label: input.customId,
    });
    // message is required for component interactions; discord.js builds a Message from it.
    return this.interaction(InteractionType.MessageComponent, ctx, { custom_id: input.customId, component_type: 2 }, { message });
  }

  selectMenu(input: SelectMenuInput): Json {
    const ctx = this.resolveContext(input);
    const componentType = input.componentType ?? 3;
    const message = this.componentMessage(ctx, input.message, { type: componentType, custom_id: input.customId, options: [] });
    return this.interaction(InteractionType.MessageComponent, ctx, { custom_id: input.customId, component_type: componentType, values: input.values }, { message });
  }

  messageContextMenu(input: MessageContextMenuInput): Json {
    const ctx = this.resolveContext(input);
    const target = this.buildMessage({
      author: this.user({ id: snowflake(), username: 'someone' }),
      content: 'target message',
      channel_id: ctx.channelId,
      ...(ctx.guildId ? { guild_id: ctx.guildId } : {}),
      ...input.targetMessage,
    });
    return this.interaction(InteractionType.ApplicationCommand, ctx, {
      ...this.commandRef(input.name, 3, ctx.guildId),
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
    });
  }

  userContextMenu(input: UserContextMenuInput): Json {
    const ctx = this.resolveContext(input);
    const target = this.user(input.targetUser ?? { id: snowflake(), username: 'someone' });
    const resolved: Json = { users: { [target.id]: target } };
    if (ctx.guildId) {
      const { user: _user, ...member } = this.member(target, {});
      resolved.members = { [target.id]: { ...member, permissions: DEFAULT_MEMBER_PERMISSIONS.toString() } };
    }
    return this.interaction(InteractionType.ApplicationCommand, ctx, {
      ...this.commandRef(input.name, 2, ctx.guildId),
      target_id: target.id,
      resolved,
    });
  }

  modalSubmit(input: ModalSubmitInput): Json {
    const ctx = this.resolveContext(input);
    const components = Object.entries(input.fields).map(([customId, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id: customId, value }],
    }));
    const extra = input.message ? { message: this.buildMessage({ channel_id: ctx.channelId, ...input.message }) } : {};
    return this.interaction(InteractionType.ModalSubmit, ctx, { custom_id: input.customId, components }, extra);
  }

  /** Fills in guild and channel once, so every part of one payload agrees on them. */
  private resolveContext(input: InteractionContextInput): InteractionContextInput & { guildId: string | null; channelId: string } {
    const guildId = input.guildId === undefined ? this.defaultGuildId : input.guildId;
    const knownChannel: string | undefined = guildId ? this.guilds.get(guildId)?.channels[0]?.id : undefined;
    const fallback = guildId === this.defaultGuildId ? this.defaultChannelId : (knownChannel ?? snowflake());
    return { ...input, guildId, channelId: input.channelId ?? fallback };
  }

  private componentMessage(ctx: { guildId: string | null; channelId: string }, partial: Partial<FakeMessage> | undefined, component: Json): FakeMessage {
    return this.buildMessage({
      channel_id: ctx.channelId,
      ...(ctx.guildId ? { guild_id: ctx.guildId } : {}),
      components: [{ type: 1, components: [component] }],
      ...partial,
    });
  }

  /** `id`, `name`, `type` (and `guild_id` for guild commands), reusing registered command ids. */
  private commandRef(name: string, type: number, guildId: string | null): Json {
    const guildCommand = guildId ? this.guildCommandSets.get(guildId)?.find((c) => c.name === name && c.type === type) : undefined;
    const globalCommand = this.globalCommands.find((c) => c.name === name && c.type === type);
    return {
      id: guildCommand?.id ?? globalCommand?.id ?? snowflake(),
      name,
      type,
      ...(guildCommand ? { guild_id: guildId } : {}),
    };
  }

  private commandOptions(input: SlashCommandInput): Json[] {
    let options = toApiOptions(input.options ?? {});
    if (input.subcommand) options = [{ name: input.subcommand, type: 1, options }];
    if (input.subcommandGroup) options = [{ name: input.subcommandGroup, type: 2, options }];
    return options;
  }

  private interaction(type: number, context: InteractionContextInput & { guildId: string | null; channelId: string }, data: Json, extra: Json = {}): Json {
    const { guildId, channelId } = context;
    const user = this.user(context.user);
    const appPermissions = permissionString(context.appPermissions, DEFAULT_APP_PERMISSIONS);
    const common: Json = {
      id: snowflake(),
      application_id: this.applicationId,
      type,
      token: randomToken(),
      version: 1,
      locale: context.locale ?? 'en-US',
      app_permissions: appPermissions,
      // Both are required: discord.js iterates entitlements and wraps the owners map.
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      data,
      ...extra,
    };
    if (guildId) {
      const knownChannel = this.guilds.get(guildId)?.channels.find((c: Json) => c.id === channelId);
      return {
        ...common,
        guild_id: guildId,
        guild: { id: guildId, locale: context.guildLocale ?? 'en-US', features: [] },
        guild_locale: context.guildLocale ?? 'en-US',
        // discord.js reads channel.id; channel_id is kept for fidelity.
        channel_id: channelId,
        channel: { id: channelId, type: 0, guild_id: guildId, name: knownChannel?.name ?? 'general', permissions: appPermissions, nsfw: false, flags: 0 },
        member: { ...this.member(user, context), permissions: permissionString(context.permissions, DEFAULT_MEMBER_PERMISSIONS) },
        authorizing_integration_owners: { '0': guildId },
        context: 0,
      };
    }
    return {
      ...common,
      channel_id: channelId,
      channel: { id: channelId, type: 1, recipients: [user], flags: 0 },
      user,
      authorizing_integration_owners: { '0': '0' },
      context: 1,
    };
  }
}

/** `{ name: value }` → API options (3 string, 4 integer, 10 number, 5 boolean); arrays pass through. */
function toApiOptions(options: OptionsInput): Json[] {
  if (Array.isArray(options)) return clone(options);
  return Object.entries(options).map(([name, value]) => {
    const type = typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3;
    return { name, type, value };
  });
}
