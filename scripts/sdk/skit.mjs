// skit SDK for Node.js (no npm packages).
//
//   const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);
//   const fruit = await skit.arg("Pick a fruit", ["apple", "banana"]);
//   skit.notify(`You picked ${fruit}`);
//
// Prompts return promises of the answer. See docs/protocol.md.
//
// Live prompts (protocol 1.1): pass a function of the query as `choices` (it may
// be async, or an async generator) and the SDK runs the input/seq loop:
//
//   const path = await skit.arg("Find a file", async (query) => find(query), {
//     preview: async (value) => "```\n" + (await head(value)) + "\n```",
//     actions: [{ name: "Reveal", shortcut: "ctrl+r", close: false }],
//     onAction: (name, value, query) => reveal(value),
//   });
//
// Richer inputs (protocol 1.1): arg(placeholder, choices, { multiple: true })
// resolves to an array; fields() takes typed fields; path() picks a file or
// folder; env("KEY", { secret: true }) reads a variable, asking once when unset.

import { createInterface } from "node:readline";

let counter = 0;
const pending = new Map();
// Live prompts: their event handlers by id.
const live = new Map();
let lines = null;
/** The name of the prompt action that answered the last prompt, if one did. */
export let lastAction = null;

function listen() {
  if (lines === null) {
    lines = createInterface({ input: process.stdin, terminal: false });
    lines.on("line", (line) => {
      let reply;
      try {
        reply = JSON.parse(line);
      } catch {
        return;
      }
      if (!reply || typeof reply !== "object") return;
      if (reply.type !== "submit") {
        const handler = live.get(reply.id) ?? (reply.type === "hello" && live.get("hello"));
        if (handler) handler(reply);
        return;
      }
      const resolve = pending.get(reply.id);
      if (!resolve) return;
      pending.delete(reply.id);
      live.delete(reply.id);
      lastAction = reply.action ?? null;
      resolve(reply.value);
      settle();
    });
    // skit closed stdin: the run was cancelled.
    lines.on("close", () => process.exit(0));
  }
  process.stdin.ref?.();
}

// With no question open, stdin must not keep the script alive.
function settle() {
  if (pending.size === 0 && live.size === 0) process.stdin.unref?.();
}

/** Sends one message (an object) to skit. */
export function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function clean(message) {
  return Object.fromEntries(Object.entries(message).filter(([, v]) => v !== undefined));
}

/** Waits for the answer to prompt `id`. */
export function wait(id) {
  listen();
  return new Promise((resolve) => pending.set(id, resolve));
}

function prompt(message) {
  const id = String(++counter);
  send({ ...message, id });
  return wait(id);
}

/**
 * Asks for text, or one of `choices` (strings or {name, value, description,
 * preview, tag, group, icon, id}). `choices` may be a function of the query
 * (sync, async, or an async generator of choices): the script then filters.
 * Options: hint, strict, preview (true, or a function of the focused value that
 * returns markdown), actions ([{name, shortcut, description, value, close}]),
 * onAction(name, value, query) for actions with close: false, debounce, input,
 * multiple (several rows toggled with Ctrl+Space; resolves to an array).
 * Resolves to the value; `lastAction` names the action that answered, if any.
 */
export function arg(placeholder, choices, options = {}) {
  const { hint, strict, preview, actions, onAction, debounce, input, multiple } = options;
  const isLive = typeof choices === "function" || typeof preview === "function" || onAction;
  if (!isLive) {
    return prompt(clean({ type: "arg", placeholder, hint, choices, strict, actions, preview, input, multiple }));
  }
  const events = [];
  if (typeof choices === "function") events.push("input");
  if (typeof preview === "function") events.push("focus");
  if (onAction) events.push("action");
  const id = String(++counter);
  let newestInput = 0;
  live.set(id, async (event) => {
    if (event.type === "input" && typeof choices === "function") {
      newestInput = event.seq;
      await sendChoices(id, choices(event.value), event.seq, () => event.seq < newestInput);
    } else if (event.type === "focus" && typeof preview === "function") {
      const markdown = await preview(event.value);
      send({ type: "setPreview", id, markdown: markdown ?? "", seq: event.seq });
    } else if (event.type === "action" && onAction) {
      await onAction(event.action, event.value, event.input);
    }
  });
  const answer = wait(id);
  send(
    clean({
      type: "arg",
      id,
      placeholder,
      hint,
      choices: typeof choices === "function" ? undefined : choices,
      strict,
      events,
      filter: typeof choices === "function" ? "script" : undefined,
      debounce,
      actions,
      preview: typeof preview === "function" ? true : preview,
      input,
      multiple,
    }),
  );
  return answer;
}

