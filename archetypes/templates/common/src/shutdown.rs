//! The stop sequence both servers share: on SIGTERM report not-ready, keep
//! serving for the shutdown delay, then let the framework stop accepting and
//! finish in-flight requests.
//!
//! Without the delay a stop under load drops requests: a keep-alive request a
//! client wrote just before SIGTERM may still sit unread in the socket buffer
//! when the framework closes that idle-looking connection, and the client sees
//! it closed without an answer. Serving on for a moment answers every request
//! written before the signal, and gives load balancers and Kubernetes
//! endpoints the time they need to stop routing here.

use std::io;
use std::time::Duration;

use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::readiness::Readiness;

/// The process's SIGTERM and SIGINT handlers.
#[derive(Debug)]
pub struct Signals {
    sigterm: Signal,
    sigint: Signal,
}

impl Signals {
    /// Installs the handlers; call it before binding. As PID 1 in a container
    /// a process without a SIGTERM handler ignores SIGTERM and is SIGKILLed
    /// later instead. Needs a running tokio runtime.
    ///
    /// # Errors
    /// When the runtime cannot register a signal handler.
    pub fn install() -> io::Result<Self> {
        Ok(Self {
            sigterm: signal(SignalKind::terminate())?,
            sigint: signal(SignalKind::interrupt())?,
        })
    }

    /// Resolves when the server should stop accepting connections: after the
    /// first SIGTERM or SIGINT, with readiness already false and, after
    /// SIGTERM, `delay` spent still serving. SIGINT is a person at a terminal
    /// (no load balancer to wait for) and skips the delay; so does a second
    /// signal of either kind during it.
    pub async fn stop_requested(mut self, readiness: &Readiness, delay: Duration) {
        let first = tokio::select! {
            _ = self.sigterm.recv() => "SIGTERM",
            _ = self.sigint.recv() => "SIGINT",
        };
        readiness.set_ready(false);
        if first == "SIGTERM" && !delay.is_zero() {
            tracing::info!(
                signal = first,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "shutdown signal received: not ready, still serving for the shutdown delay"
            );
            let cut_short = tokio::select! {
                () = tokio::time::sleep(delay) => None,
                _ = self.sigterm.recv() => Some("SIGTERM"),
                _ = self.sigint.recv() => Some("SIGINT"),
            };
            if let Some(second) = cut_short {
                tracing::info!(signal = second, "second signal: delay cut short");
            }
        } else {
            tracing::info!(signal = first, "shutdown signal received: not ready");
        }
        tracing::info!("draining: no new connections, in-flight requests finish");
    }
}
