#parse("/META-INF/rustkit/fragments/names.vm")
//! Entry point: argument dispatch and logging setup only; everything else
//! lives in the library so tests can reach it.

use std::process::ExitCode;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;
use ${crate}::config::Config;
use ${crate}::{healthcheck, server};

const NAME: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn usage() -> String {
    format!(
        "Usage: {NAME} [COMMAND]

Commands:
  (none)          run the HTTP server
  healthcheck     probe GET /health on 127.0.0.1:PORT; exit 0 if healthy, 1 if not

Options:
  -h, --help      print this help
  -V, --version   print the version

Environment:
  PORT                    listen port, 1-65535 (default ${port}); wins over ROCKET_PORT
  SHUTDOWN_TIMEOUT_SECS   graceful shutdown budget in seconds (default 8)
  WORKERS                 worker threads (default: ROCKET_WORKERS, else one per CPU)
  RUST_LOG                log filter (default info; Rocket's own records only
                          when named, e.g. info,rocket=info)
  ROCKET_*                other Rocket settings (ROCKET_KEEP_ALIVE, ROCKET_LIMITS, ...)"
    )
}

fn main() -> ExitCode {
    // Arguments are matched as lossy UTF-8 so odd bytes produce a usage error
    // rather than the panic `std::env::args` would raise.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();

    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => serve(),
        ["healthcheck"] => check_health(),
        ["-h" | "--help"] => {
            println!("{}", usage());
            ExitCode::SUCCESS
        }
        ["-V" | "--version"] => {
            println!("{NAME} {VERSION}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("error: unexpected arguments {other:?}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn serve() -> ExitCode {
    init_tracing();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            tracing::error!(error = %err, "invalid configuration");
            return ExitCode::FAILURE;
        }
    };
    match server::serve(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server failed");
            ExitCode::FAILURE
        }
    }
}

/// Runs without logging setup: the result goes to the exit code and, on
/// failure, one line on stderr that Docker stores in the health log.
fn check_health() -> ExitCode {
    let result = Config::port_from_env()
        .map_err(|e| e.to_string())
        .and_then(|port| healthcheck::probe(port).map_err(|e| e.to_string()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("unhealthy: {reason}");
            ExitCode::FAILURE
        }
    }
}

/// JSON lines on stdout, one event per line, no ANSI colours: what log
/// collectors (Docker, Kubernetes, Loki) expect. The level comes from
/// `RUST_LOG` (default "info"); `log` records from Rocket are bridged in.
fn init_tracing() {
    let mut directives = std::env::var("RUST_LOG")
        .ok()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| "info".to_owned());
    // Rocket logs in a terminal style: several lines per request, every 404
    // at `error`, the launch banner at `warn`. Requests, startup and shutdown
    // have events of their own here, so Rocket's records stay off unless
    // RUST_LOG names them (`RUST_LOG=info,rocket=info`).
    if !directives.contains("rocket") {
        directives.push_str(",rocket=off");
    }
    let filter = EnvFilter::builder()
        .with_default_directive(LevelFilter::INFO.into())
        .parse_lossy(directives);
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_env_filter(filter)
        .with_writer(std::io::stdout)
        .init();
}
