// The HTTP contract every service keeps, whatever its framework. `get(readiness, path)` above sends a GET
// in-process and returns the status code and the JSON body.

#[${asyncTest}]
async fn health_is_200_json() {
    let (status, body) = get(Arc::new(Readiness::new()), "/health").await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "ok"}));
}

#[${asyncTest}]
async fn ready_is_200_while_ready() {
    let (status, body) = get(Arc::new(Readiness::new()), "/ready").await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "ready"}));
}

#[${asyncTest}]
async fn ready_is_503_once_shutdown_began() {
    let readiness = Arc::new(Readiness::new());
    readiness.set_ready(false);
    let (status, body) = get(Arc::clone(&readiness), "/ready").await;
    assert_eq!(status, 503);
    assert_eq!(body, json!({"status": "shutting down"}));

    // Liveness is unaffected: a draining process must not be restarted.
    let (status, _) = get(readiness, "/health").await;
    assert_eq!(status, 200);
}

#[${asyncTest}]
async fn unknown_path_is_404_json() {
    let (status, body) = get(Arc::new(Readiness::new()), "/no/such/path").await;
    assert_eq!(status, 404);
    assert_eq!(body, json!({"error": "not found"}));
}
