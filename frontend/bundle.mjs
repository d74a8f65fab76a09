// Finishes the web app's build in frontend/dist (after wasm-bindgen): shrinks the WebAssembly module
// with binaryen's wasm-opt, names every asset after its content hash (so the server can let browsers
// keep it for a year), writes boot.js and index.html to load those names, and pre-compresses each
// asset with brotli and gzip (the server sends the smallest the browser accepts). Fails when the
// module, compressed, grows past the budget.
//
//   node frontend/bundle.mjs [dist]
//
// The budget: the module at most 800 KiB as brotli (what browsers fetch over HTTPS) and 1,150 KiB as
// gzip (over plain HTTP, where browsers do not ask for brotli); PERFORMANCE.md has the figures.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "frontend/dist";
const BUDGET_KB = { br: 800, gz: 1150 };
const wasmOpt = new URL("./node_modules/binaryen/bin/wasm-opt", import.meta.url).pathname;

// The features rustc's wasm32-unknown-unknown target emits, which wasm-opt must keep.
const FEATURES = [
  "--enable-bulk-memory",
  "--enable-mutable-globals",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-reference-types",
  "--enable-multivalue",
];

const path = (name) => join(dist, name);
const hashOf = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 12);
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

/// Renames `name` to `stem.<hash>.ext` and returns the new name.
function hashed(name) {
  const bytes = readFileSync(path(name));
  const dot = name.lastIndexOf(".");
  const renamed = `${name.slice(0, dot)}.${hashOf(bytes)}${name.slice(dot)}`;
  renameSync(path(name), path(renamed));
  return renamed;
}

/// Writes `name.br` and `name.gz` beside `name`; returns the three sizes.
function compress(name) {
  const bytes = readFileSync(path(name));
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(path(`${name}.br`), br);
  writeFileSync(path(`${name}.gz`), gz);
  return { raw: bytes.length, br: br.length, gz: gz.length };
}

const before = readFileSync(path("crm_bg.wasm")).length;
execFileSync(wasmOpt, ["-Oz", "--strip-debug", "--strip-producers", ...FEATURES, path("crm_bg.wasm"), "-o", path("crm_bg.wasm")], {
  stdio: "inherit",
});

const wasm = hashed("crm_bg.wasm");
const js = hashed("crm.js");
const css = hashed("style.css");
const boot = `// Starts the web app: loads the WebAssembly module built from the Rust code.\nimport init from "/${js}";\n\ninit({ module_or_path: "/${wasm}" });\n`;
const bootName = `boot.${hashOf(boot)}.js`;
writeFileSync(path(bootName), boot);
const index = readFileSync(path("index.html"), "utf8")
  .replace('href="/style.css"', `href="/${css}"`)
  .replace('href="/crm.js"', `href="/${js}"`)
  .replace('src="/boot.js"', `src="/${bootName}"`);
if (!index.includes(css) || !index.includes(js) || !index.includes(bootName)) {
  throw new Error("index.html does not name style.css, crm.js and boot.js as expected");
}
writeFileSync(path("index.html"), index);

const sizes = Object.fromEntries([wasm, js, css, bootName].map((name) => [name, compress(name)]));
for (const [name, size] of Object.entries(sizes)) {
  console.log(`${name}: ${kb(size.raw)}, gzip ${kb(size.gz)}, brotli ${kb(size.br)}`);
}
console.log(`wasm-opt: ${kb(before)} → ${kb(sizes[wasm].raw)}`);
const total = Object.values(sizes).reduce((sum, size) => sum + size.br, 0);
console.log(`first load: brotli ${kb(total)}; the module's budget: brotli ${BUDGET_KB.br} KiB, gzip ${BUDGET_KB.gz} KiB`);
for (const coding of ["br", "gz"]) {
  if (sizes[wasm][coding] > BUDGET_KB[coding] * 1024) {
    console.error(`the WebAssembly module is ${kb(sizes[wasm][coding])} as ${coding}, over its budget of ${BUDGET_KB[coding]} KiB`);
    process.exit(1);
  }
}
