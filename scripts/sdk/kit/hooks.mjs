// Module hooks for Script Kit scripts under Node (registered by globals.mjs):
// "@johnlindquist/kit" (and its sub-paths) resolves to skit's own kit/index.mjs,
// and the script itself is always an ES module, so a `.js` file's top-level
// `await` works without a package.json saying "type": "module".

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

let kitIndex = null;
let mainScript = null;

export function initialize(data) {
  kitIndex = data.kitIndex;
  mainScript = data.mainScript;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "@johnlindquist/kit" || specifier.startsWith("@johnlindquist/kit/")) {
    return { url: kitIndex, format: "module", shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

// The script (and any script `run()` imports, marked with `?skit-kit`) is ESM.
function isKitScript(url) {
  if (!url.startsWith("file:")) return false;
  const bare = url.split("?")[0];
  return bare === mainScript || url.includes("?skit-kit");
}

export async function load(url, context, nextLoad) {
  if (isKitScript(url) && /\.(js|mjs|cjs)$/.test(url.split("?")[0])) {
    const source = await readFile(fileURLToPath(url.split("?")[0]), "utf8");
    return { format: "module", source, shortCircuit: true };
  }
  return nextLoad(url, context);
}
