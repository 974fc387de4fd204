//! Server-Sent Events: every open page holds one stream and is sent the build state, as its
//! page sees it, whenever a build ends. A page reloads when its version differs from its own.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, PoisonError};

/// The streams of the open pages.
#[derive(Debug, Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<()>>>,
}

impl Hub {
    /// A new stream; it is told of every build that ends from now on.
    pub fn subscribe(&self) -> Receiver<()> {
        let (sender, receiver) = mpsc::channel();
        self.lock().push(sender);
        receiver
    }

    /// Tells every stream that a build ended; streams whose page has gone are dropped.
    pub fn notify(&self) {
        self.lock().retain(|client| client.send(()).is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<()>>> {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One SSE message of type `state` carrying the status JSON (which holds no newline).
pub fn state_event(status_json: &str) -> String {
    format!("event: state\ndata: {status_json}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_reaches_live_streams_and_forgets_closed_ones() {
        let hub = Hub::default();
        let open = hub.subscribe();
        drop(hub.subscribe());
        hub.notify();
        assert_eq!(open.try_recv(), Ok(()));
        assert_eq!(hub.lock().len(), 1);
    }

    #[test]
    fn state_event_format() {
        assert_eq!(
            state_event(r#"{"build":1}"#),
            "event: state\ndata: {\"build\":1}\n\n"
        );
    }
}
