#parse("/META-INF/rustkit/fragments/names.vm")
//! HTTP behaviour, in-process through `rocket::local`, plus one test against
//! the real server on an ephemeral port to exercise the healthcheck probe and
//! the graceful stop.

use std::io::{self, Write};
use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rocket::fairing::AdHoc;
use rocket::figment::providers::Serialized;
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use rocket::local::blocking;
use rocket::serde::json::{Value, json, serde_json};
use rocket::tokio::sync::oneshot;
use rocket::{Build, Rocket, get, routes};
use tracing::Level;

// The service under test in a group of its own: rustfmt orders imports within a group, and this name sorts
// anywhere among the crates above.
use ${crate}::app::{Readiness, app};
use ${crate}::config::Config;
use ${crate}::{healthcheck, server};

/// Sends a request and returns status and parsed JSON body.
async fn call(rocket: Rocket<Build>, method: &str, path: &str) -> (Status, Value) {
    let client = Client::tracked(rocket).await.expect("valid rocket");
    let req = match method {
        "GET" => client.get(path),
        "POST" => client.post(path),
        other => panic!("unsupported method {other}"),
    };
    let res = req.dispatch().await;
    let status = res.status();
    assert_eq!(res.content_type(), Some(ContentType::JSON), "{path}");
    let body = res.into_json().await.expect("JSON body");
    (status, body)
}

/// Sends a GET and returns the status code and parsed JSON body.
async fn get(readiness: Arc<Readiness>, path: &str) -> (u16, Value) {
    let (status, body) = call(app(readiness), "GET", path).await;
    (status.code, body)
}

#set($asyncTest = "rocket::async_test")
#parse("/META-INF/rustkit/fragments/http-contract-tests.rs")

#[rocket::async_test]
async fn wrong_method_is_405() {
    let client = Client::tracked(app(Arc::new(Readiness::new())))
        .await
        .unwrap();
    let res = client.post("/health").dispatch().await;
    assert_eq!(res.status(), Status::MethodNotAllowed);
    assert_eq!(res.headers().get_one("allow"), Some("GET"));
    let body: Value = res.into_json().await.unwrap();
    assert_eq!(body, json!({"error": "method not allowed"}));
}

/// Every answer, as the server sends it: `nosniff`, so a browser never runs a
/// JSON body as script or HTML, and no `Server` header naming the framework.
#[rocket::async_test]
async fn answers_carry_nosniff_and_no_server_header() {
    let figment =
        server::figment(&Config::default()).expect("valid ROCKET_ADDRESS and ROCKET_PORT");
    let rocket = server::build(figment, Arc::new(Readiness::new()));
    let client = Client::tracked(rocket).await.expect("valid rocket");
    for path in ["/health", "/no/such/path"] {
        let res = client.get(path).dispatch().await;
        let headers = res.headers();
        assert_eq!(
            headers.get_one("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(headers.get_one("server"), None, "{path}");
    }
}

/// A `Write` into a shared buffer: what the fmt subscriber writes, kept for
/// the test to read back.
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The request events written for GETs of `paths` with the log filter at
/// `level`, as JSON objects formatted the way `cli` formats them.
fn request_log(level: Level, paths: &[&str]) -> Vec<Value> {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = Arc::clone(&buffer);
    let subscriber = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_max_level(level)
        .with_writer(move || Capture(Arc::clone(&writer)))
        .finish();
    // The blocking client runs Rocket on this thread, where the subscriber is
    // the default.
    tracing::subscriber::with_default(subscriber, || {
        let client =
            blocking::Client::tracked(app(Arc::new(Readiness::new()))).expect("valid rocket");
        for path in paths {
            client.get(*path).dispatch();
        }
    });
    let output = String::from_utf8(buffer.lock().unwrap().clone()).expect("UTF-8 log");
    output
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("JSON log line"))
        .filter(|event| event["message"] == "request")
        .collect()
}

/// One event per request with method, path, status and latency; probes only
/// when the filter includes debug (they are neither logged nor timed at info).
#[test]
fn request_log_has_one_event_per_request_and_probes_at_debug() {
    let info = request_log(Level::INFO, &["/health", "/ready", "/nope"]);
    assert_eq!(info.len(), 1, "{info:?}");
    assert_eq!(info[0]["level"], "INFO");
    assert_eq!(info[0]["method"], "GET");
    assert_eq!(info[0]["path"], "/nope");
    assert_eq!(info[0]["status"], 404);
    assert!(info[0]["micros"].is_u64(), "{info:?}");

    let debug = request_log(Level::DEBUG, &["/health", "/ready", "/nope"]);
    let seen: Vec<Value> = debug
        .iter()
        .map(|event| json!([event["level"], event["path"], event["status"]]))
        .collect();
    let expected = [
        json!(["DEBUG", "/health", 200]),
        json!(["DEBUG", "/ready", 200]),
        json!(["INFO", "/nope", 404]),
    ];
    assert_eq!(seen, expected);
    for event in &debug {
        assert!(
            event["micros"].is_u64(),
            "probes are timed at debug: {event}"
        );
    }
}

#[get("/panic")]
fn panics() -> &'static str {
    panic!("handler bug")
}

#[rocket::async_test]
async fn panicking_handler_is_500_json() {
    let rocket = app(Arc::new(Readiness::new())).mount("/", routes![panics]);
    let (status, body) = call(rocket, "GET", "/panic").await;
    assert_eq!(status, Status::InternalServerError);
    assert_eq!(body, json!({"error": "internal server error"}));
}

#[rocket::async_test]
async fn probe_against_real_server() {
    let config = Config {
        workers: std::num::NonZeroUsize::new(1),
        shutdown_timeout: Duration::from_secs(2),
        ..Config::default()
    };
    // Port 0 asks the OS for a free port; Rocket reports the one it got at
    // liftoff. PORT itself rejects 0, so it is set on the figment directly.
    let figment = server::figment(&config)
        .expect("valid ROCKET_ADDRESS and ROCKET_PORT")
        .merge(Serialized::global("address", Ipv4Addr::LOCALHOST))
        .merge(Serialized::global("port", 0));
    let readiness = Arc::new(Readiness::new());
    let (port_tx, port_rx) = oneshot::channel();
    let rocket = server::build(figment, Arc::clone(&readiness))
        .attach(AdHoc::on_liftoff("report port", |rocket| {
            Box::pin(async move {
                port_tx.send(rocket.config().port).unwrap();
            })
        }))
        .ignite()
        .await
        .unwrap();
    let handle = rocket.shutdown();
    let running = rocket::tokio::spawn(rocket.launch());
    let port = port_rx.await.unwrap();

    // The probe is blocking std I/O: keep it off the async runtime thread.
    let probe = |port| rocket::tokio::task::spawn_blocking(move || healthcheck::probe(port));
    probe(port)
        .await
        .unwrap()
        .expect("probe against live server");

    // The graceful stop used on SIGTERM flips readiness and makes `launch`
    // resolve with Ok (hence exit code 0), well within the budget.
    server::shutdown(handle, &readiness);
    assert!(!readiness.is_ready());
    rocket::tokio::time::timeout(Duration::from_secs(2), running)
        .await
        .expect("stopped within the shutdown budget")
        .unwrap()
        .unwrap();
}
