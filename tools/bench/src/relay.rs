//! A loopback TCP relay that counts the connections it accepts.
//!
//! Put in front of the Salesforce stand-in, it shows how many new TCP connections (and so, on
//! https, TLS handshakes) a function opens: a function that reuses its `reqwest::Client` opens one
//! and keeps it across warm invocations. Bytes are copied unchanged both ways.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A running relay; it stops accepting when dropped.
#[derive(Debug)]
pub struct CountingRelay {
    address: SocketAddr,
    accepted: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

impl CountingRelay {
    /// Listens on `127.0.0.1:0` and forwards every connection to `upstream`.
    pub async fn start(upstream: SocketAddr) -> std::io::Result<CountingRelay> {
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let accepted = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&accepted);
        let task = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(forward(inbound, upstream));
            }
        });
        Ok(CountingRelay {
            address,
            accepted,
            task,
        })
    }

    /// Where clients connect.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:PORT`, the origin to give a function instead of the upstream's.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> u64 {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for CountingRelay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies both directions until either side closes.
async fn forward(mut inbound: TcpStream, upstream: SocketAddr) {
    let _ = inbound.set_nodelay(true);
    if let Ok(mut outbound) = TcpStream::connect(upstream).await {
        let _ = outbound.set_nodelay(true);
        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
    }
}

/// The socket address of an `http://host:port` origin on loopback.
pub fn socket_address_of(url: &str) -> Option<SocketAddr> {
    let rest = url.strip_prefix("http://")?;
    let authority = rest.split('/').next()?;
    authority.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn reads_loopback_origins() {
        assert_eq!(
            socket_address_of("http://127.0.0.1:8787"),
            Some("127.0.0.1:8787".parse().unwrap())
        );
        assert_eq!(
            socket_address_of("http://127.0.0.1:8787/services"),
            Some("127.0.0.1:8787".parse().unwrap())
        );
        assert_eq!(socket_address_of("https://127.0.0.1:8787"), None);
        assert_eq!(socket_address_of("http://localhost:8787"), None);
    }

    #[tokio::test]
    async fn relays_bytes_and_counts_connections() {
        let echo = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let echo_address = echo.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = echo.accept().await {
                tokio::spawn(async move {
                    let mut buffer = [0u8; 64];
                    while let Ok(n) = socket.read(&mut buffer).await {
                        if n == 0 || socket.write_all(&buffer[..n]).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        let relay = CountingRelay::start(echo_address).await.unwrap();
        assert_eq!(relay.accepted(), 0);
        for round in 0..2u8 {
            let mut client = TcpStream::connect(relay.address()).await.unwrap();
            client.write_all(&[b'a' + round; 3]).await.unwrap();
            let mut reply = [0u8; 3];
            client.read_exact(&mut reply).await.unwrap();
            assert_eq!(reply, [b'a' + round; 3]);
        }
        assert_eq!(relay.accepted(), 2);
    }
}
