#!/usr/bin/env node
// Name: Scratchpad
// Description: Write a few lines, then copy them to the clipboard
const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);

const text = await skit.editor("", "Write anything. Ctrl+Enter copies it.");
if (text.trim() !== "") {
  skit.copy(text);
  skit.notify(`Copied ${text.split("\n").length} line(s)`);
}
