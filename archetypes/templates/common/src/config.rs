//! Runtime configuration from environment variables (twelve-factor style).
//!
//! Every variable is parsed strictly: a typo such as `PORT=80o0` stops the
//! service with a message naming the variable, instead of silently falling
//! back to a default and listening somewhere unexpected.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::num::NonZeroUsize;
use std::time::Duration;

/// Port used when `PORT` is not set.
pub const DEFAULT_PORT: u16 = ${port};

/// Default grace period for in-flight requests. Kept below the 10 s that
/// `docker stop` waits before SIGKILL, so draining finishes and the process
/// exits 0 on its own instead of being killed mid-request.
pub const DEFAULT_SHUTDOWN_TIMEOUT_SECS: u64 = 8;

/// Default time the service keeps serving after SIGTERM, already reporting
/// not-ready, before it stops accepting. Requests a client wrote just before
/// the signal are still in socket buffers; stopping at once would close those
/// keep-alive connections unanswered. It is also the moment load balancers
/// need to stop routing here. Spent from the shutdown budget, not added to it.
pub const DEFAULT_SHUTDOWN_DELAY_MS: u64 = 1000;

/// Service settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// TCP port to listen on (`PORT`, 1-65535).
    pub port: u16,
    /// Graceful shutdown budget, from the signal to exit (`SHUTDOWN_TIMEOUT_SECS`).
    pub shutdown_timeout: Duration,
    /// The part of the budget spent still serving after SIGTERM
    /// (`SHUTDOWN_DELAY_MS`); never more than the budget.
    pub shutdown_delay: Duration,
    /// Worker threads (`WORKERS`); `None` leaves it to the framework (one per CPU by default).
    pub workers: Option<NonZeroUsize>,
}

/// A variable was set to a value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Name of the offending environment variable.
    pub var: &'static str,
    /// The value as given (lossily decoded if it was not UTF-8).
    pub value: String,
    /// What a valid value looks like.
    pub expected: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}={:?}: expected {}",
            self.var, self.value, self.expected
        )
    }
}

impl std::error::Error for ConfigError {}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: DEFAULT_PORT,
            shutdown_timeout: Duration::from_secs(DEFAULT_SHUTDOWN_TIMEOUT_SECS),
            shutdown_delay: Duration::from_millis(DEFAULT_SHUTDOWN_DELAY_MS),
            workers: None,
        }
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        // Lossy decoding keeps a non-UTF-8 value visible in the error message
        // (it then fails to parse) rather than treating it as unset.
        Self::from_lookup(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    }

    /// Builds the configuration from any variable source. Tests use this with
    /// a closure: mutating the real environment is `unsafe` in edition 2024
    /// because it races with other threads.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let shutdown_timeout = match lookup("SHUTDOWN_TIMEOUT_SECS") {
            Some(value) => Duration::from_secs(parse(
                "SHUTDOWN_TIMEOUT_SECS",
                value,
                "a whole number of seconds",
            )?),
            None => defaults.shutdown_timeout,
        };
        let shutdown_delay = match lookup("SHUTDOWN_DELAY_MS") {
            Some(value) => {
                let delay = Duration::from_millis(parse(
                    "SHUTDOWN_DELAY_MS",
                    value.clone(),
                    "a whole number of milliseconds",
                )?);
                if delay > shutdown_timeout {
                    return Err(ConfigError {
                        var: "SHUTDOWN_DELAY_MS",
                        value,
                        expected: "milliseconds within the SHUTDOWN_TIMEOUT_SECS budget",
                    });
                }
                delay
            }
            // A budget shorter than the default delay (e.g. 0 to stop at
            // once) shortens the delay rather than being an error.
            None => defaults.shutdown_delay.min(shutdown_timeout),
        };
        Ok(Self {
            port: match lookup("PORT") {
                Some(value) => parse_port("PORT", value)?,
                None => defaults.port,
            },
            shutdown_timeout,
            shutdown_delay,
            workers: match lookup("WORKERS") {
                Some(value) => Some(parse("WORKERS", value, "a positive integer")?),
                None => defaults.workers,
            },
        })
    }

    /// What is left of the shutdown budget once the delay is over: the time
    /// in-flight requests get to finish after the server stops accepting.
    #[must_use]
    pub fn drain_timeout(&self) -> Duration {
        self.shutdown_timeout.saturating_sub(self.shutdown_delay)
    }

    /// Reads only `PORT`: the `healthcheck` subcommand must not fail because
    /// an unrelated variable is malformed.
    pub fn port_from_env() -> Result<u16, ConfigError> {
        match std::env::var_os("PORT") {
            Some(value) => parse_port("PORT", value.to_string_lossy().into_owned()),
            None => Ok(DEFAULT_PORT),
        }
    }

    /// Address to bind: all IPv4 interfaces. Binding 127.0.0.1 inside a
    /// container makes the service unreachable through published ports.
    #[must_use]
    pub fn bind_addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::UNSPECIFIED, self.port))
    }
}

