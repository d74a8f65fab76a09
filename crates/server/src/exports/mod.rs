//! Export (导出): a filtered customer list written to CSV (UTF-8 with BOM) or XLSX by a background job.
//!
//! The rows come from the list's own query — the caller's `CustomerScope`, `customers::list::filters`,
//! the sort and keyset cursor — a page at a time, so memory stays flat however many customers match
//! (XLSX through rust_xlsxwriter's constant-memory mode). Cells are read straight from the customer's
//! row, its primary contact, its tags and its custom values ([`columns`]), as the API shows them; the
//! columns of fields the caller's role hides are left out, so no hidden value reaches a cell. Text
//! cells go through `crm_domain::spreadsheet::neutralise`; amounts and numbers are numbers. Headers
//! are the import target's labels (a custom field's label for its column), so an exported file
//! imports back with the proposed mapping.
//!
//! `routes` (the handlers under `/api/v1/exports`), `service` (an export checked and started, and the
//! runner: the background job that writes the file page by page, stores it and audits the export),
//! `queries` (an export as DTO, the exportable columns, a page of customers with what their cells
//! need, a finished file), `columns` and `writer` (the file's columns and cells, and its format).

pub mod columns;
pub mod queries;
pub mod routes;
pub mod service;
pub mod writer;
