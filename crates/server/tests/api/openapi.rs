//! The checked-in `openapi/openapi.json` must equal the document built from the code.

use std::path::PathBuf;

#[test]
fn the_checked_in_openapi_document_matches_the_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    let generated = crm_server::openapi::spec_json().unwrap();
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if generated == checked_in {
        return;
    }
    if std::env::var_os("CI").is_some() {
        panic!("openapi/openapi.json is out of date with the code: run `make openapi` and commit the result");
    }
    std::fs::write(&path, generated).unwrap();
    panic!("openapi/openapi.json was out of date and has been rewritten; review and commit it, then rerun");
}

#[test]
fn every_operation_is_documented_with_a_summary_and_its_errors() {
    let spec = serde_json::to_value(crm_server::openapi::spec()).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let summary = operation["summary"].as_str().unwrap_or_default();
            assert!(!summary.is_empty(), "{method} {path} has no summary");
            assert!(
                operation["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{method} {path} has no description"
            );
            let responses = operation["responses"].as_object().unwrap();
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{method} {path} does not document {status}");
                }
            }
            if operation.get("security").is_some() {
                assert!(responses.contains_key("401"), "{method} {path} does not document 401");
            }
        }
    }
}
