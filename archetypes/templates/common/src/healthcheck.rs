//! Minimal HTTP/1.1 liveness probe used by `<binary> healthcheck`.
//!
//! A `FROM scratch` image has no shell, curl or wget, so the Dockerfile's
//! `HEALTHCHECK` runs the service binary itself in this mode. The module uses
//! only `std` (no framework, no async runtime) so it starts in microseconds
//! and can be shared unchanged with services built on other frameworks.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::Duration;

/// Budget for each of connect, write and read. Short, so a hung server fails
/// the probe well within Docker's default 30 s healthcheck timeout.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// Path probed; it must answer 200 while the process is alive.
pub const PATH: &str = "/health";

/// Longest status line accepted; a real one is about 20 bytes.
const MAX_STATUS_LINE: u64 = 1024;

/// Why the probe failed.
#[derive(Debug)]
pub enum ProbeError {
    /// Nothing accepted the TCP connection (not listening, or timed out).
    Connect(SocketAddr, io::Error),
    /// The connection broke or timed out while talking HTTP.
    Io(io::Error),
    /// The server answered, but not with `200`.
    Status(String),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect(addr, err) => write!(f, "cannot connect to {addr}: {err}"),
            Self::Io(err) => write!(f, "request to {PATH} failed: {err}"),
            Self::Status(line) => write!(f, "{PATH} answered {line:?}, expected status 200"),
        }
    }
}

impl std::error::Error for ProbeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connect(_, err) | Self::Io(err) => Some(err),
            Self::Status(_) => None,
        }
    }
}

/// Sends `GET /health` to `127.0.0.1:port` and succeeds if the status is 200.
///
/// Loopback is used on purpose: the probe runs inside the same network
/// namespace as the server, which binds all interfaces.
pub fn probe(port: u16) -> Result<(), ProbeError> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let stream =
        TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| ProbeError::Connect(addr, e))?;
    let line = request_status_line(stream, port).map_err(ProbeError::Io)?;
    // "HTTP/1.1 200 OK": the version must be HTTP/1.x and the code exactly 200.
    let mut parts = line.split(' ');
    let is_http = parts.next().is_some_and(|v| v.starts_with("HTTP/1."));
    if is_http && parts.next() == Some("200") {
        Ok(())
    } else {
        Err(ProbeError::Status(line))
    }
}

/// Writes the request and returns the response's status line.
fn request_status_line(mut stream: TcpStream, port: u16) -> io::Result<String> {
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    // `Connection: close` so the server does not hold the socket open for
    // keep-alive after answering; only the first line is read anyway.
    write!(
        stream,
        "GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: healthcheck\r\nConnection: close\r\n\r\n"
    )?;
    stream.flush()?;

    let mut line = String::new();
    BufReader::new(stream.take(MAX_STATUS_LINE)).read_line(&mut line)?;
    line.truncate(line.trim_end().len());
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::thread;

    /// Serves one connection with a canned response and returns the port.
    fn one_shot_server(response: &'static str) -> (u16, thread::JoinHandle<String>) {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 512];
            // Read until the blank line that ends the request head.
            while !request.ends_with(b"\r\n\r\n") {
                let n = conn.read(&mut buf).unwrap();
                assert!(n > 0, "client closed before finishing the request");
                request.extend_from_slice(&buf[..n]);
            }
            conn.write_all(response.as_bytes()).unwrap();
            String::from_utf8(request).unwrap()
        });
        (port, handle)
    }

    #[test]
    fn ok_on_200_and_request_is_well_formed() {
        let (port, server) = one_shot_server("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
        probe(port).unwrap();
        let request = server.join().unwrap();
        assert!(request.starts_with("GET /health HTTP/1.1\r\n"), "{request}");
        assert!(request.contains(&format!("\r\nHost: 127.0.0.1:{port}\r\n")));
        assert!(request.contains("\r\nConnection: close\r\n"));
    }

    #[test]
    fn err_on_non_200() {
        let (port, server) = one_shot_server("HTTP/1.1 503 Service Unavailable\r\n\r\n");
        let err = probe(port).unwrap_err();
        server.join().unwrap();
        assert!(
            matches!(err, ProbeError::Status(ref s) if s.contains("503")),
            "{err}"
        );
    }

    #[test]
    fn connect_error_when_nothing_listens() {
        // Bind an ephemeral port, then release it: nothing listens there.
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = probe(port).unwrap_err();
        assert!(matches!(err, ProbeError::Connect(..)), "{err}");
    }

    #[test]
    fn err_on_garbage() {
        let (port, server) = one_shot_server("SSH-2.0-OpenSSH 200\r\n");
        let err = probe(port).unwrap_err();
        server.join().unwrap();
        assert!(matches!(err, ProbeError::Status(_)), "{err}");
    }
}
