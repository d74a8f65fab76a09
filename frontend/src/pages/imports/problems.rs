//! The problem rows of a job — the dry run's, or the commit's once it started — by line, with the
//! column and the reason; more pages on demand (the server's cursor).

use crm_types::api::ListImportProblems;
use crm_types::import::ProblemQuery;
use leptos::prelude::*;

use super::problem_label;
use super::wizard::Wizard;
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};

/// Problems per page.
const PAGE: u32 = 20;

#[component]
pub fn ProblemRows(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let id = w.id();
    let problems = use_cursor_list(move |cursor| {
        let query = ProblemQuery { limit: Some(PAGE), cursor };
        async move { api::get::<ListImportProblems>(&id, &query).await }
    });
    view! {
        <ListState list=problems name="problems" empty=|l| td_string!(l, imports.no_problems)>
            <Show when=move || !problems.items.with(Vec::is_empty)>
                <table class="data-table problems" data-testid="problem-rows">
                    <thead>
                        <tr>
                            <th>{t!(i18n, imports.line)}</th>
                            <th>{t!(i18n, imports.column)}</th>
                            <th>{t!(i18n, imports.reason)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        // Pages only ever append, so a problem's position is a stable key.
                        <For each=move || problems.items.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                            {
                                let problem = item.1;
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
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
        </ListState>
    }
}
