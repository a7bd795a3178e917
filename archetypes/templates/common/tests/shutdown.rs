#parse("/META-INF/rustkit/fragments/names.vm")
//! The stop sequence with real signals. Each file under tests/ is a process
//! of its own, which this one needs: once the handlers are installed, SIGTERM
//! and SIGINT no longer end the process, they only reach `Signals`.

use std::process::Command;
use std::time::{Duration, Instant};

use tokio::time::timeout;

use ${crate}::readiness::Readiness;
use ${crate}::shutdown::Signals;

/// Longer than any test waits: a stop that resolves was not waiting for it.
const FOREVER: Duration = Duration::from_secs(3600);
/// Generous, so a slow CI machine does not fail a test that is right.
const PROMPTLY: Duration = Duration::from_secs(10);

/// Sends `signal` to this process, as `docker stop` or Ctrl-C would.
fn send(signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), std::process::id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} failed");
}

#[test]
fn the_stop_sequence() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // SIGTERM: not ready at once, but still serving for the whole delay...
        let readiness = Readiness::new();
        let stop = Signals::install()
            .unwrap()
            .stop_requested(&readiness, FOREVER);
        tokio::pin!(stop);
        send("TERM");
        assert!(
            timeout(Duration::from_secs(1), &mut stop).await.is_err(),
            "stopped accepting before the delay was over"
        );
        assert!(!readiness.is_ready(), "still ready after SIGTERM");
        // ...unless a second signal cuts it short.
        send("TERM");
        timeout(PROMPTLY, &mut stop)
            .await
            .expect("a second SIGTERM ends the delay");

        // SIGINT is someone at a terminal: no load balancer to wait for.
        let readiness = Readiness::new();
        let stop = Signals::install()
            .unwrap()
            .stop_requested(&readiness, FOREVER);
        send("INT");
        timeout(PROMPTLY, stop)
            .await
            .expect("SIGINT skips the delay");
        assert!(!readiness.is_ready());

        // Without a second signal the delay ends by itself, not before.
        let readiness = Readiness::new();
        let delay = Duration::from_millis(300);
        let stop = Signals::install()
            .unwrap()
            .stop_requested(&readiness, delay);
        let signalled = Instant::now();
        send("TERM");
        timeout(PROMPTLY, stop).await.expect("the delay ends");
        assert!(
            signalled.elapsed() >= delay,
            "stopped before the delay was over"
        );
    });
}
