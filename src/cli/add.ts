import { ImportError } from '../import/errors.ts';
import { importArticle, type ImportResult } from '../import/import-article.ts';
import { readConfig, runMain, UsageError } from '../run.ts';

const USAGE = 'Usage: npm run add -- <url | file.html | file.txt> [--url <canonical url>] [--id <id>] [--force] [--json]';

interface AddArguments {
  source: string;
  url?: string;
  id?: string;
  force: boolean;
  json: boolean;
}

export function parseAddArguments(args: readonly string[]): AddArguments | 'help' {
  const out: Partial<AddArguments> & { force: boolean; json: boolean } = { force: false, json: false };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') out.json = true;
    else if (arg === '--force') out.force = true;
    else if (arg === '--url' || arg === '--id') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value. ${USAGE}`);
      out[arg === '--url' ? 'url' : 'id'] = value;
    } else if (arg.startsWith('--url=') || arg.startsWith('--id=')) {
      const [name, ...rest] = arg.slice(2).split('=');
      out[name as 'url' | 'id'] = rest.join('=');
    } else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}. ${USAGE}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(positional.length ? `Give one page at a time. ${USAGE}` : `Give the page to import. ${USAGE}`);
  return { ...out, source: positional[0]! };
}

/** The text summary: the file, then what the article says about itself. */
export function renderImportText(result: ImportResult): string {
  const s = result.summary;
  const lines = [`${result.replaced ? 'Replaced' : 'Added'} ${s.file}`, `  title:     ${s.title}`];
  if (s.publisher) lines.push(`  publisher: ${s.publisher}`);
  if (s.author) lines.push(`  author:    ${s.author}`);
  if (s.published) lines.push(`  published: ${s.published}`);
  if (s.url) lines.push(`  url:       ${s.url}`);
  lines.push(`  ${s.paragraphs} paragraph${s.paragraphs === 1 ? '' : 's'}, ${s.sentences} sentence${s.sentences === 1 ? '' : 's'}`);
  lines.push('A running bot picks the file up by itself (or run /reload in Discord).');
  return lines.join('\n');
}

runMain(async () => {
  const parsed = parseAddArguments(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = readConfig();
  try {
    const result = await importArticle({
      source: parsed.source,
      knowledgeDir: config.KNOWLEDGE_DIR,
      ...(parsed.url !== undefined ? { url: parsed.url } : {}),
      ...(parsed.id !== undefined ? { id: parsed.id } : {}),
      force: parsed.force,
    });
    process.stdout.write(parsed.json ? `${JSON.stringify(result.summary)}\n` : `${renderImportText(result)}\n`);
  } catch (error) {
    // Said as "not imported: why", so the reason reads as the answer to the command.
    if (error instanceof ImportError) throw new ImportError(`Not imported: ${error.message}.`.replace(/\.\.$/, '.'), error.exitCode);
    throw error;
  }
});
