/** Error answers in Discord's own shape (status, message, code, nested form errors). */
import type { Json } from './constants.ts';
import type { Reply } from './types.ts';

// ---------------------------------------------------------------------------
// Errors in Discord's shape
// ---------------------------------------------------------------------------

export const errors = {
  notFound: (): Reply => ({ status: 404, body: { message: '404: Not Found', code: 0 } }),
  unauthorized: (): Reply => ({ status: 401, body: { message: '401: Unauthorized', code: 0 } }),
  missingAccess: (): Reply => ({ status: 403, body: { message: 'Missing Access', code: 50001 } }),
  unknownInteraction: (): Reply => ({ status: 404, body: { message: 'Unknown interaction', code: 10062 } }),
  unknownWebhook: (): Reply => ({ status: 404, body: { message: 'Unknown Webhook', code: 10015 } }),
  unknownMessage: (): Reply => ({ status: 404, body: { message: 'Unknown Message', code: 10008 } }),
  unknownCommand: (): Reply => ({ status: 404, body: { message: 'Unknown application command', code: 10063 } }),
  alreadyAcknowledged: (): Reply => ({
    status: 400,
    body: { message: 'Interaction has already been acknowledged.', code: 40060 },
  }),
  emptyMessage: (): Reply => ({ status: 400, body: { message: 'Cannot send an empty message', code: 50006 } }),
  badJson: (): Reply => ({ status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } }),
  invalidForm: (problems: Array<[string, string]>): Reply => {
    // Discord nests errors by field path: { embeds: { 0: { title: { _errors: [...] } } } }.
    const tree: Record<string, Json> = {};
    for (const [path, message] of problems) {
      let node = tree;
      for (const key of path.split('.')) node = node[key] ??= {};
      (node._errors ??= []).push({ code: 'INVALID_FORM_BODY', message });
    }
    return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: tree } };
  },
};
