//! The readiness flag behind `/ready`, shared by every worker and the signal
//! handler.

use std::sync::atomic::{AtomicBool, Ordering};

/// Readiness flag shared by all workers and the signal handler.
///
/// Liveness (`/health`) and readiness (`/ready`) differ on purpose: while
/// draining, the process is alive (do not restart it) but must stop receiving
/// new traffic (take it out of the load balancer).
#[derive(Debug)]
pub struct Readiness(AtomicBool);

impl Readiness {
    /// A new flag, initially ready.
    #[must_use]
    pub fn new() -> Self {
        Self(AtomicBool::new(true))
    }

    #[must_use]
    pub fn is_ready(&self) -> bool {
        // Relaxed is enough: the flag guards no other memory.
        self.0.load(Ordering::Relaxed)
    }

    pub fn set_ready(&self, ready: bool) {
        self.0.store(ready, Ordering::Relaxed);
    }
}

impl Default for Readiness {
    fn default() -> Self {
        Self::new()
    }
}
