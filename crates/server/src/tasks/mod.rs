//! Tasks (任务): steps of a demand's plan and to-dos of follow-ups. Each has an owner and a planned
//! finish date, moves through 待开始 › 进行中 › 已完成 (or 延期 with a reason), and keeps every change in
//! its history.

pub mod origins;
pub mod queries;
pub mod record;
pub mod routes;
pub mod service;
pub mod write;
