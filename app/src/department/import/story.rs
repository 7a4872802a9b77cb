//! Product stories arrive as plain text; the shop shows them as HTML. The text is
//! escaped here rather than sanitised later, so nothing an officer pastes can
//! become markup.

use crate::text::clean;

/// The story as stored: each line cleaned like any other text (NFC, single
/// spaces), line breaks kept, runs of blank lines reduced to one.
pub(super) fn clean_story(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_pending = false;
    for line in raw.lines().map(clean) {
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.push_str(&line);
    }
    out
}

/// One `<p>` per non-empty line, text HTML-escaped.
pub(super) fn story_html(story: &str) -> String {
    let mut html = String::with_capacity(story.len() + 16);
    for line in story.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !html.is_empty() {
            html.push('\n');
        }
        html.push_str("<p>");
        escape_into(&mut html, line);
        html.push_str("</p>");
    }
    html
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_keep_their_paragraphs() {
        let raw = "  Dòng  một \r\n\r\n\r\nDòng hai\nDòng ba  \n\n";
        assert_eq!(clean_story(raw), "Dòng một\n\nDòng hai\nDòng ba");
        assert_eq!(clean_story(" \n "), "");
    }

    #[test]
    fn story_html_is_escaped_paragraphs() {
        let html = story_html("Bánh <ngon> & \"rẻ\"\n\nO'Ngon");
        assert_eq!(
            html,
            "<p>Bánh &lt;ngon&gt; &amp; &quot;rẻ&quot;</p>\n<p>O&#39;Ngon</p>"
        );
    }
}
