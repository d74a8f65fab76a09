//! The shape every module keeps (ARCHITECTURE.md, "The shape of a module"), checked on the source:
//! handlers hold no database access and read no clock. (That only policies make access proofs the
//! compiler checks: the proofs' fields are private to `policy/`.)

use std::path::{Path, PathBuf};

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn server_sources() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    sources(&root, &mut found);
    found
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            (relative, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// Whether `file` holds handlers: a `routes.rs`, or a file in a `routes/` folder.
fn is_routes(file: &str) -> bool {
    file.ends_with("/routes.rs") || file.contains("/routes/") || file.starts_with("routes/")
}

#[test]
fn handlers_hold_no_database_access_and_read_no_clock() {
    let mut offending = Vec::new();
    for (file, text) in server_sources().iter().filter(|(file, _)| is_routes(file)) {
        for forbidden in ["sea_orm", "crate::entities", "Utc::now()"] {
            if text.contains(forbidden) {
                offending.push(format!("{file}: {forbidden}"));
            }
        }
    }
    assert!(offending.is_empty(), "handlers must go through a service or a query:\n{}", offending.join("\n"));
}
