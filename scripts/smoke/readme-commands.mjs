// Reads the commands the README promises, so the smoke suite runs exactly
// what a newcomer copies: the two commands at the top, and the curl block
// under "Try the workflow API with curl". Line-based and linear.

/** The fenced blocks of a Markdown text, with the heading they sit under. */
export function fencedBlocks(markdown) {
  const blocks = [];
  let heading = '';
  let open = null;
  for (const line of markdown.split('\n')) {
    if (open) {
      if (line.startsWith('```')) {
        blocks.push(open);
        open = null;
      } else open.lines.push(line);
      continue;
    }
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '').trim();
    else if (line.startsWith('```'))
      open = { lang: line.slice(3).trim(), heading, lines: [] };
  }
  if (open)
    throw new Error(`README: the block under "${heading}" is never closed`);
  return blocks;
}

/**
 * Shell commands of a block: backslash continuations joined, quoted text kept
 * across lines, comments and blank lines dropped.
 */
export function shellCommands(lines) {
  const commands = [];
  let pending = '';
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trim().startsWith('#')))
      continue;
    const text = pending + line;
    const { quote, end } = scan(text);
    if (quote) pending = `${text}\n`;
    else if (line.endsWith('\\')) pending = `${text.slice(0, -1)} `;
    else {
      commands.push(text.slice(0, end).trim());
      pending = '';
    }
  }
  if (pending)
    throw new Error(`README: an unfinished command: ${pending.trim()}`);
  return commands;
}

/** The quote left open at the end of `text`, and where a ` # comment` outside quotes starts. */
function scan(text) {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && /\s/.test(text[i - 1] ?? ' '))
      return { quote, end: i };
  }
  return { quote, end: text.length };
}

/**
 * The README's promises: the first block must come before any heading's text
 * and hold exactly two commands (start, test); the curl block is found by its
 * heading.
 */
export function readmeCommands(markdown) {
  const blocks = fencedBlocks(markdown);
  const first = blocks[0];
  const firstFence = markdown.indexOf('```');
  if (
    !first ||
    markdown.slice(0, firstFence).split('\n').filter(Boolean).length > 0
  )
    throw new Error(
      'README: the first lines must be the block with the two commands',
    );
  const top = shellCommands(first.lines);
  if (top.length !== 2)
    throw new Error(
      `README: the first block holds ${top.length} commands; it must hold exactly two (start, test)`,
    );
  const curl = blocks.find(b => /workflow API with curl/i.test(b.heading));
  if (!curl)
    throw new Error('README: no block under "Try the workflow API with curl"');
  return { start: top[0], test: top[1], curl: shellCommands(curl.lines) };
}
