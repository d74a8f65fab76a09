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

/// How many customer names a handover notice lists.
const NAMES_LISTED: usize = 5;

/// Customers were handed over to `to`: the notice names them (the first few of many).
pub fn handover(names: &[&str], incoming: bool, to: &str, reason: &str) -> (String, String) {
    let count = names.len();
    let title = match (names, incoming) {
        ([one], true) => format!("您接收了客户「{one}」"),
        ([one], false) => format!("您的客户「{one}」已移交给 {to}"),
        (_, true) => format!("您接收了 {count} 位客户"),
        (_, false) => format!("您的 {count} 位客户已移交给 {to}"),
    };
    let listed = names.iter().take(NAMES_LISTED).copied().collect::<Vec<_>>().join("、");
    let body = match count {
        1 => format!("交接原因：{reason}"),
        n if n <= NAMES_LISTED => format!("客户：{listed}\n交接原因：{reason}"),
        n => format!("客户：{listed} 等 {n} 位\n交接原因：{reason}"),
    };
    (title, body)
}

/// A demand was given to someone.
pub fn demand_assigned(code: &str, customer: &str) -> (String, String) {
    (format!("新需求：{code}"), format!("客户 {customer} 的需求 {code} 已指派给您。"))
}

#[cfg(test)]
mod tests {
    use super::handover;

    #[test]
    fn a_handover_notice_names_the_customers_the_first_few_of_many() {
        let (title, body) = handover(&["甲公司"], false, "李晓松", "区域调整");
        assert_eq!((title.as_str(), body.as_str()), ("您的客户「甲公司」已移交给 李晓松", "交接原因：区域调整"));
        let (title, body) = handover(&["甲", "乙"], true, "李晓松", "离职");
        assert_eq!((title.as_str(), body.as_str()), ("您接收了 2 位客户", "客户：甲、乙\n交接原因：离职"));
        let many = ["一", "二", "三", "四", "五", "六", "七"];
        let (title, body) = handover(&many, false, "李晓松", "离职");
        assert_eq!(title, "您的 7 位客户已移交给 李晓松");
        assert_eq!(body, "客户：一、二、三、四、五 等 7 位\n交接原因：离职");
    }
}
