//! Global allocator selection, driven by Cargo features (never by target, so
//! the same choice holds for glibc and musl builds).
//!
//! * `mimalloc` (default): fast and well-behaved under thread contention,
//!   which matters most on musl, whose own allocator is slow there.
//! * `jemalloc`: build with `--no-default-features --features jemalloc`.
//! * neither: the system allocator (`--no-default-features`).
//!
//! `#[global_allocator]` reroutes Rust allocations only; C code linked in keeps
//! using `malloc`, which is fine for this service.

#[cfg(all(feature = "mimalloc", feature = "jemalloc"))]
compile_error!(
    "features `mimalloc` and `jemalloc` are mutually exclusive; \
     for jemalloc build with `--no-default-features --features jemalloc`"
);

// The `not(jemalloc)` guard keeps a both-features build down to the single
// clear error above instead of an extra "two global allocators" error.
#[cfg(all(feature = "mimalloc", not(feature = "jemalloc")))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(all(feature = "jemalloc", not(feature = "mimalloc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Name of the allocator compiled in, logged at startup so a deployed binary
/// says which one it runs with.
#[cfg(feature = "mimalloc")]
pub const NAME: &str = "mimalloc";

/// Name of the allocator compiled in, logged at startup so a deployed binary
/// says which one it runs with.
#[cfg(all(feature = "jemalloc", not(feature = "mimalloc")))]
pub const NAME: &str = "jemalloc";

/// Name of the allocator compiled in, logged at startup so a deployed binary
/// says which one it runs with.
#[cfg(not(any(feature = "mimalloc", feature = "jemalloc")))]
pub const NAME: &str = "system";
