//! Files in the browser: handing downloaded bytes to the user as a download, a new tab or an inline
//! image. The page's Content-Security-Policy allows `data:` images but no `blob:` images or frames,
//! so inline previews are `data:` URLs and PDFs open in a tab of their own.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// How long an object URL handed to a download or a tab lives before it is released.
const OBJECT_URL_LIFETIME_MS: i32 = 60_000;

/// An object URL for `bytes` of type `media_type`.
fn object_url(bytes: &[u8], media_type: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Releases `url` after a while (the download or the tab has read it by then).
fn release_later(url: String) {
    let Some(window) = web_sys::window() else { return };
    let release = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), OBJECT_URL_LIFETIME_MS);
}

/// Saves `bytes` under `file_name` through the browser's download.
pub fn save(bytes: &[u8], media_type: &str, file_name: &str) -> bool {
    let Some(url) = object_url(bytes, media_type) else { return false };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(anchor) = anchor else { return false };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    release_later(url);
    true
}

/// A blank tab, opened while the click that asked for it is still being handled (later, a popup
/// blocker would stop it); [`show_in`] fills it once the file has arrived.
pub fn blank_tab() -> Option<web_sys::Window> {
    web_sys::window()?.open_with_url_and_target("", "_blank").ok().flatten()
}

/// Shows `bytes` in `tab`.
pub fn show_in(tab: &web_sys::Window, bytes: &[u8], media_type: &str) -> bool {
    let Some(url) = object_url(bytes, media_type) else { return false };
    let shown = tab.location().set_href(&url).is_ok();
    release_later(url);
    shown
}

/// A `data:` URL of `bytes`, for an inline image.
pub fn data_url(bytes: &[u8], media_type: &str) -> String {
    format!("data:{media_type};base64,{}", base64(bytes))
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

/// A size in bytes as people read it (KB and MB of 1024).
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    // Precision beyond 2^53 bytes does not matter for one decimal.
    let size = bytes as f64;
    if size < KB {
        format!("{bytes} B")
    } else if size < KB * KB {
        format!("{:.1} KB", size / KB)
    } else {
        format!("{:.1} MB", size / (KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn sizes_read_in_bytes_kilobytes_and_megabytes() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2.0 KB");
        assert_eq!(human_size(5 * 1024 * 1024 + 1024 * 1024 / 2), "5.5 MB");
    }
}
