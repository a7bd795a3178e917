#parse("/META-INF/rustkit/fragments/names.vm")
//! Precedence between this service's variables and Rocket's own sources,
//! through the real process environment and a real `Rocket.toml`.
//!
//! A test binary of its own: environment variables and the working directory
//! are process-wide. Every test here runs inside `figment::Jail`, which holds
//! a global lock for its whole run (so these tests take turns), starts from an
//! empty environment and restores the environment and directory afterwards;
//! nothing else in this binary reads or writes either.

use std::io;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use rocket::data::ToByteUnit;
use rocket::figment::Jail;

// The service under test in a group of its own: rustfmt orders imports within a group, and this name sorts
// anywhere among the crates above.
use ${crate}::config::Config;
use ${crate}::server;

/// Runs `test` in a jail with no environment variables set at all, so a
/// `PORT` or `ROCKET_*` in the environment running `cargo test` cannot leak in.
#[expect(
    clippy::result_large_err,
    reason = "the closure's error type, figment::Error, is figment's"
)]
fn jailed(test: impl FnOnce(&mut Jail)) {
    Jail::expect_with(|jail| {
        jail.clear_env();
        test(jail);
        Ok(())
    });
}

/// Rocket's configuration as the server gets it: `Config` from the
/// environment, then the service's figment.
fn rocket_config() -> rocket::Config {
    let config = Config::from_env().expect("valid service variables");
    let figment = server::figment(&config).expect("valid ROCKET_ADDRESS and ROCKET_PORT");
    rocket::Config::try_from(figment).expect("valid Rocket settings")
}

/// The error `server::figment` stops startup with.
fn startup_error() -> String {
    let config = Config::from_env().expect("valid service variables");
    server::figment(&config)
        .expect_err("invalid ROCKET_* value")
        .to_string()
}

#[test]
fn defaults_bind_all_interfaces_on_the_generated_port() {
    jailed(|_| {
        let rocket = rocket_config();
        assert_eq!(
            rocket.address.to_string(),
            "0.0.0.0",
            "never Rocket's 127.0.0.1"
        );
        assert_eq!(rocket.port, ${port}, "never Rocket's 8000");
        assert!(!rocket.cli_colors);
        // Rocket installs no signal handlers of its own; the service does.
        assert!(!rocket.shutdown.ctrlc);
        assert!(rocket.shutdown.signals.is_empty());
        // The default budget of 8 s less the 1 s delay: 5 s grace, 1 s mercy.
        assert_eq!((rocket.shutdown.grace, rocket.shutdown.mercy), (5, 1));
    });
}

#[test]
fn rocket_address_is_honoured() {
    jailed(|jail| {
        jail.set_env("ROCKET_ADDRESS", "127.0.0.1");
        assert_eq!(rocket_config().address.to_string(), "127.0.0.1");
        jail.set_env("ROCKET_ADDRESS", "::");
        let rocket = rocket_config();
        assert_eq!(rocket.address.to_string(), "::");
        assert_eq!(rocket.port, ${port});
    });
}

#[test]
fn rocket_port_is_honoured_while_port_is_unset() {
    jailed(|jail| {
        jail.set_env("ROCKET_PORT", "9001");
        let rocket = rocket_config();
        assert_eq!(rocket.port, 9001);
        assert_eq!(rocket.address.to_string(), "0.0.0.0");
    });
    // Matched as Rocket matches its variables: case-insensitively.
    jailed(|jail| {
        jail.set_env("rocket_port", "9002");
        assert_eq!(rocket_config().port, 9002);
    });
}

#[test]
fn port_wins_over_rocket_port_and_says_so_once() {
    jailed(|jail| {
        jail.set_env("PORT", "9000");
        jail.set_env("ROCKET_PORT", "9001");
        let (rocket, log) = logged(rocket_config);
        assert_eq!(rocket.port, 9000);
        assert_eq!(
            log.matches("PORT and ROCKET_PORT disagree: PORT wins")
                .count(),
            1,
            "{log}"
        );
        assert!(log.contains("port=9000 rocket_port=9001"), "{log}");

        // Both set to the same port: nothing to say.
        jail.set_env("ROCKET_PORT", "9000");
        let (rocket, log) = logged(rocket_config);
        assert_eq!(rocket.port, 9000);
        assert_eq!(log, "");
    });
}

