// Preloaded into Script Kit `.ts` scripts run with Bun (`bun --preload`):
// "@johnlindquist/kit" resolves to skit's own kit/index.mjs, and the API is
// installed as globals, as Script Kit provides them.

import { fileURLToPath } from "node:url";

const kitIndex = fileURLToPath(new URL("./index.mjs", import.meta.url));
Bun.plugin({
  name: "skit-kit",
  setup(build) {
    build.onResolve({ filter: /^@johnlindquist\/kit(\/.*)?$/ }, () => ({ path: kitIndex }));
  },
});

const kit = await import("./index.mjs");
kit.installGlobals();