// Sends what a choices function gave: an array at once; an async generator in
// batches, the first as soon as it has a few rows. Stops when a newer query came.
async function sendChoices(id, result, seq, stale) {
  result = await result;
  if (stale()) return;
  if (Array.isArray(result)) {
    send({ type: "setChoices", id, choices: result, seq });
    return;
  }
  let batch = [];
  let first = true;
  const flush = () => {
    send(first ? { type: "setChoices", id, choices: batch, seq } : { type: "setChoices", id, choices: batch, seq, append: true });
    batch = [];
    first = false;
  };
  for await (const choice of result) {
    if (stale()) return;
    batch.push(choice);
    if (batch.length === (first ? 20 : 200)) flush();
  }
  if (batch.length || first) flush();
}

/** Changes the open arg prompt `id`: placeholder, hint, input, loading, progress, footer, enterLabel, actions. */
export function update(id, fields) {
  send({ type: "update", id, ...fields });
}

/** Shows `markdown` in the preview pane of the open arg prompt `id`. */
export function setPreview(id, markdown, seq) {
  send(clean({ type: "setPreview", id, markdown, seq }));
}

/** Tells skit this script speaks protocol 1.1; resolves to skit's capabilities. */
export function hello() {
  listen();
  return new Promise((resolve) => {
    live.set("hello", (reply) => {
      live.delete("hello");
      settle();
      resolve(reply.capabilities ?? []);
    });
    send({ type: "hello", protocol: "1.1", sdk: "node" });
  });
}

/** Shows an arg prompt without waiting; returns its id for setChoices and wait. */
export function argOpen(placeholder, choices = [], { hint, strict } = {}) {
  const id = String(++counter);
  send(clean({ type: "arg", id, placeholder, hint, choices, strict }));
  return id;
}

/** Replaces the choices of the open arg prompt `id` (or adds them with `{ append: true }`). */
export function setChoices(id, choices, { append = false } = {}) {
  send(append ? { type: "setChoices", id, choices, append } : { type: "setChoices", id, choices });
}

/** Shows markdown until the user presses Enter. */
export async function div(markdown) {
  await prompt({ type: "div", markdown });
}

/**
 * A form; `fields` are names or {name, label, placeholder, value, type, required,
 * options}: type text (default), password, number, checkbox, select (options:
 * strings or {name, value}) or textarea. Resolves to {name: answer}, each answer
 * of its JSON type (a number or null, true/false, the option's value).
 */
export function fields(fields) {
  return prompt({
    type: "fields",
    fields: fields.map((f) => (typeof f === "string" ? { name: f } : f)),
  });
}

/** Picks a file (a folder with `onlyDirs`), from `startPath` (home by default). Resolves to its absolute path. */
export function path(placeholder, { startPath, onlyDirs, showHidden } = {}) {
  return prompt(clean({ type: "path", placeholder, startPath, onlyDirs, showHidden }));
}

/**
 * The value of variable `key`: from skit's env file or its environment when set,
 * else asked (masked with `secret`) and kept in the env file. Also sets
 * process.env[key] for programs the script starts.
 */
export async function env(key, { secret, placeholder, hint } = {}) {
  const value = await prompt(clean({ type: "env", key, secret, placeholder, hint }));
  process.env[key] = value;
  return value;
}

/** A multi-line editor (Ctrl+Enter submits). Resolves to the text. */
export function editor(value, placeholder) {
  return prompt(clean({ type: "editor", value, placeholder }));
}

export const notify = (text) => send({ type: "notify", text });
export const copy = (text) => send({ type: "copy", text });
export const openTarget = (target) => send({ type: "open", target });
export const hide = () => send({ type: "hide" });

/**
 * Hides skit and pastes `text` into the window the user was in, then puts their
 * clipboard back (protocol 1.1). `{ secret: true }` marks it as a password, so
 * clipboard managers (and skit's output) never keep it.
 */
export const paste = (text, { secret = false } = {}) =>
  send(secret ? { type: "paste", text, secret } : { type: "paste", text });
/** Like paste, typing `text` key by key (slower; for fields that block paste). */
export const typeText = (text) => send({ type: "type", text });
/** Resolves to the text the user has selected (the PRIMARY selection), or null. */
export const getSelection = () => prompt({ type: "getSelection" });
export const show = () => send({ type: "show" });

/** Tells skit the script is done, and exits. */
export function exit(code = 0) {
  send({ type: "exit", code });
  process.exit(code);
}
