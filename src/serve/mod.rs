//! A read-only SPARQL 1.1 Protocol endpoint over the store.
//!
//! `GET /sparql?query=...`, `POST /sparql` with `application/x-www-form-urlencoded`
//! (`query=...`) or `application/sparql-query`; results by content negotiation (`Accept`):
//! SELECT and ASK as SPARQL JSON (default), XML, CSV or TSV, CONSTRUCT and DESCRIBE as
//! Turtle (default), N-Triples or RDF/XML. Queries run through [`crate::query`] (predeclared
//! prefixes, the union of all graphs as the default graph, a timeout) with a limit on the
//! number of results. Updates and SERVICE are refused. The other paths are the explorer
//! (`explore/`): HTML pages to search entities and look at them, their neighbourhood and
//! their documents, and a query page with an editor, rendered through the same queries,
//! limits and query slots.
//!
//! Every request is answered by [`respond`], a plain function from request to response
//! (`protocol.rs`). [`Endpoint::start`] serves it over HTTP/1.1 with `hyper` on a small
//! `tokio` runtime, with every limit designed rather than left to the operating system:
//! - at most [`ServeOptions::max_queries`] queries run at once, each on a blocking thread;
//!   one more is answered 503 (`Retry-After: 1`) at once instead of waiting in a queue;
//! - at most [`ServeOptions::max_connections`] connections are open; one more is answered
//!   503 and closed;
//! - a client has [`ServeOptions::client_timeout`] to send a request's headers (also the
//!   longest a kept-alive connection stays idle), as long again to send its body, and as
//!   long for each write of the answer it does not read: slow clients are dropped;
//! - headers are at most [`MAX_HEADER_BYTES`] (431 beyond), bodies at most
//!   [`MAX_BODY_BYTES`] (413 beyond);
//! - while the memory in use ([`ServeOptions::memory_in_use`]) is above
//!   [`ServeOptions::max_memory`], running queries are stopped (the oldest first) and
//!   answered 503;
//! - a panic while answering is a 500 for that request only.
//!
//! The store is read through a read-only view that moves from one finished build to the
//! next while `kgraph build` adds to the store (`follow.rs`).

mod explore;
mod follow;
mod memory;
mod protocol;

pub use follow::FOLLOW_EVERY;
pub use memory::resident_bytes;
pub use protocol::respond;

use crate::KgStore;
use crate::query::Limits;
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;

/// The largest request body read (a query text or a form): 1 MiB, the longest query
/// [`crate::query`] accepts.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The largest request line and headers: 64 KiB. Longer queries go in a POST body.
pub const MAX_HEADER_BYTES: usize = 64 << 10;

/// The answer to a connection past [`ServeOptions::max_connections`].
const TOO_MANY_CONNECTIONS: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Content-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\n\
Content-Length: 47\r\n\r\nkgraph serve has too many open connections now\n";

/// How the endpoint answers.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// Timeout and result limit of every query.
    pub limits: Limits,
    /// Queries running at once; one more is answered 503 at once.
    pub max_queries: usize,
    /// Connections open at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers (or keep a connection idle),
    /// to send its body, and to take each part of the answer.
    pub client_timeout: Duration,
    /// Memory in use, in bytes, above which running queries are stopped, the oldest first.
    pub max_memory: Option<u64>,
    /// Measures the memory in use for [`ServeOptions::max_memory`] (`None`: cannot tell).
    /// By default [`resident_bytes`]; a program that counts its heap can do better.
    pub memory_in_use: fn() -> Option<u64>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            limits: Limits {
                timeout: Some(Duration::from_secs(30)),
                max_results: Some(10_000),
            },
            max_queries: std::thread::available_parallelism().map_or(2, |n| n.get() * 2),
            max_connections: 512,
            client_timeout: Duration::from_secs(10),
            max_memory: Some(2 << 30),
            memory_in_use: resident_bytes,
        }
    }
}

/// What can go wrong when starting the endpoint.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address cannot be listened on (in use, not local, no permission).
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The threads that serve cannot be started.
    #[error("cannot start the server's threads: {0}")]
    Threads(std::io::Error),
}

/// A running endpoint.
pub struct Endpoint {
    address: SocketAddr,
    server: std::thread::JoinHandle<std::io::Result<()>>,
}

