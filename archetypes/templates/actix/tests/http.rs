#parse("/META-INF/rustkit/fragments/names.vm")
//! HTTP behaviour, in-process through `actix_web::test`, plus one test against
//! the real server on an ephemeral port to exercise the healthcheck probe.

use std::net::{Ipv4Addr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use serde_json::{Value, json};

// The service under test in a group of its own: rustfmt orders imports within a group, and this name sorts
// anywhere among the crates above.
use ${crate}::app::{Readiness, app};
use ${crate}::config::Config;
use ${crate}::{healthcheck, server};

/// Sends a GET and returns the status code and parsed JSON body.
async fn get(readiness: Arc<Readiness>, path: &str) -> (u16, Value) {
    let service = init_service(app(readiness)).await;
    let res = call_service(&service, TestRequest::get().uri(path).to_request()).await;
    let status = res.status().as_u16();
    let content_type = res.headers().get("content-type").cloned();
    let body = read_body(res).await;
    assert_eq!(
        content_type.as_ref().and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "{path}"
    );
    (status, serde_json::from_slice(&body).expect("JSON body"))
}

#set($asyncTest = "actix_web::test")
#parse("/META-INF/rustkit/fragments/http-contract-tests.rs")

#[actix_web::test]
async fn wrong_method_is_405() {
    let service = init_service(app(Arc::new(Readiness::new()))).await;
    let req = TestRequest::post().uri("/health").to_request();
    let res = call_service(&service, req).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers().get("allow").unwrap(), "GET");
}

#[actix_web::test]
async fn probe_against_real_server() {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = Config {
        workers: std::num::NonZeroUsize::new(1),
        shutdown_timeout: Duration::from_secs(1),
        ..Config::default()
    };
    let readiness = Arc::new(Readiness::new());
    let server = server::build(listener, &config, Arc::clone(&readiness)).unwrap();
    let handle = server.handle();
    let running = actix_web::rt::spawn(server);

    // The probe is blocking std I/O: keep it off the async runtime thread.
    let probe = |port| actix_web::rt::task::spawn_blocking(move || healthcheck::probe(port));
    probe(port)
        .await
        .unwrap()
        .expect("probe against live server");

    // The graceful stop used on SIGTERM flips readiness and makes the server
    // future resolve with Ok (hence exit code 0).
    server::shutdown(&handle, &readiness).await;
    assert!(!readiness.is_ready());
    running.await.unwrap().unwrap();
}
