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

/// The accepted media types: whether browsers show them inline, and their usual extensions.
const ACCEPTED: &[(&str, bool, &[&str])] = &[
    ("image/jpeg", true, &["jpg", "jpeg"]),
    ("image/png", true, &["png"]),
    ("image/gif", true, &["gif"]),
    ("image/webp", true, &["webp"]),
    ("image/bmp", true, &["bmp"]),
    ("application/pdf", true, &["pdf"]),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, &["docx"]),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, &["xlsx"]),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", false, &["pptx"]),
    ("application/msword", false, &["doc"]),
    ("application/vnd.ms-excel", false, &["xls"]),
    ("application/vnd.ms-powerpoint", false, &["ppt"]),
];

/// Plain text, which has no signature: taken by its extension when its start holds no NUL byte.
const TEXT: (&str, bool, &[&str]) = ("text/plain", false, &["txt", "csv"]);

/// Every accepted type as `(media type, previewable, extensions)`, plain text last.
pub fn accepted() -> impl Iterator<Item = (&'static str, bool, &'static [&'static str])> {
    ACCEPTED.iter().copied().chain(std::iter::once(TEXT))
}

/// The kind of a file from its first bytes and its (sanitised) name, or `None` when it is not
/// accepted. Text has no signature: a `.txt` or `.csv` whose start holds no NUL byte and no other
/// format's signature is taken as plain text.
pub fn detect(head: &[u8], name: &str) -> Option<Kind> {
    if let Some(found) = infer::get(head) {
        return ACCEPTED
            .iter()
            .find(|(mime, _, _)| *mime == found.mime_type())
            .map(|(mime, previewable, _)| Kind { mime, previewable: *previewable });
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let texty = extension.is_some_and(|e| TEXT.2.contains(&e.as_str()));
    (texty && !head.contains(&0)).then_some(Kind { mime: TEXT.0, previewable: TEXT.1 })
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
