//! HTTP server lifecycle: bind, serve, and drain on SIGTERM/SIGINT.

use std::io;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::HttpServer;
use actix_web::dev::{Server, ServerHandle};

use crate::app::{self, Readiness};
use crate::config::Config;
use crate::shutdown::Signals;

/// Builds the server on an already bound listener. Taking a listener (not an
/// address) lets tests bind `127.0.0.1:0` and learn the port before serving.
///
/// The returned `Server` does nothing until it is awaited or spawned.
pub fn build(
    listener: TcpListener,
    config: &Config,
    readiness: Arc<Readiness>,
) -> io::Result<Server> {
    let mut server = HttpServer::new(move || app::app(Arc::clone(&readiness)))
        // actix's own handlers treat SIGINT as a *forced* stop and cannot flip
        // readiness first; `run` installs handlers that do both.
        .disable_signals()
        // What the shutdown delay leaves of the budget (actix counts whole
        // seconds, so this rounds down and stays within it). actix's own
        // default is 30 s, longer than `docker stop` waits.
        .shutdown_timeout(config.drain_timeout().as_secs());
    if let Some(workers) = config.workers {
        server = server.workers(workers.get());
    }
    Ok(server.listen(listener)?.run())
}

/// Serves until SIGTERM or SIGINT, then drains gracefully. Returns `Ok` after
/// a graceful stop, so the process exits 0 and orchestrators see a clean exit.
pub async fn run(config: Config) -> io::Result<()> {
    let signals = Signals::install()?;

    let listener = TcpListener::bind(config.bind_addr()).map_err(|err| {
        // std's message ("Address already in use") does not say which address.
        io::Error::new(
            err.kind(),
            format!("cannot bind {}: {err}", config.bind_addr()),
        )
    })?;
    let addr = listener.local_addr()?;
    let readiness = Arc::new(Readiness::new());
    let server = build(listener, &config, Arc::clone(&readiness))?;

    tracing::info!(
        addr = %addr,
        version = env!("CARGO_PKG_VERSION"),
        allocator = crate::allocator::NAME,
        workers = config.workers.map(std::num::NonZeroUsize::get),
        shutdown_timeout_secs = config.shutdown_timeout.as_secs(),
        shutdown_delay_ms = u64::try_from(config.shutdown_delay.as_millis()).unwrap_or(u64::MAX),
        "listening"
    );

    let handle = server.handle();
    let delay = config.shutdown_delay;
    actix_web::rt::spawn(async move {
        signals.stop_requested(&readiness, delay).await;
        shutdown(&handle, &readiness).await;
    });
    server.await?;
    tracing::info!("server stopped");
    Ok(())
}

/// Graceful stop: report not-ready (if the signal handling has not already),
/// then stop accepting and let in-flight requests finish within what is left
/// of the shutdown budget. Resolves once the workers have stopped.
pub async fn shutdown(handle: &ServerHandle, readiness: &Readiness) {
    readiness.set_ready(false);
    handle.stop(true).await;
}
