//! The file types accepted, decided from the first bytes of the content: images, PDF, Office
//! documents, and plain text. A name or a declared type that says otherwise changes nothing.

/// What an accepted file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The media type served back.
    pub mime: &'static str,
    /// Whether browsers may show it inline (images and PDF).
    pub previewable: bool,
}

const ACCEPTED: &[(&str, bool)] = &[
    ("image/jpeg", true),
    ("image/png", true),
    ("image/gif", true),
    ("image/webp", true),
    ("image/bmp", true),
    ("application/pdf", true),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", false),
    ("application/msword", false),
    ("application/vnd.ms-excel", false),
    ("application/vnd.ms-powerpoint", false),
];

/// The kind of a file from its first bytes and its (sanitised) name, or `None` when it is not
/// accepted. Text has no signature: a `.txt` or `.csv` whose start holds no NUL byte and no other
/// format's signature is taken as plain text.
pub fn detect(head: &[u8], name: &str) -> Option<Kind> {
    if let Some(found) = infer::get(head) {
        return ACCEPTED
            .iter()
            .find(|(mime, _)| *mime == found.mime_type())
            .map(|(mime, previewable)| Kind { mime, previewable: *previewable });
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let texty = matches!(extension.as_deref(), Some("txt" | "csv"));
    (texty && !head.contains(&0)).then_some(Kind { mime: "text/plain", previewable: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides_not_the_name() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(detect(png, "whatever.exe").map(|k| k.mime), Some("image/png"));
        assert_eq!(detect(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff", "photo.png"), None);
        assert_eq!(
            detect(b"%PDF-1.7\n%", "确认函.pdf").map(|k| (k.mime, k.previewable)),
            Some(("application/pdf", true))
        );
        assert_eq!(detect("客户名称,电话\n".as_bytes(), "客户.csv").map(|k| k.mime), Some("text/plain"));
        assert_eq!(detect(b"\0\0binary", "data.txt"), None);
        assert_eq!(detect(b"#!/bin/sh\nrm -rf /", "run.sh"), None);
    }
}
