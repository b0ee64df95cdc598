import { inflateSync } from 'node:zlib';

/**
 * Names that make a PDF do something when opened or clicked rather than show a page: scripts, launching
 * programs, embedded files, rich media, XML forms and form submission. A receipt needs none of them.
 */
const activeNames = new Set(['JS', 'JavaScript', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA', 'SubmitForm', 'ImportData']);

/** A PDF name (`/JavaScript`); `#xx` escapes are decoded, since `/J#61vaScript` is the same name. */
const namePattern = /\/([^\s/[\]<>(){}%]+)/g;

/** Each object stream inflated is at most this large; more is not a receipt. */
const maxInflatedBytes = 32 * 1024 * 1024;

function decodeName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function namesIn(text: string): Set<string> {
  return new Set([...text.matchAll(namePattern)].map((match) => decodeName(match[1]!)));
}

/**
 * The compressed object streams of a PDF (`/Type /ObjStm`): dictionaries, actions among them, may hide
 * inside them, where a plain search of the file cannot see them. Streams of other types (pages, images,
 * fonts) hold no dictionaries and are not inflated.
 */
function* objectStreams(text: string, bytes: Buffer): Generator<Buffer> {
  for (const match of text.matchAll(/(?<!end)stream\r?\n/g)) {
    const dictionaryStart = text.lastIndexOf(' obj', match.index);
    if (dictionaryStart < 0 || !namesIn(text.slice(dictionaryStart, match.index)).has('ObjStm')) continue;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    yield bytes.subarray(start, end);
  }
}

export type PdfProblem = 'ACTIVE_CONTENT' | 'ENCRYPTED' | 'UNREADABLE';

/**
 * What stops a PDF from being served as uploaded: active content (in the file or in its object streams),
 * encryption (its object streams cannot be read, so cannot be checked), or being unreadable: no
 * end-of-file marker near the end (cut short), or an object stream that does not inflate. Null when none.
 */
export function pdfProblem(bytes: Buffer): PdfProblem | null {
  const text = bytes.toString('latin1');
  if (!text.slice(-1024).includes('%%EOF')) return 'UNREADABLE';
  const names = namesIn(text);
  if (names.has('Encrypt')) return 'ENCRYPTED';
  if ([...names].some((name) => activeNames.has(name))) return 'ACTIVE_CONTENT';
  for (const stream of objectStreams(text, bytes)) {
    let inflated: Buffer;
    try {
      inflated = inflateSync(stream, { maxOutputLength: maxInflatedBytes });
    } catch {
      // An object stream that cannot be read cannot be checked.
      return 'UNREADABLE';
    }
    if ([...namesIn(inflated.toString('latin1'))].some((name) => activeNames.has(name))) return 'ACTIVE_CONTENT';
  }
  return null;
}
