// Starts the web app: loads the WebAssembly module built from the Rust code.
import init from "/crm.js";

init({ module_or_path: "/crm_bg.wasm" });
