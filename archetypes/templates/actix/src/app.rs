//! Routes, shared state and request logging. Kept separate from the server so
//! tests can drive the exact same `App` in-process with `actix_web::test`.

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, Error, HttpResponse, web};
use serde::Serialize;

pub use crate::readiness::Readiness;

#[derive(Serialize)]
struct Status {
    status: &'static str,
}

#[derive(Serialize)]
struct ErrorBody {
    error: &'static str,
}

/// Builds the application. Called once per worker thread by `HttpServer`; all
/// workers share the one `Readiness` through the `Arc`.
pub fn app(
    readiness: Arc<Readiness>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        // `Data::from` reuses the Arc instead of wrapping it in another one.
        .app_data(web::Data::from(readiness))
        .wrap(from_fn(log_request))
        // `resource(..).get(..)` rather than `App::route`: the latter moves the
        // method guard onto the resource, so `POST /health` would be a 404
        // instead of a 405 with an `Allow` header.
        .service(web::resource("/health").get(health))
        .service(web::resource("/ready").get(ready))
        .default_service(web::to(not_found))
}

/// Liveness: the process can serve HTTP. Deliberately checks nothing else, so
/// a slow dependency never gets the container restarted.
async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Status { status: "ok" })
}

/// Readiness: 200 while accepting traffic, 503 once shutdown has begun.
async fn ready(readiness: web::Data<Readiness>) -> HttpResponse {
    if readiness.is_ready() {
        HttpResponse::Ok().json(Status { status: "ready" })
    } else {
        HttpResponse::ServiceUnavailable().json(Status {
            status: "shutting down",
        })
    }
}

/// JSON instead of actix's empty 404, so clients always get a parseable body.
async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(ErrorBody { error: "not found" })
}

/// One structured log event per request. Written with `tracing` directly
/// (rather than actix's `Logger`, which emits a preformatted `log` string)
/// so method, path, status and latency are separate JSON fields.
async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let res = next.call(req).await?;
    let status = res.status().as_u16();
    let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    // Probes arrive every few seconds from Docker/Kubernetes: keep them at
    // debug so they do not drown real traffic at the default "info" level.
    if path == "/health" || path == "/ready" {
        tracing::debug!(%method, %path, status, micros, "request");
    } else {
        tracing::info!(%method, %path, status, micros, "request");
    }
    Ok(res)
}
