#!/usr/bin/env node
// Name: {{name}}
// Description: What it does, in a few words
const skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);

// Ask something (drop the choices for free text), then act on the answer.
const answer = await skit.arg("Pick one…", ["first choice", "second choice"]);
skit.notify(`You picked: ${answer}`);
