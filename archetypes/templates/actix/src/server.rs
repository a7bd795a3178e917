//! HTTP server lifecycle: bind, serve, and drain on SIGTERM/SIGINT.

use std::io;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::HttpServer;
use actix_web::dev::{Server, ServerHandle};
use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::app::{self, Readiness};
use crate::config::Config;

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
        // actix's default is 30 s, longer than `docker stop` waits.
        .shutdown_timeout(config.shutdown_timeout.as_secs());
    if let Some(workers) = config.workers {
        server = server.workers(workers.get());
    }
    Ok(server.listen(listener)?.run())
}

/// Serves until SIGTERM or SIGINT, then drains gracefully. Returns `Ok` after
/// a graceful stop, so the process exits 0 and orchestrators see a clean exit.
pub async fn run(config: Config) -> io::Result<()> {
    // Register the handlers before binding: as PID 1 in a container a process
    // without a SIGTERM handler ignores SIGTERM and is only SIGKILLed later.
    let signals = (
        signal(SignalKind::terminate())?,
        signal(SignalKind::interrupt())?,
    );

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
        "listening"
    );

    actix_web::rt::spawn(stop_on_signal(signals, server.handle(), readiness));
    server.await?;
    tracing::info!("server stopped");
    Ok(())
}

/// Waits for the first SIGTERM or SIGINT, marks the service not ready, and
/// asks actix to stop accepting connections and finish in-flight requests
/// (up to the configured shutdown timeout).
async fn stop_on_signal(
    (mut sigterm, mut sigint): (Signal, Signal),
    handle: ServerHandle,
    readiness: Arc<Readiness>,
) {
    let name = tokio::select! {
        _ = sigterm.recv() => "SIGTERM",
        _ = sigint.recv() => "SIGINT",
    };
    tracing::info!(signal = name, "shutdown signal received, draining");
    shutdown(&handle, &readiness).await;
}

/// Graceful stop: report not-ready first (load balancers polling `/ready`
/// stop routing here), then stop accepting and let in-flight requests finish
/// within the shutdown timeout. Resolves once the workers have stopped.
pub async fn shutdown(handle: &ServerHandle, readiness: &Readiness) {
    readiness.set_ready(false);
    handle.stop(true).await;
}
