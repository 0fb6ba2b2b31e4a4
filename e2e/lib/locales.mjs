// The UI's own translation files (crates/domain/locales/<lang>.txt), read at run time, so that a test looks for
// exactly the words the pages show: `ui(lang)('start.title')` → "Kom i gang".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { E2E_DIR } from './server.mjs';

const cache = new Map();

/** The `key = value` lines of `lang`'s translation file, as a lookup that fails on a key the file lacks. */
export function ui(lang) {
  if (!cache.has(lang)) {
    const file = path.join(E2E_DIR, '..', 'crates', 'domain', 'locales', `${lang}.txt`);
    const entries = new Map();
    // As domain::i18n reads them: trimmed lines, `#` comments, the first `=` splits key from value.
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      const line = raw.trim();
      const at = line.indexOf('=');
      if (line === '' || line.startsWith('#') || at < 0) continue;
      entries.set(line.slice(0, at).trim(), line.slice(at + 1).trim().replaceAll('\\n', '\n'));
    }
    cache.set(lang, entries);
  }
  const entries = cache.get(lang);
  return (key, args = {}) => {
    const text = entries.get(key);
    if (text === undefined) throw new Error(`no "${key}" in crates/domain/locales/${lang}.txt`);
    return text.replace(/\{(\w+)\}/g, (all, name) => (name in args ? String(args[name]) : all));
  };
}
