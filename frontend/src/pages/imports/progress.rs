//! Steps 5 and 6: the commit's live progress (percent, rows done of the total, rate, time left, cancel)
//! and what it did (created, updated, skipped, left out), with the per-row error report to download
//! and the way back to the customer list.

use crm_types::import::ImportStatus;
use leptos::prelude::*;
use leptos_router::components::A;

use super::problems::ProblemRows;
use super::wizard::Wizard;
use super::{duration_text, percent, status_label};
use crate::i18n::{t, td_string, use_i18n};

/// The progress bar with its figures.
#[component]
fn ProgressBar(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let share = Memo::new(move |_| {
        w.job.with(|j| {
            if j.status == ImportStatus::Completed { 100 } else { percent(j.progress.processed, j.progress.total) }
        })
    });
    let figures = move || {
        let locale = i18n.get_locale();
        w.job.with(|j| {
            let p = &j.progress;
            let mut parts = vec![
                td_string!(locale, imports.rows_done)
                    .replace("{done}", &p.processed.to_string())
                    .replace("{total}", &p.total.to_string()),
            ];
            if let Some(rate) = p.rate.filter(|_| j.status == ImportStatus::Running) {
                parts.push(td_string!(locale, imports.rate).replace("{n}", &format!("{rate:.0}")));
            }
            if let Some(eta) = p.eta_seconds.filter(|_| j.status == ImportStatus::Running) {
                parts.push(td_string!(locale, imports.eta).replace("{t}", &duration_text(locale, eta)));
            }
            parts.join(" · ")
        })
    };
    view! {
        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=move || share.get().to_string() data-testid="import-progress">
            <div class="progress-fill" style:width=move || format!("{}%", share.get())></div>
        </div>
        <p class="progress-figures">
            <strong data-testid="progress-percent">{move || format!("{}%", share.get())}</strong>
            " "
            <span data-testid="progress-rows">{figures}</span>
        </p>
    }
}

#[component]
pub fn RunStep(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let cancelling = move || w.job.with(|j| j.cancel_requested);
    view! {
        <section class="card import-step" data-testid="run-step">
            <h2>{t!(i18n, imports.step_run)}</h2>
            <ProgressBar w=w />
            <Show when=cancelling fallback=move || view! {
                <button type="button" class="danger" data-testid="cancel-import" on:click=move |_| w.cancel()>
                    {t!(i18n, imports.cancel)}
                </button>
            }>
                <p class="muted" role="status">{t!(i18n, imports.cancelling)}</p>
            </Show>
        </section>
    }
}

#[component]
pub fn ResultStep(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let status = Memo::new(move |_| w.job.with(|j| j.status));
    let committed = w.job.with_untracked(|j| j.started_at.is_some());
    let counts = move || {
        let locale = i18n.get_locale();
        w.job.with(|j| {
            let p = &j.progress;
            [
                ("imported", td_string!(locale, imports.imported), p.imported),
                ("updated", td_string!(locale, imports.updated), p.updated),
                ("skipped", td_string!(locale, imports.skipped), p.skipped),
                ("failed", td_string!(locale, imports.failed), p.failed),
            ]
            .into_iter()
            .map(|(key, label, n)| {
                view! {
                    <div class=format!("figure figure-{key}") data-count=key>
                        <dt>{label}</dt>
                        <dd>{n.to_string()}</dd>
                    </div>
                }
            })
            .collect_view()
        })
    };
    view! {
        <section class="card import-step" data-testid="result-step">
            <h2>{t!(i18n, imports.step_result)}</h2>
            <p data-testid="import-status" data-status=move || status.get().as_str()>
                <span class=move || format!("badge import-{}", status.get().as_str())>{move || status_label(i18n.get_locale(), status.get())}</span>
            </p>
            {committed.then(|| view! { <ProgressBar w=w /> })}
            {move || w.job.with(|j| j.error.clone()).map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <Show when=move || status.get() == ImportStatus::Cancelled && committed>
                <p class="notice" data-testid="cancelled-at">
                    {move || td_string!(i18n.get_locale(), imports.cancelled_at)
                        .replace("{line}", &w.job.with(|j| j.progress.last_line).to_string())}
                </p>
            </Show>
            <dl class="report-figures" data-testid="import-result">{counts}</dl>
            <div class="button-row wizard-actions">
                <button type="button" data-testid="download-error-report" on:click=move |_| w.download_report()>
                    {t!(i18n, imports.download_error_report)}
                </button>
                <A href="/customers" attr:class="button primary" attr:data-testid="to-customers">{t!(i18n, imports.to_customers)}</A>
                <A href="/customers/import" attr:class="button">{t!(i18n, imports.another)}</A>
            </div>
            <h3>{t!(i18n, imports.problem_rows)}</h3>
            <ProblemRows w=w />
        </section>
    }
}
