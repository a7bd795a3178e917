//! HTTP service skeleton: liveness/readiness endpoints, graceful shutdown on
//! SIGTERM/SIGINT, JSON logs, and a self-contained healthcheck probe so the
//! binary can check itself in a `FROM scratch` image that has no shell or curl.

pub mod allocator;
pub mod app;
pub mod cli;
pub mod config;
pub mod healthcheck;
pub mod readiness;
pub mod server;
pub mod shutdown;
