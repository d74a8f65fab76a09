//! The SPA's two languages, checked on `frontend/locales/*.json`: both have the same keys, and the
//! Chinese text uses full-width punctuation (，？！：；（）), as Chinese readers expect.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

fn locale(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../frontend/locales").join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every (dotted key, text) of a locale file.
fn texts(value: &Value, prefix: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                texts(inner, &path, found);
            }
        }
        Value::String(text) => found.push((prefix.to_owned(), text.clone())),
        other => panic!("{prefix}: not text: {other}"),
    }
}

fn all(name: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    texts(&locale(name), "", &mut found);
    found
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

#[test]
fn both_languages_have_the_same_keys() {
    let keys = |name| all(name).into_iter().map(|(key, _)| key).collect::<BTreeSet<_>>();
    let (zh, en) = (keys("zh-CN"), keys("en"));
    assert_eq!(zh.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "only in zh-CN");
    assert_eq!(en.difference(&zh).collect::<Vec<_>>(), Vec::<&String>::new(), "only in en");
}

#[test]
fn chinese_text_uses_full_width_punctuation() {
    let mut offending = Vec::new();
    for (key, text) in all("zh-CN") {
        let chars: Vec<char> = text.chars().collect();
        let half_width_beside_chinese = chars.windows(2).any(|pair| {
            let punctuation = |c: char| matches!(c, ',' | '?' | '!' | ':' | ';' | '(' | ')');
            (is_chinese(pair[0]) && punctuation(pair[1])) || (punctuation(pair[0]) && is_chinese(pair[1]))
        });
        let unbalanced = text.matches('（').count() != text.matches('）').count();
        if half_width_beside_chinese || unbalanced {
            offending.push(format!("{key}: {text}"));
        }
    }
    assert!(offending.is_empty(), "half-width punctuation in Chinese text:\n{}", offending.join("\n"));
}
