// skit SDK for Node.js (no npm packages).
//
//   const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);
//   const fruit = await skit.arg("Pick a fruit", ["apple", "banana"]);
//   skit.notify(`You picked ${fruit}`);
//
// Prompts return promises of the answer. See docs/protocol.md.

import { createInterface } from "node:readline";

let counter = 0;
const pending = new Map();
let lines = null;

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
      const resolve = reply && reply.type === "submit" && pending.get(reply.id);
      if (!resolve) return;
      pending.delete(reply.id);
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
  if (pending.size === 0) process.stdin.unref?.();
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

/** Asks for text, or one of `choices` (strings or {name, value, description}). */
export function arg(placeholder, choices, { hint, strict } = {}) {
  return prompt(clean({ type: "arg", placeholder, hint, choices, strict }));
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

/** A form; `fields` are names or {name, label, placeholder, value}. Resolves to {name: text}. */
export function fields(fields) {
  return prompt({
    type: "fields",
    fields: fields.map((f) => (typeof f === "string" ? { name: f } : f)),
  });
}

/** A multi-line editor (Ctrl+Enter submits). Resolves to the text. */
export function editor(value, placeholder) {
  return prompt(clean({ type: "editor", value, placeholder }));
}

export const notify = (text) => send({ type: "notify", text });
export const copy = (text) => send({ type: "copy", text });
export const openTarget = (target) => send({ type: "open", target });
export const hide = () => send({ type: "hide" });
export const show = () => send({ type: "show" });

/** Tells skit the script is done, and exits. */
export function exit(code = 0) {
  send({ type: "exit", code });
  process.exit(code);
}
