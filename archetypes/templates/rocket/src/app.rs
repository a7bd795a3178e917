//! Routes, catchers, shared state and request logging. Kept separate from the
//! server so tests can drive the exact same `Rocket` in-process with
//! `rocket::local`.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Header, Status};
use rocket::serde::Serialize;
use rocket::serde::json::Json;
use rocket::shield::{NoSniff, Shield};
use rocket::{Build, Data, Request, Response, Rocket, State, catch, catchers, get, routes};

pub use crate::readiness::Readiness;

#[derive(Serialize)]
#[serde(crate = "rocket::serde")]
struct StatusBody {
    status: &'static str,
}

#[derive(Serialize)]
#[serde(crate = "rocket::serde")]
struct ErrorBody {
    error: String,
}

/// Error response: the status, a JSON body naming it, and for 405 the
/// `Allow` header.
#[derive(rocket::Responder)]
enum ErrorResponse {
    Plain((Status, Json<ErrorBody>)),
    #[response(status = 405)]
    MethodNotAllowed(Json<ErrorBody>, Header<'static>),
}

/// `{"error": "not found"}` for 404: the reason phrase in lower case.
fn error_body(status: Status) -> Json<ErrorBody> {
    Json(ErrorBody {
        error: status.reason_lossy().to_ascii_lowercase(),
    })
}

/// Builds the application with Rocket's configuration sources (defaults,
/// `Rocket.toml`, `ROCKET_*`); the server replaces it with its own figment.
/// All workers share the one `Readiness` through the `Arc`.
pub fn app(readiness: Arc<Readiness>) -> Rocket<Build> {
    rocket::build()
        .manage(readiness)
        // nosniff only: Rocket's default Shield adds X-Frame-Options and Permissions-Policy, which matter for
        // HTML pages, not JSON, and cost every request two header-map inserts.
        .attach(Shield::new().enable(NoSniff::default()))
        .attach(RequestLog)
        .mount("/", routes![health, ready])
        .register("/", catchers![not_found, any_error])
}

/// Liveness: the process can serve HTTP. Deliberately checks nothing else, so
/// a slow dependency never gets the container restarted.
#[get("/health")]
fn health() -> Json<StatusBody> {
    Json(StatusBody { status: "ok" })
}

/// Readiness: 200 while accepting traffic, 503 once shutdown has begun.
#[get("/ready")]
fn ready(readiness: &State<Arc<Readiness>>) -> (Status, Json<StatusBody>) {
    if readiness.is_ready() {
        (Status::Ok, Json(StatusBody { status: "ready" }))
    } else {
        let body = StatusBody {
            status: "shutting down",
        };
        (Status::ServiceUnavailable, Json(body))
    }
}

/// Rocket 0.5's router has no 405: a known path requested with another method
/// also ends here as a 404. Telling the two apart by comparing route paths is
/// exact for static paths such as ours; a path with dynamic segments
/// (`/item/<id>`) never compares equal and keeps answering 404.
#[catch(404)]
fn not_found(req: &Request<'_>) -> ErrorResponse {
    let path = req.uri().path();
    let allowed: BTreeSet<&str> = req
        .rocket()
        .routes()
        .filter(|route| route.uri.path() == path.as_str())
        .map(|route| route.method.as_str())
        .collect();
    if allowed.is_empty() {
        ErrorResponse::Plain((Status::NotFound, error_body(Status::NotFound)))
    } else {
        let allow = allowed.into_iter().collect::<Vec<_>>().join(", ");
        ErrorResponse::MethodNotAllowed(
            error_body(Status::MethodNotAllowed),
            Header::new("Allow", allow),
        )
    }
}

/// JSON instead of Rocket's HTML/JSON default pages for every other error,
/// including the 500 a panicking handler turns into.
#[catch(default)]
fn any_error(status: Status, _req: &Request<'_>) -> ErrorResponse {
    ErrorResponse::Plain((status, error_body(status)))
}

/// One structured log event per request. Written with `tracing` directly
/// (Rocket's own request log is several preformatted `log` lines) so method,
/// path, status and latency are separate JSON fields.
struct RequestLog;

/// When the request arrived; `None` if it never reached the request fairing
/// (Rocket sends unparseable requests straight to a catcher).
struct Started(Option<Instant>);

#[rocket::async_trait]
impl Fairing for RequestLog {
    fn info(&self) -> Info {
        Info {
            name: "request log",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _data: &mut Data<'_>) {
        if logged(req.uri().path().as_str()) {
            req.local_cache(|| Started(Some(Instant::now())));
        }
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        let path = req.uri().path();
        if !logged(path.as_str()) {
            return;
        }
        let micros = req
            .local_cache(|| Started(None))
            .0
            .map(|start| u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX));
        let method = req.method();
        let status = res.status().code;
        if is_probe(path.as_str()) {
            tracing::debug!(%method, %path, status, micros, "request");
        } else {
            tracing::info!(%method, %path, status, micros, "request");
        }
    }
}

/// Probes arrive every few seconds from Docker/Kubernetes: their events are
/// at debug so they do not drown real traffic at the default "info" level.
fn is_probe(path: &str) -> bool {
    path == "/health" || path == "/ready"
}

/// Whether the request's event would be written. A probe's is filtered out at
/// the default level, so it is not timed either: the start time's slot in the
/// request cache is a hashed insert and lookup, ~2% of a /health request.
fn logged(path: &str) -> bool {
    !is_probe(path) || tracing::enabled!(tracing::Level::DEBUG)
}
