//! HTTP server lifecycle: configure, serve, and drain on SIGTERM/SIGINT.

use std::error::Error;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use rocket::error::ErrorKind;
use rocket::fairing::AdHoc;
use rocket::figment::providers::{Env, Serialized};
use rocket::figment::{Figment, Provider};
use rocket::{Build, Rocket, Shutdown};

use crate::app::{self, Readiness};
use crate::config::{self, Config, ConfigError};
use crate::shutdown::Signals;

/// Rocket's own figment (defaults, `Rocket.toml`, `ROCKET_*` variables) with
/// the settings this service owns laid on top; every other `ROCKET_*`
/// variable keeps working (`ROCKET_KEEP_ALIVE`, `ROCKET_LIMITS`, ...).
///
/// The overrides go to figment's *global* profile: a plain merge lands in the
/// default profile, which `ROCKET_*` (global) and `[release]` tables in
/// `Rocket.toml` would still beat. Precedence therefore is:
///
/// * address and port: see [`listen_addr`]. `ROCKET_ADDRESS` if set, else
///   `0.0.0.0` (never Rocket's 127.0.0.1); `PORT` if set, else `ROCKET_PORT`
///   if set, else ${port}. `Rocket.toml` cannot set either (a warning says so).
/// * workers: `WORKERS` when set, else `ROCKET_WORKERS`, else one per CPU.
/// * shutdown: what `SHUTDOWN_DELAY_MS` leaves of `SHUTDOWN_TIMEOUT_SECS`,
///   and no signal handling by Rocket ([`run`] installs its own).
/// * ident: no `Server` header, unless `ROCKET_IDENT` or `Rocket.toml` sets
///   one.
///
/// `temp_dir` is left to Rocket: `TMPDIR`, else `/tmp`, which distroless
/// provides (1777). This service accepts no uploads, so nothing is written.
///
/// # Errors
///
/// A `ROCKET_ADDRESS` or `ROCKET_PORT` that is not a valid value, named in
/// the error as `PORT` is by [`Config`]. Other `ROCKET_*` values are checked
/// by Rocket when the figment is extracted (see [`serve`]).
pub fn figment(config: &Config) -> Result<Figment, ConfigError> {
    let base = rocket::Config::figment();
    let addr = listen_addr(config, env_var)?;
    warn_ignored(&base);
    // `Server: Rocket` would name the framework to every client and cost each
    // response a header-map insert.
    let base = if is_default(&base, "ident") {
        base.merge(Serialized::global("ident", false))
    } else {
        base
    };
    let (grace, mercy) = grace_and_mercy(config.drain_timeout());
    let figment = base
        .merge(Serialized::global("address", addr.ip()))
        .merge(Serialized::global("port", addr.port()))
        // Never ANSI colours: they would end up inside the JSON log lines.
        .merge(Serialized::global("cli_colors", false))
        // Rocket's own logger never gets installed (the tracing bridge owns
        // `log`, see main.rs); "off" also keeps it quiet in tests.
        .merge(Serialized::global("log_level", "off"))
        // Rocket would trip shutdown itself on SIGINT/SIGTERM, before readiness
        // flips; `run` handles both signals instead.
        .merge(Serialized::global("shutdown.ctrlc", false))
        .merge(Serialized::global("shutdown.signals", Vec::<&str>::new()))
        .merge(Serialized::global("shutdown.grace", grace))
        .merge(Serialized::global("shutdown.mercy", mercy));
    Ok(match config.workers {
        Some(workers) => figment.merge(Serialized::global("workers", workers.get())),
        None => figment,
    })
}

/// Where the server listens, from the variables `var` returns (`None`: unset):
///
/// * address: `ROCKET_ADDRESS` if set (`::` for IPv6, `127.0.0.1` behind a
///   sidecar, ...), else `0.0.0.0`, so published container ports reach the
///   service. Rocket's own default, 127.0.0.1, is the classic container bug.
/// * port: `PORT` if set (`config.port`, already parsed by [`Config`]), else
///   `ROCKET_PORT` if set, else `config.port`, the default ${port}. `PORT` is
///   the variable platforms set and every rustkit service reads, so it wins;
///   when both are set and disagree, a warning says so once, at startup.
///
/// Rocket has no `PORT` of its own, and its default port (8000) never applies.
///
/// # Errors
///
/// `ROCKET_ADDRESS` that is not an IP address, or `ROCKET_PORT` outside
/// 1-65535 (as for `PORT`, 0 is refused: a random port is unreachable), even
/// when `PORT` wins: a malformed variable is a mistake worth stopping for.
pub fn listen_addr(
    config: &Config,
    var: impl Fn(&str) -> Option<String>,
) -> Result<SocketAddr, ConfigError> {
    let address: IpAddr = match var("ROCKET_ADDRESS") {
        Some(value) => config::parse(
            "ROCKET_ADDRESS",
            value,
            "an IP address, such as 0.0.0.0, :: or 127.0.0.1",
        )?,
        None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    };
    let rocket_port = var("ROCKET_PORT")
        .map(|value| config::parse_port("ROCKET_PORT", value))
        .transpose()?;
    let port = match (var("PORT").is_some(), rocket_port) {
        (false, Some(rocket_port)) => rocket_port,
        (true, Some(rocket_port)) if rocket_port != config.port => {
            tracing::warn!(
                port = config.port,
                rocket_port,
                "PORT and ROCKET_PORT disagree: PORT wins"
            );
            config.port
        }
        _ => config.port,
    };
    Ok(SocketAddr::new(address, port))
}

