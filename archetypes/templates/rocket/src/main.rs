#parse("/META-INF/rustkit/fragments/names.vm")
//! Entry point: the shared command line (`cli`) running the Rocket server.

use std::process::ExitCode;

use ${crate}::cli::{self, Service};
use ${crate}::server;

fn main() -> ExitCode {
    cli::main(&Service {
        environment_help: "  ROCKET_PORT             listen port while PORT is unset
  ROCKET_ADDRESS          listen address, an IP such as :: or 127.0.0.1 (default
                          0.0.0.0, never Rocket's 127.0.0.1)
  WORKERS                 worker threads (default: ROCKET_WORKERS, else one per CPU)
  RUST_LOG                log filter (default info; Rocket's own records only
                          when named, e.g. info,rocket=info)
  ROCKET_*                other Rocket settings (ROCKET_KEEP_ALIVE, ROCKET_LIMITS, ...)",
        // Rocket logs in a terminal style: several lines per request, every
        // 404 at `error`, the launch banner at `warn`. Requests, startup and
        // shutdown have events of their own, so Rocket's records stay off
        // unless RUST_LOG names them (`RUST_LOG=info,rocket=info`).
        quiet_log_targets: &["rocket"],
        serve: |config| server::serve(&config),
    })
}
