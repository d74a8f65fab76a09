//! The `crm-server` binary: parses the command line and hands over to [`crm_server::cli`].

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a request allocates and frees many small values (rows,
/// strings, JSON) from several threads, which glibc's allocator serves markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    crm_server::cli::main().await
}