/// An environment variable as the service reads it: `ROCKET_*` the way
/// Rocket's own provider does (name matched case-insensitively), anything
/// else the way [`Config`] does. Values are decoded lossily, as there.
fn env_var(name: &str) -> Option<String> {
    match name.strip_prefix("ROCKET_") {
        Some(key) => Env::prefixed("ROCKET_")
            .iter()
            .find(|(found, _)| found.as_str().eq_ignore_ascii_case(key))
            .map(|(_, value)| value),
        None => std::env::var_os(name).map(|value| value.to_string_lossy().into_owned()),
    }
}

/// Splits what the shutdown delay leaves of the budget into Rocket's phases.
/// Once shutdown begins, Rocket stops accepting, lets in-flight requests run
/// for `grace` seconds, then closes connections within `mercy` seconds, then
/// waits one fixed second more before giving up. grace + mercy + 1 = the rest
/// keeps the whole stop within the budget: the default 8 s gives a 1 s delay,
/// then 5 + 1 + 1, done before the SIGKILL `docker stop` sends after 10 s.
fn grace_and_mercy(budget: Duration) -> (u32, u32) {
    let total = budget.as_secs().saturating_sub(1);
    let mercy = total.min(1);
    let grace = u32::try_from(total - mercy).unwrap_or(u32::MAX);
    (grace, u32::try_from(mercy).unwrap_or(0))
}

/// Whether `key` still has Rocket's built-in value: neither `Rocket.toml` nor
/// a `ROCKET_*` variable set it.
fn is_default(base: &Figment, key: &str) -> bool {
    let defaults = rocket::Config::default().metadata().name;
    base.find_metadata(key)
        .is_none_or(|source| source.name == defaults)
}

/// An address or port from `Rocket.toml` (or the file `ROCKET_CONFIG` names)
/// has no effect here: only the variables [`listen_addr`] reads do. Say so
/// instead of leaving the user to wonder.
fn warn_ignored(base: &Figment) {
    let defaults = rocket::Config::default().metadata().name;
    let env = Env::prefixed("ROCKET_").metadata().name;
    for (key, rule) in [
        ("address", "ROCKET_ADDRESS, else 0.0.0.0"),
        ("port", "PORT, else ROCKET_PORT, else ${port}"),
    ] {
        if let Some(source) = base.find_metadata(key)
            && source.name != defaults
            && source.name != env
        {
            tracing::warn!(
                setting = key,
                source = %source.name,
                "ignored: the {key} comes from {rule}"
            );
        }
    }
}

/// The application with this service's configuration and a startup log line.
/// The returned `Rocket` does nothing until it is ignited and launched.
pub fn build(figment: Figment, readiness: Arc<Readiness>) -> Rocket<Build> {
    app::app(readiness)
        .configure(figment)
        // Liftoff runs after the bind, so the port logged is the real one.
        .attach(AdHoc::on_liftoff("startup log", |rocket| {
            Box::pin(async move {
                let config = rocket.config();
                tracing::info!(
                    addr = %SocketAddr::new(config.address, config.port),
                    version = env!("CARGO_PKG_VERSION"),
                    allocator = crate::allocator::NAME,
                    workers = config.workers,
                    shutdown_grace_secs = config.shutdown.grace,
                    shutdown_mercy_secs = config.shutdown.mercy,
                    "listening"
                );
            })
        }))
}

/// Runs the server on its own async runtime until a graceful stop. Blocking.
///
/// The runtime is built here rather than by `rocket::execute`, which sizes it
/// from Rocket's figment alone and would ignore `WORKERS`.
pub fn serve(config: &Config) -> Result<(), Box<dyn Error>> {
    let figment = figment(config)?;
    // Extracted up front: a bad `ROCKET_*` value is then reported with its
    // key and source, where Rocket's launch error says only "failed to
    // extract configuration".
    let settings = rocket::Config::try_from(figment.clone())?;
    if settings.workers == 0 {
        // From ROCKET_WORKERS or Rocket.toml; tokio would panic on it.
        return Err("invalid workers = 0: expected at least 1".into());
    }
    let runtime = rocket::tokio::runtime::Builder::new_multi_thread()
        .worker_threads(settings.workers)
        .max_blocking_threads(settings.max_blocking)
        .enable_all()
        .build()?;
    let result = runtime.block_on(run(figment, config.shutdown_delay));
    // What Rocket's own runtime does with `shutdown.force`: a task that
    // ignores shutdown gets half a second, then the process exits anyway.
    runtime.shutdown_timeout(Duration::from_millis(500));
    result
}

