//! The problem rows of a job — the dry run's, or the commit's once it started — by line, with the
//! column and the reason, a page at a time (forward by the server's cursor, back by the cursors seen).

use crm_types::import::ImportProblemPage;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::problem_label;
use super::wizard::Wizard;
use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::error_message;

/// Problems per page.
const PAGE: u32 = 20;

#[component]
pub fn ProblemRows(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let id = w.job.with_untracked(|j| j.id);
    let page = RwSignal::new(None::<ImportProblemPage>);
    // The cursor of each page shown so far (the first has none).
    let cursors = RwSignal::new(vec![None::<String>]);
    let error = RwSignal::new(None::<ApiError>);
    let fetch = move || {
        let cursor = cursors.with_untracked(|c| c.last().cloned().flatten());
        let mut path = format!("/imports/{id}/problems?limit={PAGE}");
        if let Some(cursor) = cursor {
            path.push_str(&format!("&cursor={}", js_sys::encode_uri_component(&cursor)));
        }
        spawn_local(async move {
            match api::get::<ImportProblemPage>(&path).await {
                Ok(answer) => {
                    let _ = page.try_set(Some(answer));
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    fetch();
    let next = move |_| {
        let Some(cursor) = page.with_untracked(|p| p.as_ref().and_then(|p| p.next_cursor.clone())) else { return };
        cursors.update(|c| c.push(Some(cursor)));
        fetch();
    };
    let previous = move |_| {
        cursors.update(|c| {
            if c.len() > 1 {
                c.pop();
            }
        });
        fetch();
    };

    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        {move || page.get().map(|p| if p.items.is_empty() {
            view! { <p class="empty" data-testid="no-problems">{t!(i18n, imports.no_problems)}</p> }.into_any()
        } else {
            view! {
                <table class="data-table problems" data-testid="problem-rows">
                    <thead>
                        <tr>
                            <th>{t!(i18n, imports.line)}</th>
                            <th>{t!(i18n, imports.column)}</th>
                            <th>{t!(i18n, imports.reason)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {p.items.into_iter().map(|problem| {
                            let code = problem.code.clone();
                            view! {
                                <tr data-line=problem.line.to_string() data-code=problem.code.clone()>
                                    <td>{problem.line.to_string()}</td>
                                    <td>{problem.column.clone().unwrap_or_default()}</td>
                                    <td>
                                        {move || problem_label(i18n.get_locale(), &code)}
                                        <small class="problem-detail">{problem.message.clone()}</small>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        })}
        <div class="button-row pager">
            <button type="button" data-testid="problems-previous" disabled=move || cursors.with(|c| c.len() <= 1) on:click=previous>
                {t!(i18n, imports.previous_page)}
            </button>
            <span class="muted">{move || td_string!(i18n.get_locale(), imports.page_n).replace("{n}", &cursors.with(Vec::len).to_string())}</span>
            <button type="button" data-testid="problems-next"
                disabled=move || page.with(|p| p.as_ref().is_none_or(|p| p.next_cursor.is_none())) on:click=next>
                {t!(i18n, imports.next_page)}
            </button>
        </div>
    }
}
