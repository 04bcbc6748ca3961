// Preloaded into every Script Kit script skit runs (`node --import`): the
// module hooks that make `import "@johnlindquist/kit"` and top-level `await`
// work, then the API as globals, as Script Kit provides them.

import { register } from "node:module";
import { pathToFileURL } from "node:url";

const kitIndex = new URL("./index.mjs", import.meta.url).href;
const mainScript = process.env.SKIT_SCRIPT ? pathToFileURL(process.env.SKIT_SCRIPT).href : null;
register("./hooks.mjs", import.meta.url, { data: { kitIndex, mainScript } });

const kit = await import("./index.mjs");
kit.installGlobals();