/// Serves until SIGTERM or SIGINT, then drains gracefully (after `delay`
/// still serving, on SIGTERM). Returns `Ok` after a graceful stop, so the
/// process exits 0 and orchestrators see a clean exit.
pub async fn run(figment: Figment, delay: Duration) -> Result<(), Box<dyn Error>> {
    let signals = Signals::install()?;
    let readiness = Arc::new(Readiness::new());
    let rocket = build(figment, Arc::clone(&readiness)).ignite().await?;
    let addr = SocketAddr::new(rocket.config().address, rocket.config().port);
    let handle = rocket.shutdown();
    rocket::tokio::spawn(async move {
        signals.stop_requested(&readiness, delay).await;
        shutdown(handle, &readiness);
    });

    let Err(err) = rocket.launch().await else {
        tracing::info!("server stopped");
        return Ok(());
    };
    match err.kind() {
        // Connections outlived grace and mercy and were cut. Still the stop
        // that was asked for: exit 0, as actix does after its timeout.
        ErrorKind::Shutdown(..) => {
            tracing::warn!(error = %err, "server stopped, open connections were cut");
            Ok(())
        }
        // Rocket's message ("binding failed: Address in use") lacks the address.
        ErrorKind::Bind(io) => Err(format!("cannot bind {addr}: {io}").into()),
        _ => Err(err.to_string().into()),
    }
}

/// Graceful stop: report not-ready (if the signal handling has not already),
/// then stop accepting and let in-flight requests finish within the grace
/// period. `launch()` resolves once connections are closed.
pub fn shutdown(handle: Shutdown, readiness: &Readiness) {
    readiness.set_ready(false);
    handle.notify();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `listen_addr` with `PORT` parsed by `Config`, as `serve` gets it; the
    /// variables come from the slice, never from the process environment.
    fn listen(vars: &[(&str, &str)]) -> Result<String, ConfigError> {
        let var = |name: &str| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        };
        let config = Config::from_lookup(var).expect("valid PORT");
        listen_addr(&config, var).map(|addr| addr.to_string())
    }

    #[test]
    fn listen_address_precedence() {
        assert_eq!(listen(&[]).unwrap(), "0.0.0.0:${port}");
        assert_eq!(listen(&[("PORT", "9000")]).unwrap(), "0.0.0.0:9000");
        assert_eq!(listen(&[("ROCKET_PORT", "9001")]).unwrap(), "0.0.0.0:9001");
        let both = [("PORT", "9000"), ("ROCKET_PORT", "9001")];
        assert_eq!(listen(&both).unwrap(), "0.0.0.0:9000");
        let same = [("PORT", "9000"), ("ROCKET_PORT", "9000")];
        assert_eq!(listen(&same).unwrap(), "0.0.0.0:9000");
        let local = [("ROCKET_ADDRESS", "127.0.0.1")];
        assert_eq!(listen(&local).unwrap(), "127.0.0.1:${port}");
        let v6 = [("ROCKET_ADDRESS", "::"), ("PORT", "9000")];
        assert_eq!(listen(&v6).unwrap(), "[::]:9000");
    }

    #[test]
    fn bad_rocket_address_or_port_names_variable_and_value() {
        let err = listen(&[("ROCKET_ADDRESS", "localhost")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid ROCKET_ADDRESS=\"localhost\": expected an IP address, such as 0.0.0.0, :: or 127.0.0.1"
        );
        for bad in ["", "0.0.0.0:80", "[::]", " 127.0.0.1", "0.0.0.0.0"] {
            let err = listen(&[("ROCKET_ADDRESS", bad)]).unwrap_err();
            assert_eq!((err.var, err.value.as_str()), ("ROCKET_ADDRESS", bad));
        }
        let err = listen(&[("ROCKET_PORT", "80o0")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid ROCKET_PORT=\"80o0\": expected an integer from 1 to 65535"
        );
        for bad in ["", "0", "65536", "-1", " 8080"] {
            let err = listen(&[("ROCKET_PORT", bad)]).unwrap_err();
            assert_eq!((err.var, err.value.as_str()), ("ROCKET_PORT", bad));
        }
        // Refused even when PORT wins: a malformed variable is a mistake.
        let err = listen(&[("PORT", "9000"), ("ROCKET_PORT", "x")]).unwrap_err();
        assert_eq!(err.var, "ROCKET_PORT");
    }

    #[test]
    fn shutdown_budget_covers_all_of_rockets_phases() {
        let split = |secs| grace_and_mercy(Duration::from_secs(secs));
        assert_eq!(split(8), (6, 1));
        assert_eq!(split(3), (1, 1));
        assert_eq!(split(2), (0, 1));
        // Below 2 s only Rocket's fixed last second remains.
        assert_eq!(split(1), (0, 0));
        assert_eq!(split(0), (0, 0));
        assert_eq!(split(u64::MAX), (u32::MAX, 1));
    }
}
