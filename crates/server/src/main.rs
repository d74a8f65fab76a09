//! The `crm-server` binary: parses the command line and hands over to [`crm_server::cli`].

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    crm_server::cli::main().await
}
