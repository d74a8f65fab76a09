//! File names as users see them, made safe: no directories, no control or reserved characters, a
//! bounded length that keeps the extension.

/// The longest name kept, in characters.
const MAX_CHARS: usize = 200;

/// The safe form of an uploaded file's name (`../../etc/passwd.pdf` → `passwd.pdf`).
pub fn sanitise(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String =
        base.chars().filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')).collect();
    let trimmed = cleaned.trim().trim_matches('.').trim();
    if trimmed.is_empty() {
        return "附件".into();
    }
    if trimmed.chars().count() <= MAX_CHARS {
        return trimmed.to_owned();
    }
    let (stem, extension) = match trimmed.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() <= 10 => (stem, format!(".{ext}")),
        _ => (trimmed, String::new()),
    };
    let keep = MAX_CHARS - extension.chars().count();
    stem.chars().take(keep).collect::<String>() + &extension
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn directories_and_traversal_are_dropped() {
        assert_eq!(sanitise("../../etc/passwd.pdf"), "passwd.pdf");
        assert_eq!(sanitise("C:\\Users\\张伟\\客户确认函.pdf"), "客户确认函.pdf");
        assert_eq!(sanitise(".."), "附件");
        assert_eq!(sanitise("..\u{0}..//"), "附件");
        assert_eq!(sanitise("报价单<v2>?.xlsx"), "报价单v2.xlsx");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let name = sanitise(&format!("{}.docx", "需".repeat(300)));
        assert_eq!(name.chars().count(), 200);
        assert!(name.ends_with(".docx"));
    }

    proptest! {
        #[test]
        fn a_sanitised_name_is_never_a_path(raw in ".{0,300}") {
            let name = sanitise(&raw);
            prop_assert!(!name.is_empty() && name.chars().count() <= 200);
            prop_assert!(!name.contains('/') && !name.contains('\\') && name != "." && name != "..");
            prop_assert!(!name.chars().any(char::is_control));
        }
    }
}
