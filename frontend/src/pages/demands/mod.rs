//! Demands and tasks (需求与任务): the board at `/demands`, one demand at `/demands/:id` with its status
//! flow, confirmation and task plan, and the task list at `/tasks`; the labels and badges the
//! customer's 360° page shows demands with.

mod board;
mod history;
mod my_tasks;
mod page;
mod plan;
mod task_actions;

pub use board::DemandBoardPage;
pub use my_tasks::TasksPage;
pub use page::DemandPage;

use crm_types::access::ModuleKey;
use crm_types::auth::Me;
use crm_types::demand::{DemandKind, DemandStatus, Priority, SlaState};
use crm_types::task::TaskStatus;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Locale, t, td_string, use_i18n};

/// The name of a demand status.
pub fn status_label(locale: Locale, status: DemandStatus) -> &'static str {
    match status {
        DemandStatus::Open => td_string!(locale, demands.status_open),
        DemandStatus::InProgress => td_string!(locale, demands.status_in_progress),
        DemandStatus::AwaitingConfirmation => td_string!(locale, demands.status_awaiting_confirmation),
        DemandStatus::Done => td_string!(locale, demands.status_done),
    }
}

/// The name of a priority.
pub fn priority_label(locale: Locale, priority: Priority) -> &'static str {
    match priority {
        Priority::High => td_string!(locale, demands.priority_high),
        Priority::Medium => td_string!(locale, demands.priority_medium),
        Priority::Low => td_string!(locale, demands.priority_low),
    }
}

/// The name of a demand kind.
pub fn kind_label(locale: Locale, kind: DemandKind) -> &'static str {
    match kind {
        DemandKind::Existing => td_string!(locale, demands.kind_existing),
        DemandKind::Potential => td_string!(locale, demands.kind_potential),
    }
}

/// Where a demand stands against its response deadline.
pub fn sla_label(locale: Locale, sla: SlaState) -> &'static str {
    match sla {
        SlaState::OnTrack => td_string!(locale, demands.sla_on_track),
        SlaState::DueSoon => td_string!(locale, demands.sla_due_soon),
        SlaState::Breached => td_string!(locale, demands.sla_breached),
    }
}

/// The name of a task status (待开始, 进行中, 已完成, 延期).
pub fn task_status_label(locale: Locale, status: TaskStatus) -> &'static str {
    crate::pages::followups::task_status_label(locale, status)
}

/// The response-deadline badge: 正常, 即将超期 or 已超期 (`data-sla` carries the code).
#[component]
pub fn SlaBadge(sla: SlaState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge sla-{}", sla.as_str()) data-testid="sla" data-sla=sla.as_str()>
            {move || sla_label(i18n.get_locale(), sla)}
        </span>
    }
}

/// The priority badge (`data-priority` carries the code).
#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge priority-{}", priority.as_str()) data-testid="priority" data-priority=priority.as_str()>
            {move || priority_label(i18n.get_locale(), priority)}
        </span>
    }
}

/// The status badge of a demand (`data-status` carries the code).
#[component]
pub fn StatusBadge(status: DemandStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge demand-{}", status.as_str()) data-testid="demand-status" data-status=status.as_str()>
            {move || status_label(i18n.get_locale(), status)}
        </span>
    }
}

/// The status badge of a task (`data-status` carries the code), with 已逾期 when past its finish.
#[component]
pub fn TaskStatusBadge(status: TaskStatus, overdue: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge task-{}", status.as_str()) data-testid="task-status" data-status=status.as_str()>
            {move || task_status_label(i18n.get_locale(), status)}
        </span>
        {overdue.then(|| view! { <span class="badge overdue">{t!(i18n, followups.overdue)}</span> })}
    }
}

/// Whether the user may open the task list: the module is on (everybody may own tasks).
pub fn sees_tasks(me: &Me) -> bool {
    me.modules.contains(&ModuleKey::Demands)
}

/// The two pages of the module, as tabs: the board and the task list.
#[component]
pub fn ModuleTabs() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" data-testid="demand-tabs">
            <A href="/demands" exact=true>{t!(i18n, demands.board)}</A>
            <A href="/tasks" exact=true>{t!(i18n, tasks.title)}</A>
        </nav>
    }
}
