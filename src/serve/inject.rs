//! Adds the live-reload script to HTML responses. Only the server does this, per response:
//! the built site (`daybrief build`) never contains it.

/// Where the script is served; the server reserves every path under `/__daybrief/`.
pub const SCRIPT_PATH: &str = "/__daybrief/live.js";

/// `html` with `<script src="/__daybrief/live.js" data-build="N">` just before the last
/// `</body>` (or at the end when there is none). An external script, not an inline one, so the
/// pages' Content-Security-Policy (`script-src 'self'`) allows it.
pub fn with_live_script(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\"></script>\n");
    let at = last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn last_body_close(html: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body";
    html.windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_before_the_last_body_close() {
        let html = b"<p>a</body></p>\n</BODY>\n</html>\n";
        let out = String::from_utf8(with_live_script(html, 7)).unwrap();
        assert_eq!(
            out,
            "<p>a</body></p>\n<script src=\"/__daybrief/live.js\" data-build=\"7\"></script>\n</BODY>\n</html>\n"
        );
    }

    #[test]
    fn appended_when_there_is_no_body_close() {
        let out = String::from_utf8(with_live_script(b"<p>x</p>", 1)).unwrap();
        assert_eq!(
            out,
            "<p>x</p><script src=\"/__daybrief/live.js\" data-build=\"1\"></script>\n"
        );
    }
}
