//! The words of each reminder, in one place (zh-CN, the product's language; the SPA shows them as
//! they are).

use chrono::{DateTime, NaiveDate, Utc};

use crate::china_time;

fn minute(at: DateTime<Utc>) -> String {
    china_time::local(at).format("%Y-%m-%d %H:%M").to_string()
}

/// A follow-up is due.
pub fn followup_due(customer: &str, topic: &str, at: DateTime<Utc>) -> (String, String) {
    (format!("跟进提醒：{customer}"), format!("约定的下次跟进时间 {}，上次主题：{topic}", minute(at)))
}

/// A task finishes on the next working day.
pub fn task_due(task: &str, customer: &str, finish: NaiveDate) -> (String, String) {
    (format!("任务即将到期：{task}"), format!("客户 {customer} 的任务「{task}」计划于 {finish} 完成。"))
}

/// A demand's response deadline is near.
pub fn demand_sla_warning(code: &str, customer: &str, due: DateTime<Utc>) -> (String, String) {
    (format!("需求即将超期：{code}"), format!("客户 {customer} 的需求 {code} 须在 {} 前响应。", minute(due)))
}

/// A demand's response deadline has passed.
pub fn demand_sla_breached(code: &str, customer: &str, due: DateTime<Utc>) -> (String, String) {
    (format!("需求已超期：{code}"), format!("客户 {customer} 的需求 {code} 的响应时限 {} 已过。", minute(due)))
}

/// Customers of one grade have gone without a follow-up.
pub fn customers_idle(count: u64, grade: &str, days: u32) -> (String, String) {
    (
        format!("{count} 位客户超过 {days} 天未跟进"),
        format!("您负责的 {grade} 级客户中有 {count} 位超过 {days} 天没有跟进记录。"),
    )
}

/// The monthly check of customer data.
pub fn monthly_verification(count: u64, month: &str) -> (String, String) {
    ("客户资料月度核实".into(), format!("请核实您负责的 {count} 位客户在 {month} 的资料是否准确。"))
}

/// A manager reviewed a follow-up.
pub fn followup_reviewed(approved: bool, topic: &str, comment: Option<&str>) -> (String, String) {
    let title =
        if approved { format!("跟进记录已通过：{topic}") } else { format!("跟进记录被退回：{topic}") };
    (title, comment.map_or_else(String::new, |c| format!("审核意见：{c}")))
}

/// Customers were handed over.
pub fn handover(count: usize, incoming: bool, reason: &str) -> (String, String) {
    let title =
        if incoming { format!("您接收了 {count} 位客户") } else { format!("您的 {count} 位客户已移交") };
    (title, format!("交接原因：{reason}"))
}

/// A demand was given to someone.
pub fn demand_assigned(code: &str, customer: &str) -> (String, String) {
    (format!("新需求：{code}"), format!("客户 {customer} 的需求 {code} 已指派给您。"))
}