#[test]
fn rocket_toml_cannot_move_the_listener() {
    jailed(|jail| {
        // A `[release]` table would beat a plain merge in the default profile.
        jail.create_file(
            "Rocket.toml",
            "[default]\nport = 7000\naddress = \"127.0.0.1\"\n\
             [release]\nport = 7001\naddress = \"127.0.0.1\"\n\
             [debug]\nport = 7002\naddress = \"127.0.0.1\"\n",
        )
        .expect("Rocket.toml written");
        let (rocket, log) = logged(rocket_config);
        assert_eq!(rocket.address.to_string(), "0.0.0.0");
        assert_eq!(rocket.port, ${port});
        assert!(
            log.contains("ignored: the address comes from ROCKET_ADDRESS"),
            "{log}"
        );
        assert!(log.contains("ignored: the port comes from PORT"), "{log}");

        // The variables still beat the file, as in Rocket itself.
        jail.set_env("ROCKET_ADDRESS", "::");
        jail.set_env("ROCKET_PORT", "9001");
        let (rocket, log) = logged(rocket_config);
        assert_eq!(
            (rocket.address.to_string().as_str(), rocket.port),
            ("::", 9001)
        );
        assert_eq!(log, "");
        jail.set_env("PORT", "9000");
        assert_eq!(rocket_config().port, 9000);
    });
}

#[test]
fn other_rocket_variables_still_apply() {
    jailed(|jail| {
        jail.set_env("ROCKET_WORKERS", "3");
        jail.set_env("ROCKET_KEEP_ALIVE", "7");
        jail.set_env("ROCKET_LIMITS", "{json=\"2MiB\"}");
        // Owned by the service: JSON log lines never get ANSI colours.
        jail.set_env("ROCKET_CLI_COLORS", "true");
        let rocket = rocket_config();
        assert_eq!(
            rocket.workers, 3,
            "ROCKET_WORKERS applies while WORKERS is unset"
        );
        assert_eq!(rocket.keep_alive, 7);
        assert_eq!(rocket.limits.get("json"), Some(2.mebibytes()));
        assert!(!rocket.cli_colors);

        let config = Config {
            workers: NonZeroUsize::new(2),
            ..Config::default()
        };
        let figment = server::figment(&config).expect("no ROCKET_ADDRESS or ROCKET_PORT");
        let rocket = rocket::Config::from(figment);
        assert_eq!(rocket.workers, 2, "WORKERS wins over ROCKET_WORKERS");
        assert_eq!(rocket.keep_alive, 7);
    });
}

#[test]
fn server_header_only_when_rocket_ident_or_rocket_toml_names_one() {
    jailed(|jail| {
        assert_eq!(rocket_config().ident.as_str(), None, "no `Server: Rocket`");
        jail.create_file("Rocket.toml", "[default]\nident = \"ledger\"\n")
            .expect("Rocket.toml written");
        assert_eq!(rocket_config().ident.as_str(), Some("ledger"));
        jail.set_env("ROCKET_IDENT", "ledger/2");
        assert_eq!(rocket_config().ident.as_str(), Some("ledger/2"));
    });
}

#[test]
fn invalid_rocket_address_or_port_stops_startup() {
    jailed(|jail| {
        jail.set_env("ROCKET_ADDRESS", "localhost");
        assert_eq!(
            startup_error(),
            "invalid ROCKET_ADDRESS=\"localhost\": expected an IP address, such as 0.0.0.0, :: or 127.0.0.1"
        );
    });
    jailed(|jail| {
        jail.set_env("ROCKET_PORT", "0");
        assert_eq!(
            startup_error(),
            "invalid ROCKET_PORT=\"0\": expected an integer from 1 to 65535"
        );
        // Even when PORT wins: a malformed variable is a mistake worth stopping for.
        jail.set_env("PORT", "9000");
        jail.set_env("ROCKET_PORT", "90o1");
        assert_eq!(
            startup_error(),
            "invalid ROCKET_PORT=\"90o1\": expected an integer from 1 to 65535"
        );
    });
}

/// Runs `f` with a plain-text subscriber on this thread; what `f` returned and
/// everything it logged.
fn logged<T>(f: impl FnOnce() -> T) -> (T, String) {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = Arc::clone(&buffer);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || Capture(Arc::clone(&writer)))
        .finish();
    let result = tracing::subscriber::with_default(subscriber, f);
    let bytes = buffer
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    (result, String::from_utf8(bytes).expect("UTF-8 log"))
}

/// A log writer appending to a shared buffer.
struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
