//! The DevTools protocol as daybrief speaks it: one WebSocket per tab (or to the browser), one
//! command at a time, and the few commands that load and print a page.

use std::net::TcpStream;

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use super::PAGE_TIMEOUT;

/// One WebSocket to the browser or to a tab.
pub(super) struct Connection {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Events received while waiting for an answer, oldest first.
    events: Vec<Value>,
}

impl Connection {
    pub(super) fn open(port: u16, endpoint: &str) -> Result<Connection, String> {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .map_err(|e| format!("could not reach the browser: {e}"))?;
        stream
            .set_read_timeout(Some(PAGE_TIMEOUT))
            .map_err(|e| e.to_string())?;
        let url = format!("ws://127.0.0.1:{port}{endpoint}");
        let (socket, _) = tungstenite::client::client(url.as_str(), stream)
            .map_err(|e| format!("could not talk to the browser: {e}"))?;
        Ok(Connection {
            socket,
            next_id: 0,
            events: Vec::new(),
        })
    }

    /// The next message, as JSON.
    fn receive(&mut self) -> Result<Value, String> {
        loop {
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    return serde_json::from_str(text.as_str())
                        .map_err(|e| format!("the browser said something unreadable: {e}"));
                }
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(format!(
                        "the browser did not answer in {} s",
                        PAGE_TIMEOUT.as_secs()
                    ));
                }
                Err(e) => return Err(format!("the browser closed the connection: {e}")),
            }
        }
    }

    /// Sends a command and waits for its answer, keeping the events that come meanwhile.
    pub(super) fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        self.socket
            .send(Message::text(message))
            .map_err(|e| format!("could not send {method} to the browser: {e}"))?;
        loop {
            let mut message = self.receive()?;
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    return Err(format!(
                        "{method} failed: {}",
                        error["message"].as_str().unwrap_or("no reason given")
                    ));
                }
                return Ok(message["result"].take());
            }
            if message.get("method").is_some() {
                self.events.push(message);
            }
        }
    }

    /// Waits for the event `method`, looking first at those already received.
    fn wait_for(&mut self, method: &str) -> Result<Value, String> {
        if let Some(at) = self.events.iter().position(|e| e["method"] == method) {
            return Ok(self.events.remove(at));
        }
        loop {
            let message = self.receive()?;
            if message["method"] == method {
                return Ok(message);
            }
        }
    }
}

/// Loads the page's lazy images, waits for them and the fonts, then answers the page's address
/// (without fragment), title and language.
const READY: &str = "(async () => {
  const images = [...document.images];
  for (const image of images) image.loading = 'eager';
  await Promise.all(images.map(i => i.decode().catch(() => null)));
  await document.fonts.ready;
  return [location.href.split('#')[0], document.title, document.documentElement.lang];
})()";

/// A tab of the browser.
pub struct Tab {
    pub(super) page: Connection,
}

/// A page printed to PDF.
pub struct Printed {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// The page's address as the browser has it, without a fragment.
    pub url: String,
    /// Its `<title>`.
    pub title: String,
    /// Its `<html lang>`.
    pub lang: String,
}

impl Tab {
    /// Closes the tab.
    pub fn close(mut self) {
        let _ = self.page.call("Page.close", json!({}));
    }

    /// Loads `url` and prints it with its print style sheet, on the paper its `@page` asks for;
    /// `tagged`: with its structure (headings, tables, lists) for screen readers.
    pub fn print(&mut self, url: &str, tagged: bool) -> Result<Printed, String> {
        self.page.events.clear();
        let navigated = self.page.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = navigated["errorText"].as_str() {
            return Err(format!("the page could not be opened ({error})"));
        }
        self.page.wait_for("Page.loadEventFired")?;
        // Every image (charts are lazy) and font is loaded before printing: the layout then
        // never depends on how far loading had got, and the same page prints the same bytes.
        let facts = self.page.call(
            "Runtime.evaluate",
            json!({
                "expression": READY,
                "awaitPromise": true,
                "returnByValue": true,
            }),
        )?;
        let value = &facts["result"]["value"];
        let text = |i: usize| value[i].as_str().unwrap_or_default().to_owned();
        let printed = self.page.call(
            "Page.printToPDF",
            json!({
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
                "printBackground": false,
                "generateTaggedPDF": tagged,
                "transferMode": "ReturnAsBase64",
            }),
        )?;
        let data = printed["data"]
            .as_str()
            .ok_or("the browser returned no PDF")?;
        let pdf = data_encoding::BASE64
            .decode(data.as_bytes())
            .map_err(|e| format!("the browser returned a damaged PDF: {e}"))?;
        Ok(Printed {
            pdf,
            url: text(0),
            title: text(1),
            lang: text(2),
        })
    }
}