impl Endpoint {
    /// Starts answering on `address` (port 0 picks a free port; see [`Endpoint::address`]).
    ///
    /// # Errors
    /// [`ServeError::Bind`] when the address cannot be listened on, [`ServeError::Threads`]
    /// when the runtime cannot start.
    pub fn start(
        store: KgStore,
        address: SocketAddr,
        options: ServeOptions,
    ) -> Result<Self, ServeError> {
        let bind_error = |source| ServeError::Bind { address, source };
        let listener = TcpListener::bind(address).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(options.max_queries.max(1))
            .thread_name("kgraph-serve")
            .enable_all()
            .build()
            .map_err(ServeError::Threads)?;
        let folder = store.folder().map(Path::to_owned);
        let shared = Arc::new(Shared {
            store: Arc::new(follow::CurrentStore::new(store)),
            options,
            queries: Arc::new(Semaphore::new(options.max_queries.max(1))),
            running: Arc::default(),
        });
        if let Some(folder) = folder {
            follow::follow(Arc::clone(&shared.store), folder).map_err(ServeError::Threads)?;
        }
        if let Some(limit) = options.max_memory {
            memory::guard(Arc::clone(&shared.running), options.memory_in_use, limit)
                .map_err(ServeError::Threads)?;
        }
        let server = std::thread::Builder::new()
            .name("kgraph-serve-listener".to_owned())
            .spawn(move || runtime.block_on(accept(listener, shared)))
            .map_err(ServeError::Threads)?;
        Ok(Self { address, server })
    }

    /// The address the endpoint listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until the process ends.
    ///
    /// # Errors
    /// When the listening socket failed.
    pub fn join(self) -> std::io::Result<()> {
        self.server
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the listening thread panicked")))
    }
}

/// What every connection shares.
struct Shared {
    /// The view of the store queries read.
    store: Arc<follow::CurrentStore>,
    options: ServeOptions,
    /// One permit per query allowed to run.
    queries: Arc<Semaphore>,
    /// The queries running, for the memory guard.
    running: Arc<memory::RunningQueries>,
}

/// Accepts connections until the listening socket fails.
async fn accept(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let connections = Arc::new(Semaphore::new(shared.options.max_connections.max(1)));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was accepted: the
            // socket still listens, so wait a moment and go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let client_timeout = shared.options.client_timeout;
        match Arc::clone(&connections).try_acquire_owned() {
            Ok(permit) => {
                let shared = Arc::clone(&shared);
                tokio::spawn(async move {
                    serve_connection(stream, shared).await;
                    drop(permit);
                });
            }
            Err(_) => {
                tokio::spawn(async move {
                    let mut stream = stream;
                    let _ = tokio::time::timeout(
                        client_timeout,
                        stream.write_all(TOO_MANY_CONNECTIONS),
                    )
                    .await;
                });
            }
        }
    }
}

/// Answers the requests of one connection until the client closes it or is too slow.
async fn serve_connection(stream: tokio::net::TcpStream, shared: Arc<Shared>) {
    let client_timeout = shared.options.client_timeout;
    let mut stream = TimeoutStream::new(stream);
    stream.set_write_timeout(Some(client_timeout));
    let io = TokioIo::new(Box::pin(stream));
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(handle(shared, request).await.map(Full::new)) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(client_timeout)
        .max_header_size(MAX_HEADER_BYTES)
        .serve_connection(io, service)
        .await;
}

/// Reads a request's body, then answers it on a blocking thread if a query slot is free.
async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Response<Bytes> {
    let (parts, body) = request.into_parts();
    let body = match read_body(body, shared.options.client_timeout).await {
        Ok(body) => body,
        Err(refusal) => return refusal.map(Bytes::from),
    };
    let request = Request::from_parts(parts, body.to_vec());
    let slot = if protocol::runs_a_query(&request) {
        match Arc::clone(&shared.queries).try_acquire_owned() {
            Ok(slot) => Some(slot),
            Err(_) => {
                return protocol::busy(&format!(
                    "kgraph serve is answering {} queries, its limit; try again in a moment",
                    shared.options.max_queries
                ))
                .map(Bytes::from);
            }
        }
    } else {
        None
    };
    let answered = tokio::task::spawn_blocking(move || {
        let running = shared.running.enter();
        let store = shared.store.get();
        let response = protocol::respond_until(&store, &shared.options, &request, &running.stop);
        drop(slot);
        response
    })
    .await;
    match answered {
        Ok(response) => response.map(Bytes::from),
        Err(_) => protocol::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "kgraph serve failed while answering this request",
        )
        .map(Bytes::from),
    }
}

/// The request body, at most [`MAX_BODY_BYTES`] and within `timeout`.
async fn read_body(body: Incoming, timeout: Duration) -> Result<Bytes, Response<Vec<u8>>> {
    let too_large = || {
        protocol::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
        )
    };
    let read = Limited::new(body, MAX_BODY_BYTES).collect();
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(e)) => Err(protocol::error(
            StatusCode::BAD_REQUEST,
            &format!("cannot read the request body: {e}"),
        )),
        Err(_) => Err(protocol::error(
            StatusCode::REQUEST_TIMEOUT,
            &format!("the request body did not arrive within {timeout:?}"),
        )),
    }
}
