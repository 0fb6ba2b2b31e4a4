// A real SMTP server on loopback that keeps every message it receives: `smtp-server` receives (plain SMTP, no AUTH,
// no STARTTLS), `mailparser` parses. Start ansett with `--smtp-url <sink.url>`.
//
//   const sink = useSmtpSink();                                          // before/after hooks of this describe
//   const app = useApp('x', lang, { serverArgs: () => ['--smtp-url', sink.url] });
//   const mail = await sink.waitForMessage({ to: 'a@b.example' });       // { raw, parsed, envelope, mime }
import { AssertionError } from 'node:assert';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Starts the sink on a free loopback port. Returns { port, url, messages, waitForMessage(), stop() }.
 * Each message: { raw: Buffer, envelope: { from, to[] }, parsed (mailparser's simpleParser result), mime (tree from
 * `parseMime`) }.
 */
export async function startSmtpSink() {
  const messages = [];
  const errors = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        try {
          const parsed = await simpleParser(raw);
          messages.push({
            raw,
            parsed,
            mime: parseMime(raw.toString('latin1')),
            envelope: {
              from: session.envelope.mailFrom?.address ?? null,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
          });
          callback();
        } catch (e) {
          errors.push(e);
          callback(e);
        }
      });
    },
  });
  server.on('error', (e) => errors.push(e));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address();
  const url = `smtp://127.0.0.1:${port}`;
  let stopped = false;
  return {
    port,
    url,
    messages,
    errors,
    /**
     * Waits (polling) for a message whose envelope recipients include `to` (case-insensitive) and that matches
     * `where(message)`, if given. Fails listing what did arrive.
     */
    async waitForMessage({ to, where, timeout = 15_000 } = {}) {
      const match = (m) =>
        (to === undefined || m.envelope.to.some((a) => a.toLowerCase() === to.toLowerCase())) && (!where || where(m));
      const deadline = Date.now() + timeout;
      for (;;) {
        const m = messages.find(match);
        if (m) return m;
        if (Date.now() > deadline) {
          const seen = messages.map((x) => `  to ${x.envelope.to.join(', ')}: ${x.parsed.subject}`).join('\n') || '  (none)';
          throw new AssertionError({
            message:
              `no email${to ? ` to ${to}` : ''} arrived at the SMTP sink ${url} within ${timeout} ms; received:\n${seen}` +
              (errors.length ? `\nsink errors: ${errors.map((e) => e.message).join('; ')}` : ''),
          });
        }
        await sleep(100);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Registers before/after hooks in the current describe block that start and stop an SMTP sink. */
export function useSmtpSink() {
  let sink = null;
  const handle = {
    get port() {
      return sink.port;
    },
    get url() {
      return sink.url;
    },
    get messages() {
      return sink.messages;
    },
    waitForMessage: (opts) => sink.waitForMessage(opts),
  };
  before(async () => {
    sink = await startSmtpSink();
  });
  after(async () => {
    if (sink) await sink.stop();
  });
  return handle;
}

function parseHeaders(block) {
  const headers = {};
  for (const line of block.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** "text/plain; charset=utf-8" → { value: 'text/plain', params: { charset: 'utf-8' } } (names lower-cased). */
export function parseHeaderValue(v = '') {
  const [value, ...rest] = v.split(';');
  const params = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { value: value.trim().toLowerCase(), params };
}

/**
 * The MIME structure of a raw message (a small parser, enough to check what a message is made of):
 * { headers, contentType: { value, params }, parts: [ …same shape… ], body (raw, undecoded) }.
 */
export function parseMime(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const headers = parseHeaders(split < 0 ? text : text.slice(0, split));
  const body = split < 0 ? '' : text.slice(split + 2);
  const contentType = parseHeaderValue(headers['content-type'] || 'text/plain');
  const node = { headers, contentType, parts: [], body };
  const boundary = contentType.params.boundary;
  if (contentType.value.startsWith('multipart/') && boundary) {
    const chunks = body.split(`--${boundary}`);
    // chunks[0] is the preamble; the chunk starting with "--" is the end marker and epilogue.
    for (const chunk of chunks.slice(1)) {
      if (chunk.startsWith('--')) break;
      node.parts.push(parseMime(chunk.replace(/^\n/, '')));
    }
  }
  return node;
}
