#parse("/META-INF/rustkit/fragments/names.vm")
//! Entry point: the shared command line (`cli`) running the actix-web server.

use std::process::ExitCode;

use ${crate}::cli::{self, Service};
use ${crate}::server;

fn main() -> ExitCode {
    cli::main(&Service {
        environment_help: "  WORKERS                 worker threads (default: one per CPU)
  RUST_LOG                log filter (default info)",
        quiet_log_targets: &[],
        // One actix `System` on the main thread; workers get their own runtimes.
        serve: |config| actix_web::rt::System::new().block_on(server::run(config)),
    })
}
