//! HTTP server lifecycle: configure, serve, and drain on SIGTERM/SIGINT.

use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use rocket::error::ErrorKind;
use rocket::fairing::AdHoc;
use rocket::figment::providers::Serialized;
use rocket::figment::{Figment, Provider};
use rocket::{Build, Rocket, Shutdown};

use crate::app::{self, Readiness};
use crate::config::Config;
use crate::shutdown::Signals;

/// Rocket's own figment (defaults, `Rocket.toml`, `ROCKET_*` variables) with
/// the settings this service owns laid on top; every other `ROCKET_*`
/// variable keeps working (`ROCKET_KEEP_ALIVE`, `ROCKET_LIMITS`, ...).
///
/// The overrides go to figment's *global* profile: a plain merge lands in the
/// default profile, which `ROCKET_*` (global) and `[release]` tables in
/// `Rocket.toml` would still beat. Precedence therefore is:
///
/// * address: always `0.0.0.0`, so published container ports reach the
///   service (Rocket's default is 127.0.0.1); `ROCKET_ADDRESS` is ignored.
/// * port: always `PORT` (default ${port}), the variable platforms set and every
///   rustkit service reads; `ROCKET_PORT` is ignored, with a warning.
/// * workers: `WORKERS` when set, else `ROCKET_WORKERS`, else one per CPU.
/// * shutdown: what `SHUTDOWN_DELAY_MS` leaves of `SHUTDOWN_TIMEOUT_SECS`,
///   and no signal handling by Rocket ([`run`] installs its own).
///
/// `temp_dir` is left to Rocket: `TMPDIR`, else `/tmp`, which distroless
/// provides (1777). This service accepts no uploads, so nothing is written.
#[must_use]
pub fn figment(config: &Config) -> Figment {
    let base = rocket::Config::figment();
    warn_overridden(&base);
    let (grace, mercy) = grace_and_mercy(config.drain_timeout());
    let figment = base
        .merge(Serialized::global("address", config.bind_addr().ip()))
        .merge(Serialized::global("port", config.port))
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
    match config.workers {
        Some(workers) => figment.merge(Serialized::global("workers", workers.get())),
        None => figment,
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

/// A `ROCKET_ADDRESS`, `ROCKET_PORT` or `Rocket.toml` address/port has no
/// effect here; say so instead of leaving the user to wonder.
fn warn_overridden(base: &Figment) {
    let defaults = rocket::Config::default().metadata();
    for key in ["address", "port"] {
        if let Some(source) = base.find_metadata(key)
            && source.name != defaults.name
        {
            tracing::warn!(
                setting = key,
                source = %source.name,
                "ignored: the service always listens on 0.0.0.0:PORT"
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
                    addr = %std::net::SocketAddr::new(config.address, config.port),
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
    let figment = figment(config);
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
    let addr = std::net::SocketAddr::new(rocket.config().address, rocket.config().port);
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
