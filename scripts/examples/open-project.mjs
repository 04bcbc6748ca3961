#!/usr/bin/env node
// Name: Open Project
// Description: Find a git repository under your home folder and open it
// Alias: proj
const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);
import { readdir } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

const home = homedir();
const found = [];
const id = skit.argOpen("Open a project… (scanning)", []);

// Breadth-first, four levels deep, skipping hidden and dependency folders. Choices
// are streamed into the open prompt as repositories are found.
const SKIP = new Set(["node_modules", "target", "venv", ".cache"]);
let level = [home];
for (let depth = 0; depth < 4 && level.length > 0; depth++) {
  const next = [];
  for (const dir of level) {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (entries.some((e) => e.name === ".git")) {
      found.push({ name: dir.slice(home.length + 1) || "~", value: dir, description: dir });
      skit.setChoices(id, found);
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith(".") && !SKIP.has(e.name)) {
        next.push(join(dir, e.name));
      }
    }
  }
  level = next;
}
if (found.length === 0) {
  skit.setChoices(id, [{ name: "No git repositories found under ~", value: "" }]);
}
const project = await skit.wait(id);
if (project) skit.openTarget(project);
