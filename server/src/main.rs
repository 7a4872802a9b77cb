//! `ocop`: the Chợ OCOP server and its command-line tools.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = server::cli::Cli::parse();
    server::cli::run(cli).await
}
