// skit's own implementation of the `@johnlindquist/kit` API (Script Kit), for
// Script Kit scripts run by skit. Every prompt goes through skit's Node SDK
// (../skit.mjs), so it speaks skit's protocol 1.1 like any other skit script.
//
// skit starts a Script Kit script with globals.mjs preloaded: the functions
// below are then globals, as in Script Kit, and `import "@johnlindquist/kit"`
// resolves to this file. What Script Kit has and skit does not (its HTML form,
// term, widget, chat, webcam...) is a function that throws at once, naming
// itself and the script's line: never a prompt that waits forever.
//
// See docs/scriptkit.md.

import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fsp from "node:fs/promises";
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync } from "node:fs";
import * as nodePath from "node:path";
import { homedir, tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as skit from "../skit.mjs";

const KIT_DIR = nodePath.dirname(fileURLToPath(import.meta.url));
const SDK_DIR = nodePath.dirname(KIT_DIR);

// ---------------------------------------------------------------------------
// The script

/** The script's arguments; the first `arg()` calls answer with them, as in Script Kit. */
export const args = process.argv.slice(2);
/** Script Kit's parsed `--flags`; skit passes none. */
export const flag = {};

function scriptFile() {
  return process.env.SKIT_SCRIPT ?? process.argv[1] ?? "script";
}

function scriptName() {
  return nodePath.basename(scriptFile()).replace(/\.[^.]+$/, "");
}

// "my-script.js:12": the first stack frame outside this SDK, i.e. the script's line.
function callerLine() {
  for (const frame of (new Error().stack ?? "").split("\n").slice(1)) {
    const match = frame.match(/\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?\s*$/);
    if (!match) continue;
    let file = match[1];
    if (file.startsWith("file://")) file = fileURLToPath(file.split("?")[0]);
    if (file.startsWith(SDK_DIR + nodePath.sep)) continue;
    return `${nodePath.basename(file)}:${match[2]}`;
  }
  return nodePath.basename(scriptFile());
}

/** Thrown by what skit does not provide: names the function and the script's line. */
export class NotSupportedError extends Error {
  constructor(name, why) {
    super(
      `${name}() is Script Kit API that skit does not provide (called at ${callerLine()})` +
        (why ? `: ${why}` : "") +
        ". See skit's docs/scriptkit.md for what works.",
    );
    this.name = "NotSupportedError";
  }
}

function unsupported(name, why) {
  const stub = function () {
    const error = new NotSupportedError(name, why);
    Error.captureStackTrace?.(error, stub);
    throw error;
  };
  Object.defineProperty(stub, "name", { value: name });
  return stub;
}

// ---------------------------------------------------------------------------
// Markdown (Script Kit renders HTML; skit renders markdown)

const fromMd = new Set();

/** Script Kit's md() makes HTML of markdown; skit shows markdown as it is. */
export function md(markdown = "") {
  const text = String(markdown);
  fromMd.add(text);
  return text;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: " " };

/** A rough markdown rendering of the HTML Script Kit scripts give div() and previews. */
export function htmlToMarkdown(html) {
  return String(html)
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<pre[^>]*>([\s\S]*?)<\/pre>/gi, (_, code) => `\n\`\`\`\n${code.replace(/<[^>]+>/g, "")}\n\`\`\`\n`)
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_, level, text) => `\n\n${"#".repeat(Number(level))} ${text.trim()}\n\n`)
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, "[$2]($1)")
    .replace(/<img [^>]*src="([^"]*)"[^>]*>/gi, (tag, src) => `![${(tag.match(/alt="([^"]*)"/i) ?? [])[1] ?? ""}](${src})`)
    .replace(/<\/?(strong|b)(\s[^>]*)?>/gi, "**")
    .replace(/<\/?(em|i)(\s[^>]*)?>/gi, "*")
    .replace(/<\/?code(\s[^>]*)?>/gi, "`")
    .replace(/<li[^>]*>/gi, "\n- ")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|ul|ol|blockquote|section|article|table|tr)>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name) => ENTITIES[name])
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function looksLikeHtml(text) {
  return /^\s*<([a-z][a-z0-9]*)[\s>/]/i.test(text);
}

