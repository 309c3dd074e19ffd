/** Discord's documented limits, checked on every payload the bot sends, as Discord would refuse them. */
import { isRecord, type Json, MESSAGE_FLAG_IS_COMPONENTS_V2 } from './constants.ts';

// ---------------------------------------------------------------------------
// Validation of Discord limits
// ---------------------------------------------------------------------------

export function lengthOf(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

/** Problems with a message payload, as [field path, message] pairs. */
export function messageProblems(data: Json, requireContent: boolean, hasFiles: boolean): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (!isRecord(data)) {
    if (requireContent) problems.push(['data', 'Message payload required.']);
    return problems;
  }
  if (lengthOf(data.content) > 2000) problems.push(['content', 'Must be 2000 or fewer in length.']);
  const embeds: Json[] = Array.isArray(data.embeds) ? data.embeds : [];
  if (embeds.length > 10) problems.push(['embeds', 'Must be 10 or fewer in length.']);
  let embedTotal = 0;
  embeds.forEach((embed, i) => {
    if (!isRecord(embed)) return;
    const check = (field: string, value: unknown, max: number) => {
      if (lengthOf(value) > max) problems.push([`embeds.${i}.${field}`, `Must be ${max} or fewer in length.`]);
      embedTotal += lengthOf(value);
    };
    check('title', embed.title, 256);
    check('description', embed.description, 4096);
    check('footer.text', embed.footer?.text, 2048);
    check('author.name', embed.author?.name, 256);
    const fields: Json[] = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > 25) problems.push([`embeds.${i}.fields`, 'Must be 25 or fewer in length.']);
    fields.forEach((field, j) => {
      check(`fields.${j}.name`, field?.name, 256);
      check(`fields.${j}.value`, field?.value, 1024);
      if (!lengthOf(field?.name)) problems.push([`embeds.${i}.fields.${j}.name`, 'This field is required']);
      if (!lengthOf(field?.value)) problems.push([`embeds.${i}.fields.${j}.value`, 'This field is required']);
    });
  });
  if (embedTotal > 6000) problems.push(['embeds', 'Embed size exceeds maximum size of 6000']);
  const components: Json[] = Array.isArray(data.components) ? data.components : [];
  // Components V2 messages use a different layout; only classic action rows are checked.
  if ((Number(data.flags ?? 0) & MESSAGE_FLAG_IS_COMPONENTS_V2) === 0) {
    if (components.length > 5) problems.push(['components', 'Must be 5 or fewer in length.']);
    components.forEach((row, i) => {
      const children: Json[] = Array.isArray(row?.components) ? row.components : [];
      if (children.length > 5) problems.push([`components.${i}.components`, 'Must be 5 or fewer in length.']);
      children.forEach((child, j) => {
        if (child?.custom_id !== undefined && (lengthOf(child.custom_id) < 1 || lengthOf(child.custom_id) > 100)) {
          problems.push([`components.${i}.components.${j}.custom_id`, 'Must be between 1 and 100 in length.']);
        }
      });
    });
  }
  if (requireContent) {
    const empty = !lengthOf(data.content) && !embeds.length && !components.length && !hasFiles && !data.poll && !data.sticker_ids?.length;
    if (empty) problems.push(['', 'empty']);
  }
  return problems;
}

export function choiceProblems(data: Json): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const choices: Json[] = Array.isArray(data?.choices) ? data.choices : [];
  if (choices.length > 25) problems.push(['data.choices', 'Must be 25 or fewer in length.']);
  choices.forEach((choice, i) => {
    const nameLength = lengthOf(choice?.name);
    if (nameLength < 1 || nameLength > 100) problems.push([`data.choices.${i}.name`, 'Must be between 1 and 100 in length.']);
    if (typeof choice?.value === 'string' && lengthOf(choice.value) > 100) {
      problems.push([`data.choices.${i}.value`, 'Must be 100 or fewer in length.']);
    }
  });
  return problems;
}

export function commandProblems(command: Json, index: number): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const at = (field: string) => `${index}.${field}`;
  if (!isRecord(command)) return [[String(index), 'Must be an object.']];
  const type = Number(command.type ?? 1);
  const nameLength = lengthOf(command.name);
  if (nameLength < 1 || nameLength > 32) problems.push([at('name'), 'Must be between 1 and 32 in length.']);
  if (type === 1) {
    if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(String(command.name)) || String(command.name) !== String(command.name).toLowerCase()) {
      problems.push([at('name'), 'Command name is invalid']);
    }
    const descriptionLength = lengthOf(command.description);
    if (descriptionLength < 1 || descriptionLength > 100) {
      problems.push([at('description'), 'Must be between 1 and 100 in length.']);
    }
  }
  if (Array.isArray(command.options) && command.options.length > 25) {
    problems.push([at('options'), 'Must be 25 or fewer in length.']);
  }
  return problems;
}
