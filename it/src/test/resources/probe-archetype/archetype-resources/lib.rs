#![forbid(unsafe_code)]
//! The $artifactId library: a Rust inner attribute is no shebang.
