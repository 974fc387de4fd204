//! When the browser starts and stops: early, as a build that prints begins, and off the
//! critical path, once the last file is printed.

use std::sync::Arc;

use super::browser;
use crate::error::Error;

/// The browser being stopped and its profile removed, on a thread of its own, while the build
/// goes on (reaping it alone took some 0.1 s); dropping this waits for it.
#[derive(Debug, Default)]
pub struct Closing(Option<std::thread::JoinHandle<()>>);

impl Closing {
    /// Stops `browser` (this build's handle on it) and `starting` on a thread of their own.
    pub(super) fn stop(browser: Option<Arc<browser::Browser>>, starting: Starting) -> Closing {
        Closing(
            std::thread::Builder::new()
                .name("chromium-stop".into())
                .spawn(move || drop((browser, starting)))
                .ok(),
        )
    }
}

impl Drop for Closing {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

/// A Chromium started as a build that prints begins, so that its start (a quarter of a
/// second or more) overlaps checking and rendering instead of waiting for them. It is started
/// on a thread of its own that lives until the build is done with it: on Linux the browser is
/// killed when the thread that started it ends. Dropping this stops the browser.
pub struct Starting {
    ready: std::sync::mpsc::Receiver<Result<Arc<browser::Browser>, Error>>,
    /// Told (or dropped) when the build is done with the browser.
    done: std::sync::mpsc::Sender<()>,
    owner: Option<std::thread::JoinHandle<()>>,
}

impl Starting {
    /// Starts the browser in the background. Whether it could be started is only told to
    /// [`print`], and only when there is something to print: a build with nothing to print
    /// never needs it.
    pub fn begin() -> Starting {
        let (started, ready) = std::sync::mpsc::channel();
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let owner = std::thread::Builder::new()
            .name("chromium".into())
            .spawn(move || {
                let launched = browser::Browser::launch().map(Arc::new);
                let kept = launched.as_ref().ok().cloned();
                let _ = started.send(launched);
                let _ = wait.recv();
                drop(kept);
            })
            .ok();
        Starting { ready, done, owner }
    }

    /// The browser, once started, or why it could not be.
    pub(super) fn browser(&self) -> Result<Arc<browser::Browser>, Error> {
        self.ready.recv().unwrap_or_else(|_| {
            Err(Error::Refused(
                "Chromium could not be started: no thread could be made to start it".into(),
            ))
        })
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        let _ = self.done.send(());
        if let Some(owner) = self.owner.take() {
            let _ = owner.join();
        }
    }
}