function toMarkdown(content) {
  const text = String(content ?? "");
  if (fromMd.has(text) || !looksLikeHtml(text)) return text;
  return htmlToMarkdown(text);
}

function firstLine(markdown) {
  const line = markdown.split("\n").find((l) => l.trim()) ?? "";
  return line.replace(/^#+\s*|[*_`]/g, "").trim();
}

// ---------------------------------------------------------------------------
// Prompts

// Choices as skit takes them; `originals` maps what skit answers back to the
// script's own value (any object, kept as it was).
function toChoices(list, originals) {
  const out = [];
  for (const choice of list ?? []) {
    if (choice === null || choice === undefined) continue;
    if (typeof choice !== "object") {
      out.push(String(choice));
      continue;
    }
    const name = String(choice.name ?? choice.value ?? "");
    const row = { name };
    if (choice.value !== undefined && typeof choice.value !== "function") {
      row.value = choice.value;
      const key = JSON.stringify(choice.value);
      if (key !== undefined) originals.set(key, choice.value);
    }
    if (choice.description) row.description = String(choice.description);
    if (typeof choice.preview === "string") row.preview = toMarkdown(choice.preview);
    if (choice.tag) row.tag = String(choice.tag);
    if (choice.group) row.group = String(choice.group);
    if (choice.id !== undefined) row.id = String(choice.id);
    const icon = choice.icon ?? choice.img;
    if (typeof icon === "string" && (icon.startsWith("/") || !/^[a-z]+:/i.test(icon)) && icon.length < 512) {
      row.icon = icon.startsWith("~/") ? nodePath.join(homedir(), icon.slice(2)) : icon;
    }
    out.push(row);
  }
  return out;
}

function original(value, originals) {
  if (Array.isArray(value)) return value.map((v) => original(v, originals));
  const key = JSON.stringify(value);
  return originals.has(key) ? originals.get(key) : value;
}

// What a function of the input gave: choices, or a panel (text or markdown)
// shown as one row (its first line; the whole panel as its preview when it has
// more); Enter answers the input.
function liveResult(result, input, originals) {
  if (typeof result === "string") {
    const markdown = toMarkdown(result);
    const name = firstLine(markdown) || input;
    const row = { name, value: input };
    // A one-line panel is the row itself; a longer one shows in the preview pane.
    if (markdown.trim().includes("\n")) row.preview = markdown;
    return [row];
  }
  originals.clear();
  return toChoices(result, originals);
}

/**
 * Asks for text, or one of `choices`: strings, objects {name, value,
 * description, preview, tag, group, icon, img, id}, a promise of either, or a
 * function of the input returning them (or a panel of text/markdown) as the
 * user types. The first argument is a placeholder, or an options object
 * {placeholder, hint, input, choices, strict, multiple}.
 */
export async function arg(placeholderOrConfig, choices) {
  if (args.length && process.env.SKIT_TRIGGER !== "keyword") return args.shift();
  const config =
    placeholderOrConfig && typeof placeholderOrConfig === "object"
      ? placeholderOrConfig
      : { placeholder: placeholderOrConfig };
  choices = choices ?? config.choices;
  const options = { hint: config.hint, strict: config.strict, input: config.input, multiple: config.multiple };
  const placeholder = config.placeholder === undefined ? undefined : String(config.placeholder);
  const originals = new Map();
  if (typeof choices === "function" && choices.length === 0) choices = await choices();
  choices = await choices;
  if (typeof choices === "function") {
    const fn = choices;
    const answer = await skit.arg(placeholder, async (input) => liveResult(await fn(input), input, originals), options);
    return original(answer, originals);
  }
  if (typeof choices === "string") choices = [choices];
  const rows = choices === undefined ? undefined : toChoices(choices, originals);
  // Choices with a preview function: computed when the row is focused.
  const previews = new Map();
  for (const choice of Array.isArray(choices) ? choices : []) {
    if (choice && typeof choice.preview === "function") previews.set(JSON.stringify(choice.value ?? choice.name), choice.preview);
  }
  if (previews.size) {
    options.preview = async (value) => {
      const preview = previews.get(JSON.stringify(value));
      return preview ? toMarkdown(await preview()) : "";
    };
  }
  return original(await skit.arg(placeholder, rows, options), originals);
}

/** Several choices at once (Script Kit's select): resolves to an array. */
export function select(placeholderOrConfig, choices) {
  const config =
    placeholderOrConfig && typeof placeholderOrConfig === "object"
      ? placeholderOrConfig
      : { placeholder: placeholderOrConfig };
  return arg({ ...config, multiple: true }, choices);
}

/** Shows HTML or markdown (see md()) until the user presses Enter. */
export async function div(content = "") {
  const html = content && typeof content === "object" ? content.html ?? "" : content;
  await skit.div(toMarkdown(html));
}

const FIELD_TYPES = new Set(["text", "password", "number", "checkbox", "textarea"]);

/**
 * A form of single-line inputs: labels as strings, or {name, label,
 * placeholder, value, type, required}. Resolves to the answers as an array, in
 * field order, as text (as Script Kit's HTML inputs give them).
 */
export async function fields(list) {
  if (list && !Array.isArray(list)) list = list.fields ?? [];
  const asked = list.map((field, i) => {
    const f = typeof field === "string" ? { label: field } : field;
    const out = { name: `field${i}`, label: f.label ?? f.name ?? `Field ${i + 1}` };
    if (f.placeholder !== undefined) out.placeholder = String(f.placeholder);
    if (f.value !== undefined) out.value = f.value;
    if (FIELD_TYPES.has(f.type)) out.type = f.type;
    if (f.required) out.required = true;
    return out;
  });
  const answers = await skit.fields(asked);
  return asked.map(({ name, type }) => {
    const value = answers?.[name];
    if (type === "checkbox") return Boolean(value);
    return value === null || value === undefined ? "" : String(value);
  });
}

/** A multi-line editor: a string, or {value, placeholder}. Resolves to the text. */
export function editor(config = "") {
  const { value, placeholder } = typeof config === "object" && config !== null ? config : { value: String(config) };
  return skit.editor(value ?? "", placeholder);
}

export const textarea = editor;

/**
 * Picks a file or folder: a start folder, or {startPath, onlyDirs, showHidden,
 * placeholder, hint}. Also has node:path's functions (path.join...), as in Script Kit.
 */
function pathPrompt(config = {}) {
  const c = typeof config === "string" ? { startPath: config } : config ?? {};
  return skit.path(c.placeholder ?? c.hint, {
    startPath: c.startPath,
    onlyDirs: c.onlyDirs,
    showHidden: c.showHidden,
  });
}
for (const [key, value] of Object.entries(nodePath)) {
  if (key !== "default" && !(key in pathPrompt)) pathPrompt[key] = value;
}
export { pathPrompt as path };

export const selectFile = (hint) => pathPrompt({ placeholder: hint });
export const selectFolder = (hint) => pathPrompt({ placeholder: hint, onlyDirs: true });

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASS$/i;

/**
 * The value of environment variable `key`; when unset, asked once and kept in
 * skit's env file (masked when the name looks secret, or with {secret: true}).
 * The second argument may be a placeholder, {placeholder, hint, secret}, or a
 * function that computes the value.
 */
export async function env(key, config) {
  if (process.env[key]) return process.env[key];
  if (typeof config === "function") {
    const value = await config();
    process.env[key] = value;
    return value;
  }
  const c = typeof config === "string" ? { placeholder: config } : config ?? {};
  return skit.env(key, {
    secret: c.secret ?? SECRET_NAME.test(key),
    placeholder: c.placeholder,
    hint: c.hint,
  });
}

// ---------------------------------------------------------------------------
// The desktop

/** A notice: text, or {title, body}. */
export async function notify(message) {
  const text =
    message && typeof message === "object"
      ? [message.title, message.body ?? message.message].filter(Boolean).join(": ")
      : String(message ?? "");
  skit.notify(text);
}

/** Puts text on the clipboard. */
export async function copy(text) {
  skit.copy(String(text ?? ""));
}

function run_(command, argv) {
  return new Promise((resolve, reject) =>
    execFile(command, argv, { timeout: 3000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}

/** The clipboard's text (Script Kit's paste), through wl-paste, xclip or xsel. */
export async function paste() {
  const readers = [];
  if (process.env.WAYLAND_DISPLAY) readers.push(["wl-paste", ["--no-newline"]]);
  readers.push(["xclip", ["-selection", "clipboard", "-o"]], ["xsel", ["--clipboard", "--output"]]);
  for (const [command, argv] of readers) {
    try {
      return await run_(command, argv);
    } catch (error) {
      if (error.code === "ENOENT") continue;
      return "";
    }
  }
  throw new Error(`paste() reads the clipboard with wl-paste, xclip or xsel; none is installed (called at ${callerLine()})`);
}

export const clipboard = {
  readText: paste,
  writeText: copy,
};

/** The text selected in the app the user came from ("" when none). */
export async function getSelectedText() {
  return (await skit.getSelection()) ?? "";
}

/** Replaces the selection in the app the user came from: pastes `text` there. */
export async function setSelectedText(text) {
  skit.paste(String(text ?? ""));
}

export async function hide() {
  skit.hide();
}

export async function show() {
  skit.show();
}

export function exit(code = 0) {
  skit.exit(code);
}

/** Opens a URL or a path with the desktop's handler. */
export async function open(target) {
  skit.openTarget(String(target));
}

export const browse = open;
export const edit = open;

export const wait = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
export const uuid = () => randomUUID();
export const home = (...parts) => nodePath.join(homedir(), ...parts);

/** A path in this script's own temporary folder (created). */
export function tmpPath(...parts) {
  const dir = nodePath.join(tmpdir(), `skit-kit-${process.getuid?.() ?? ""}`, scriptName());
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return nodePath.join(dir, ...parts);
}

// ---------------------------------------------------------------------------
// Other scripts

// The folders `run()` looks in: skit's scripts folder, and this script's own.
function scriptFolders() {
  const config = process.env.XDG_CONFIG_HOME || nodePath.join(homedir(), ".config");
  const folders = [process.env.SKIT_SCRIPTS_DIR, nodePath.join(config, "skit", "scripts"), nodePath.dirname(scriptFile())];
  return [...new Set(folders.filter(Boolean))];
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function findScript(name) {
  if (name.includes("/")) {
    const file = nodePath.resolve(nodePath.dirname(scriptFile()), name.replace(/^~\//, `${homedir()}/`));
    return existsSync(file) ? file : null;
  }
  const wanted = name.replace(/\.(m?js|ts)$/, "");
  const byName = [];
  const visit = (dir, depth) => {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = nodePath.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 2 && !entry.name.startsWith(".") && entry.name !== "node_modules") visit(file, depth + 1);
        continue;
      }
      const stem = entry.name.replace(/\.[^.]+$/, "");
      if (stem === wanted || stem === slug(wanted)) return byName.unshift(file);
      try {
        const head = readFileSync(file, "utf8").slice(0, 4096);
        const title = head.match(/^\s*(?:\/\/|#)\s*Name:\s*(.+)$/m)?.[1]?.trim();
        if (title && title.toLowerCase() === wanted.toLowerCase()) byName.push(file);
      } catch {
        // Not readable: not a match.
      }
    }
  };
  for (const folder of scriptFolders()) {
    visit(folder, 0);
    if (byName.length) return byName[0];
  }
  return null;
}

let runs = 0;

/**
 * Runs another script by name (its file name or its `Name:`), with arguments:
 * a JavaScript script in this process, its first `arg()`s answered by them, as
 * in Script Kit; any other script through `skit run`. Resolves when it is done.
 */
export async function run(name, ...runArgs) {
  const file = findScript(String(name));
  if (!file) throw new Error(`run(): no script named "${name}" (called at ${callerLine()})`);
  if (/\.(m?js|ts)$/.test(file)) {
    const saved = args.splice(0, args.length, ...runArgs.map(String));
    try {
      return await import(`${pathToFileURL(file).href}?skit-kit=${++runs}`);
    } finally {
      args.splice(0, args.length, ...saved);
    }
  }
  return exec(`${quote(skitBinary())} run ${quote(file)} -- ${runArgs.map((a) => quote(String(a))).join(" ")}`);
}

function skitBinary() {
  try {
    const parent = readlinkSync(`/proc/${process.ppid}/exe`);
    if (nodePath.basename(parent).startsWith("skit")) return parent;
  } catch {
    // No /proc: the one on PATH.
  }
  return "skit";
}

// ---------------------------------------------------------------------------
// Data

function dataDir() {
  const data = process.env.XDG_DATA_HOME || nodePath.join(homedir(), ".local", "share");
  return nodePath.join(data, "skit");
}

/**
 * A small JSON database: `await db({ items: [] })` is this script's own file,
 * `await db("name", defaults)` a shared one, both in skit's data folder
 * (`$XDG_DATA_HOME/skit/db/`). The result has the data's keys as properties,
 * plus `data`, `write()`, `read()` and `clear()`.
 */
export async function db(key, defaults) {
  if (typeof key !== "string") {
    defaults = key;
    key = scriptName();
  }
  if (typeof defaults === "function") defaults = await defaults();
  if (Array.isArray(defaults)) defaults = { items: defaults };
  const dir = nodePath.join(dataDir(), "db");
  const file = nodePath.join(dir, `${slug(key) || "db"}.json`);
  const initial = () => structuredClone(defaults ?? {});
  let data;
  const read = async () => {
    try {
      data = JSON.parse(await fsp.readFile(file, "utf8"));
      if (defaults && typeof defaults === "object" && data && typeof data === "object" && !Array.isArray(data)) {
        data = { ...initial(), ...data };
      }
    } catch (error) {
      if (error.code !== "ENOENT") throw new Error(`db: cannot read ${file}: ${error.message}`);
      data = initial();
    }
  };
  await read();
  const api = {
    get data() {
      return data;
    },
    set data(value) {
      data = value;
    },
    file,
    async read() {
      await read();
    },
    async write() {
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
      await fsp.rename(tmp, file);
    },
    async clear() {
      data = {};
      await fsp.rm(file, { force: true });
    },
  };
  return new Proxy(api, {
    get(target, prop) {
      if (prop in target) {
        const value = target[prop];
        return typeof value === "function" ? value.bind(target) : value;
      }
      return data?.[prop];
    },
    set(target, prop, value) {
      if (prop === "data") data = value;
      else data[prop] = value;
      return true;
    },
    has: (target, prop) => prop in target || (data != null && prop in data),
  });
}

// ---------------------------------------------------------------------------
// HTTP (axios-like, over fetch)

function isPlainBody(body) {
  return (
    body !== null &&
    typeof body === "object" &&
    !(body instanceof URLSearchParams) &&
    !(body instanceof ArrayBuffer) &&
    !ArrayBuffer.isView(body) &&
    !(typeof Blob !== "undefined" && body instanceof Blob) &&
    !(typeof FormData !== "undefined" && body instanceof FormData)
  );
}

async function request(method, url, body, config = {}) {
  const target = new URL(url, config.baseURL);
  for (const [key, value] of Object.entries(config.params ?? {})) target.searchParams.set(key, value);
  const headers = { ...(config.headers ?? {}) };
  const has = (name) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  let payload = body;
  if (isPlainBody(body)) {
    payload = JSON.stringify(body);
    if (!has("content-type")) headers["content-type"] = "application/json";
  } else if (typeof body === "string" && !has("content-type")) {
    headers["content-type"] = "text/plain;charset=utf-8";
  }
  const response = await fetch(target, {
    method,
    headers,
    body: payload,
    signal: config.timeout ? AbortSignal.timeout(config.timeout) : config.signal,
  });
  let data;
  if (config.responseType === "arraybuffer") data = await response.arrayBuffer();
  else {
    data = await response.text();
    if (config.responseType !== "text") {
      try {
        data = JSON.parse(data);
      } catch {
        // Not JSON: the text.
      }
    }
  }
  const result = {
    data,
    status: response.status,
    statusText: response.statusText,
    headers: Object.fromEntries(response.headers),
    config,
  };
  if (!response.ok) {
    const error = new Error(`Request failed with status code ${response.status}`);
    error.response = result;
    error.status = response.status;
    throw error;
  }
  return result;
}

export const get = (url, config) => request("GET", url, undefined, config);
export const del = (url, config) => request("DELETE", url, undefined, config);
export const post = (url, data, config) => request("POST", url, data, config);
export const put = (url, data, config) => request("PUT", url, data, config);
export const patch = (url, data, config) => request("PATCH", url, data, config);

// ---------------------------------------------------------------------------
// Processes

function quote(text) {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function childProcess(command, options, shell) {
  const child = spawn(command, {
    shell,
    cwd: options.cwd,
    env: { ...process.env, ...(options.env ?? {}) },
    // stdin is skit's channel to this script: a child must never read it.
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (options.input !== undefined) child.stdin.end(String(options.input));
  let stdout = "";
  let stderr = "";
  let all = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => ((stdout += chunk), (all += chunk)));
  child.stderr.setEncoding("utf8").on("data", (chunk) => ((stderr += chunk), (all += chunk)));
  const done = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ stdout, stderr, all, exitCode: code, signal }));
  });
  return { child, done };
}

const stripFinalNewline = (text) => text.replace(/\r?\n$/, "");

/**
 * Runs a shell command (Script Kit's exec, as execa's): resolves to {stdout,
 * stderr, all, exitCode}, the final newline stripped; rejects when it fails,
 * unless {reject: false}. Options: cwd, env, input, shell.
 */
export function exec(command, options = {}) {
  const { child, done } = childProcess(command, options, options.shell ?? true);
  const promise = done.then((r) => {
    const result = {
      command,
      stdout: stripFinalNewline(r.stdout),
      stderr: stripFinalNewline(r.stderr),
      all: stripFinalNewline(r.all),
      exitCode: r.exitCode,
      failed: r.exitCode !== 0,
    };
    if (result.failed && options.reject !== false) {
      const error = new Error(
        `Command failed with ${r.signal ? `signal ${r.signal}` : `exit code ${r.exitCode}`}: ${command}\n${result.stderr}`,
      );
      Object.assign(error, result);
      throw error;
    }
    return result;
  });
  return Object.assign(promise, { child, pid: child.pid, stdout: child.stdout, stderr: child.stderr, kill: (s) => child.kill(s) });
}

/** zx's `$` tag: each value quoted for the shell; resolves to {stdout, stderr, exitCode}. */
export function $(pieces, ...values) {
  const quoteValue = (value) => (Array.isArray(value) ? value.map((v) => quote(String(v))).join(" ") : quote(String(value)));
  const command = pieces.reduce((text, piece, i) => text + piece + (i < values.length ? quoteValue(values[i]) : ""), "");
  const { done } = childProcess(command, {}, "/bin/bash");
  return done.then((r) => {
    const output = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, toString: () => r.stdout };
    if (r.exitCode !== 0) {
      const error = new Error(`${command}: exit code ${r.exitCode}\n${r.stderr}`);
      Object.assign(error, output);
      throw error;
    }
    return output;
  });
}

// ---------------------------------------------------------------------------
// Files (Script Kit's fs globals)

export const { readFile, writeFile, appendFile, readdir, stat, mkdir, rm, copyFile, rename } = fsp;
export const ensureDir = (dir) => fsp.mkdir(dir, { recursive: true });
export const pathExists = async (file) => existsSync(file);
export const isFile = async (file) => existsSync(file) && statSync(file).isFile();
export const isDir = async (file) => existsSync(file) && statSync(file).isDirectory();
export const readJson = async (file) => JSON.parse(await fsp.readFile(file, "utf8"));
export const writeJson = (file, data) => fsp.writeFile(file, JSON.stringify(data, null, 2) + "\n");

// ---------------------------------------------------------------------------
// What skit does not provide: a clear error at the call, never a hang.

const SHOWS_HTML = "it needs Script Kit's HTML window";
const MAC_ONLY = "it needs macOS";

const UNSUPPORTED = {
  form: SHOWS_HTML,
  term: "skit has no terminal prompt; use exec() or $ for commands",
  widget: SHOWS_HTML,
  chat: "skit has no chat prompt",
  webcam: "skit has no camera prompt",
  mic: "skit has no microphone prompt",
  eyeDropper: "skit has no colour picker",
  drop: "skit has no drop zone",
  hotkey: "skit has no key-recording prompt",
  micro: SHOWS_HTML,
  grid: SHOWS_HTML,
  emoji: "skit has no emoji picker prompt",
  find: "skit has no file search prompt; use path()",
  docs: SHOWS_HTML,
  inspect: "skit has no inspector",
  dev: "skit has no developer tools",
  setPanel: "live prompt helpers are not provided; return a panel from arg()'s function",
  setDiv: "live prompt helpers are not provided",
  setPreview: "live prompt helpers are not provided; give choices a preview",
  setChoices: "live prompt helpers are not provided; give arg() a function of the input",
  setHint: "live prompt helpers are not provided",
  setInput: "live prompt helpers are not provided",
  setPlaceholder: "live prompt helpers are not provided",
  setLoading: "live prompt helpers are not provided",
  setTab: "skit has no prompt tabs",
  onTab: "skit has no prompt tabs",
  menu: "skit has no tray menu",
  say: MAC_ONLY,
  beep: MAC_ONLY,
  playAudioFile: MAC_ONLY,
  applescript: MAC_ONLY,
  getActiveAppBounds: MAC_ONLY,
  getActiveScreen: MAC_ONLY,
  getActiveTab: "it needs Script Kit's browser bridge",
  getTabs: "it needs Script Kit's browser bridge",
  focusTab: "it needs Script Kit's browser bridge",
  keyboard: "skit does not send arbitrary keys; use setSelectedText()",
  mouse: "skit does not move the mouse",
  getClipboardHistory: "skit's clipboard history is not open to scripts",
  clearClipboardHistory: "skit's clipboard history is not open to scripts",
  npm: "skit does not install packages: run `npm install` in the script's folder and import it",
  kenvPath: "skit has no kenv folder",
  kitPath: "skit has no kit folder",
};

export const unsupportedNames = Object.keys(UNSUPPORTED);

// The API as Script Kit's globals. A name the runtime already defines is left alone.
const SKIP = new Set(["installGlobals", "NotSupportedError", "htmlToMarkdown", "unsupportedNames"]);

export function installGlobals() {
  const api = { ...exportsForGlobals() };
  for (const [name, why] of Object.entries(UNSUPPORTED)) api[name] = unsupported(name, why);
  for (const [name, value] of Object.entries(api)) {
    if (SKIP.has(name) || name in globalThis) continue;
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
}

function exportsForGlobals() {
  return {
    args, flag, md, arg, select, div, fields, editor, textarea, path: pathPrompt, selectFile, selectFolder,
    env, notify, copy, paste, clipboard, getSelectedText, setSelectedText, hide, show, exit, open, browse,
    edit, wait, uuid, home, tmpPath, run, db, get, del, post, put, patch, exec, $, readFile, writeFile,
    appendFile, readdir, stat, mkdir, rm, copyFile, rename, ensureDir, pathExists, isFile, isDir,
    readJson, writeJson,
  };
}

// The unsupported names as exports too, for `import { term } from "@johnlindquist/kit"`.
export const form = unsupported("form", UNSUPPORTED.form);
export const term = unsupported("term", UNSUPPORTED.term);
export const widget = unsupported("widget", UNSUPPORTED.widget);
export const chat = unsupported("chat", UNSUPPORTED.chat);
export const webcam = unsupported("webcam", UNSUPPORTED.webcam);
export const mic = unsupported("mic", UNSUPPORTED.mic);
export const eyeDropper = unsupported("eyeDropper", UNSUPPORTED.eyeDropper);
export const drop = unsupported("drop", UNSUPPORTED.drop);
export const hotkey = unsupported("hotkey", UNSUPPORTED.hotkey);
export const say = unsupported("say", UNSUPPORTED.say);
