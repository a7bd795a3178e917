#parse("/META-INF/rustkit/fragments/names.vm")
//! Precedence between this service's variables and Rocket's own sources.
//!
//! A test binary of its own, with a single test: `figment::Jail` sets real
//! environment variables and changes the working directory, which are
//! process-wide and would race with other tests.

use std::num::NonZeroUsize;

use rocket::figment::Jail;

// The service under test in a group of its own: rustfmt orders imports within a group, and this name sorts
// anywhere among the crates above.
use ${crate}::config::Config;
use ${crate}::server;

#[test]
#[expect(
    clippy::result_large_err,
    reason = "the closure's error type, figment::Error, is figment's"
)]
fn service_settings_beat_rocket_sources_and_the_rest_still_apply() {
    Jail::expect_with(|jail| {
        // A `[release]` table would beat a plain merge in the default profile.
        jail.create_file(
            "Rocket.toml",
            "[default]\nport = 7000\n[release]\nport = 7001\n[debug]\nport = 7002\n",
        )?;
        jail.set_env("ROCKET_PORT", "9999");
        jail.set_env("ROCKET_ADDRESS", "127.0.0.1");
        jail.set_env("ROCKET_CLI_COLORS", "true");
        jail.set_env("ROCKET_WORKERS", "3");
        jail.set_env("ROCKET_KEEP_ALIVE", "7");

        let config = Config {
            port: 3000,
            ..Config::default()
        };
        let rocket = rocket::Config::from(server::figment(&config));
        assert_eq!(
            rocket.port, 3000,
            "PORT wins over ROCKET_PORT and Rocket.toml"
        );
        assert_eq!(rocket.address.to_string(), "0.0.0.0");
        assert!(!rocket.cli_colors);
        assert_eq!(
            rocket.workers, 3,
            "ROCKET_WORKERS applies while WORKERS is unset"
        );
        assert_eq!(
            rocket.keep_alive, 7,
            "other ROCKET_* variables keep working"
        );
        // Rocket installs no signal handlers of its own; the service does.
        assert!(!rocket.shutdown.ctrlc);
        assert!(rocket.shutdown.signals.is_empty());
        // The default budget of 8 s less the 1 s delay: 5 s grace, 1 s mercy.
        assert_eq!((rocket.shutdown.grace, rocket.shutdown.mercy), (5, 1));

        let config = Config {
            workers: NonZeroUsize::new(2),
            ..Config::default()
        };
        let rocket = rocket::Config::from(server::figment(&config));
        assert_eq!(rocket.workers, 2, "WORKERS wins over ROCKET_WORKERS");
        assert_eq!(rocket.port, ${port});
        Ok(())
    });
}
