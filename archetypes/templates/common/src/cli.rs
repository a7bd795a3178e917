//! The command line every service shares: no argument serves, `healthcheck`
//! probes a running instance (the image's HEALTHCHECK: no shell, no curl),
//! `--help`, `--version`. The framework's `main` supplies the server.

use std::fmt::Display;
use std::process::ExitCode;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

use crate::config::{
    Config, DEFAULT_PORT, DEFAULT_SHUTDOWN_DELAY_MS, DEFAULT_SHUTDOWN_TIMEOUT_SECS,
};
use crate::healthcheck;

const NAME: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a framework's `main` hands over: its own environment variables for
/// `--help`, the log targets kept quiet unless `RUST_LOG` names them, and the
/// server itself, run with the configuration read from the environment.
pub struct Service<E: Display> {
    pub environment_help: &'static str,
    pub quiet_log_targets: &'static [&'static str],
    pub serve: fn(Config) -> Result<(), E>,
}

/// Runs the command the process arguments name; the exit code of the process.
pub fn main<E: Display>(service: &Service<E>) -> ExitCode {
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
        [] => serve(service),
        ["healthcheck"] => check_health(),
        ["-h" | "--help"] => {
            println!("{}", usage(service.environment_help));
            ExitCode::SUCCESS
        }
        ["-V" | "--version"] => {
            println!("{NAME} {VERSION}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!(
                "error: unexpected arguments {other:?}\n\n{}",
                usage(service.environment_help)
            );
            ExitCode::from(2)
        }
    }
}

fn usage(environment_help: &str) -> String {
    format!(
        "Usage: {NAME} [COMMAND]

Commands:
  (none)          run the HTTP server
  healthcheck     probe GET /health on 127.0.0.1:PORT; exit 0 if healthy, 1 if not

Options:
  -h, --help      print this help
  -V, --version   print the version

Environment:
  PORT                    listen port, 1-65535 (default {DEFAULT_PORT})
  SHUTDOWN_TIMEOUT_SECS   graceful shutdown budget in seconds (default {DEFAULT_SHUTDOWN_TIMEOUT_SECS})
  SHUTDOWN_DELAY_MS       part of it spent still serving after SIGTERM (default {DEFAULT_SHUTDOWN_DELAY_MS})
{environment_help}"
    )
}

fn serve<E: Display>(service: &Service<E>) -> ExitCode {
    init_logging(service.quiet_log_targets);
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            tracing::error!(error = %err, "invalid configuration");
            return ExitCode::FAILURE;
        }
    };
    match (service.serve)(config) {
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
/// collectors (Docker, Kubernetes, Loki) expect. The filter comes from
/// `RUST_LOG` (default "info"); the framework's own `log` records are bridged
/// in, except from `quiet_targets` unless `RUST_LOG` names them.
fn init_logging(quiet_targets: &[&str]) {
    let mut directives = std::env::var("RUST_LOG")
        .ok()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| "info".to_owned());
    for target in quiet_targets {
        if !directives.contains(target) {
            directives.push_str(&format!(",{target}=off"));
        }
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
