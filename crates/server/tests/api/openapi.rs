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

#[test]
fn every_operation_is_declared_once_in_crm_types_with_its_method_path_and_id() {
    use std::collections::BTreeSet;

    let spec = serde_json::to_value(crm_server::openapi::spec()).unwrap();
    let documented: BTreeSet<(String, String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().unwrap().iter().map(move |(method, operation)| {
                let id = operation["operationId"].as_str().unwrap_or_default().to_owned();
                (method.to_uppercase(), path.clone(), id)
            })
        })
        .collect();
    let declared: BTreeSet<(String, String, String)> = crm_types::api::ALL
        .iter()
        .map(|d| (d.method.as_str().to_owned(), d.path.to_owned(), d.operation_id.to_owned()))
        .collect();
    let undeclared: Vec<_> = documented.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "handlers whose method, path or id is not declared in crm_types::api: {undeclared:?}"
    );
    let unserved: Vec<_> = declared.difference(&documented).collect();
    assert!(unserved.is_empty(), "declared endpoints no handler serves: {unserved:?}");
    let ids: BTreeSet<&str> = documented.iter().map(|(_, _, id)| id.as_str()).collect();
    assert_eq!(ids.len(), documented.len(), "operationIds repeat");
    for (_, _, id) in &documented {
        assert!(
            id.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{id} is not lowerCamelCase"
        );
    }
}

#[test]
fn every_declared_body_and_answer_is_the_one_documented() {
    let spec = serde_json::to_value(crm_server::openapi::spec()).unwrap();
    let schema_name = |schema: &serde_json::Value| -> String {
        match schema.get("$ref").and_then(|r| r.as_str()) {
            Some(reference) => reference.rsplit('/').next().unwrap_or_default().to_owned(),
            None if schema["type"] == "array" => {
                let item = schema["items"]["$ref"].as_str().unwrap_or_default();
                format!("Vec<{}>", item.rsplit('/').next().unwrap_or_default())
            }
            None => schema.to_string(),
        }
    };
    let mut mismatches = Vec::new();
    for declared in crm_types::api::ALL {
        let operation = &spec["paths"][declared.path][declared.method.as_str().to_lowercase()];
        let body = match operation["requestBody"]["content"].as_object() {
            None => "Nothing".to_owned(),
            Some(content) if content.contains_key("multipart/form-data") => "FileUpload".to_owned(),
            Some(content) => schema_name(&content["application/json"]["schema"]),
        };
        let responses = operation["responses"].as_object().unwrap();
        let (_, success) = responses.iter().find(|(status, _)| status.starts_with('2')).unwrap();
        let response = match success["content"].as_object() {
            None => "NoContent".to_owned(),
            Some(content) if !content.contains_key("application/json") => "FileContent".to_owned(),
            Some(content) => schema_name(&content["application/json"]["schema"]),
        };
        // `Page<Demand>` is the schema `Page_Demand`.
        let written = |t: &str| {
            let t = t.replace(' ', "");
            match t.strip_prefix("Page<").and_then(|t| t.strip_suffix('>')) {
                Some(item) => format!("Page_{item}"),
                None => t,
            }
        };
        if written(declared.body) != body || written(declared.response) != response {
            mismatches.push(format!(
                "{}: declared {} → {}, documented {body} → {response}",
                declared.operation_id, declared.body, declared.response
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_document_lists_every_error_code_by_its_wire_name() {
    let spec = serde_json::to_value(crm_server::openapi::spec()).unwrap();
    let listed = |schema: &str| -> Vec<String> {
        spec["components"]["schemas"][schema]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let errors: Vec<String> = crm_types::ErrorCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    assert_eq!(listed("ErrorCode"), errors);
    let fields: Vec<String> = crm_types::FieldErrorCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    assert_eq!(listed("FieldErrorCode"), fields);
}