/// A port variable (`PORT`, or a framework's own such as `ROCKET_PORT`).
pub(crate) fn parse_port(var: &'static str, value: String) -> Result<u16, ConfigError> {
    // `NonZeroU16` rejects 0 (which would mean "any free port") and, like
    // `u16`, anything above 65535, signs, spaces and empty strings.
    let port: std::num::NonZeroU16 = parse(var, value, "an integer from 1 to 65535")?;
    Ok(port.get())
}

/// A variable's value parsed strictly; the error names the variable, quotes
/// the value and says what was expected.
pub(crate) fn parse<T: std::str::FromStr>(
    var: &'static str,
    value: String,
    expected: &'static str,
) -> Result<T, ConfigError> {
    value.parse().map_err(|_| ConfigError {
        var,
        value,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn defaults_when_unset() {
        let cfg = config(&[]).unwrap();
        assert_eq!(cfg, Config::default());
        assert_eq!(cfg.port, ${port});
        assert_eq!(cfg.shutdown_timeout, Duration::from_secs(8));
        assert_eq!(cfg.shutdown_delay, Duration::from_secs(1));
        assert_eq!(cfg.drain_timeout(), Duration::from_secs(7));
        assert_eq!(cfg.bind_addr().to_string(), "0.0.0.0:${port}");
    }

    #[test]
    fn good_values() {
        let cfg = config(&[
            ("PORT", "3000"),
            ("SHUTDOWN_TIMEOUT_SECS", "2"),
            ("SHUTDOWN_DELAY_MS", "250"),
            ("WORKERS", "4"),
        ])
        .unwrap();
        assert_eq!(cfg.port, 3000);
        assert_eq!(cfg.shutdown_timeout, Duration::from_secs(2));
        assert_eq!(cfg.shutdown_delay, Duration::from_millis(250));
        assert_eq!(cfg.drain_timeout(), Duration::from_millis(1750));
        assert_eq!(cfg.workers, NonZeroUsize::new(4));
        assert_eq!(config(&[("PORT", "65535")]).unwrap().port, 65535);
        assert_eq!(config(&[("PORT", "1")]).unwrap().port, 1);
    }

    #[test]
    fn bad_port_text_names_variable_and_quotes_value() {
        let err = config(&[("PORT", "80o0")]).unwrap_err();
        assert_eq!(err.var, "PORT");
        assert_eq!(err.value, "80o0");
        assert_eq!(
            err.to_string(),
            "invalid PORT=\"80o0\": expected an integer from 1 to 65535"
        );
        for bad in ["", " 8080", "8080 ", "-1", "+", "0x50"] {
            assert_eq!(config(&[("PORT", bad)]).unwrap_err().var, "PORT", "{bad:?}");
        }
    }

    #[test]
    fn port_out_of_range_rejected() {
        for bad in ["0", "65536", "99999999999"] {
            let err = config(&[("PORT", bad)]).unwrap_err();
            assert_eq!(err.var, "PORT");
            assert_eq!(err.value, bad);
        }
    }

    #[test]
    fn other_variables_parsed_strictly() {
        let err = config(&[("SHUTDOWN_TIMEOUT_SECS", "8s")]).unwrap_err();
        assert_eq!(err.var, "SHUTDOWN_TIMEOUT_SECS");
        assert_eq!(config(&[("WORKERS", "0")]).unwrap_err().var, "WORKERS");
        assert_eq!(
            config(&[("SHUTDOWN_DELAY_MS", "1s")]).unwrap_err().var,
            "SHUTDOWN_DELAY_MS"
        );
    }

    #[test]
    fn delay_stays_within_the_budget() {
        // Set explicitly beyond the budget: an error, not a silent cut.
        let err = config(&[
            ("SHUTDOWN_TIMEOUT_SECS", "2"),
            ("SHUTDOWN_DELAY_MS", "2001"),
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid SHUTDOWN_DELAY_MS=\"2001\": expected milliseconds within the SHUTDOWN_TIMEOUT_SECS budget"
        );
        let all = config(&[
            ("SHUTDOWN_TIMEOUT_SECS", "2"),
            ("SHUTDOWN_DELAY_MS", "2000"),
        ])
        .unwrap();
        assert_eq!(all.drain_timeout(), Duration::ZERO);
        // The default delay gives way to a shorter budget: 0 still stops at once.
        let now = config(&[("SHUTDOWN_TIMEOUT_SECS", "0")]).unwrap();
        assert_eq!(now.shutdown_delay, Duration::ZERO);
        assert_eq!(
            config(&[("SHUTDOWN_DELAY_MS", "0")])
                .unwrap()
                .drain_timeout(),
            Duration::from_secs(8)
        );
    }
}
