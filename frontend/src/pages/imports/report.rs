//! Step 4: the dry run. While it reads the file, a note says so; then the cleaning report — rows read,
//! duplicates inside the file and against the database, missing required values, invalid formats,
//! what a commit would create, update and skip — with the dictionary texts no value matched, to map
//! onto values (which runs the dry run again), the problem rows, the duplicate policies (a change
//! runs the dry run again) and the button that commits.

use crm_types::import::{DatabasePolicy, ImportReport, ImportStatus, InFilePolicy};
use leptos::prelude::*;

use super::problems::ProblemRows;
use super::values::ValueMapping;
use super::wizard::{Step, Wizard};
use crate::i18n::{Locale, t, td_string, use_i18n};

fn in_file_label(locale: Locale, policy: InFilePolicy) -> &'static str {
    match policy {
        InFilePolicy::Skip => td_string!(locale, imports.policy_skip),
        InFilePolicy::Import => td_string!(locale, imports.policy_import),
    }
}

fn database_label(locale: Locale, policy: DatabasePolicy) -> &'static str {
    match policy {
        DatabasePolicy::Skip => td_string!(locale, imports.policy_skip),
        DatabasePolicy::Update => td_string!(locale, imports.policy_update),
        DatabasePolicy::Import => td_string!(locale, imports.policy_import),
    }
}

/// The report's figures, each with its name and key (`data-count`).
fn figures(locale: Locale, r: &ImportReport) -> Vec<(&'static str, &'static str, u64)> {
    vec![
        ("rows_read", td_string!(locale, imports.rows_read), r.rows_read),
        ("in_file_duplicates", td_string!(locale, imports.in_file_duplicates), r.in_file_duplicates),
        ("database_duplicates", td_string!(locale, imports.database_duplicates), r.database_duplicates),
        ("missing_required", td_string!(locale, imports.missing_required), r.missing_required),
        ("invalid_format", td_string!(locale, imports.invalid_format), r.invalid_format),
        ("to_import", td_string!(locale, imports.to_import), r.to_import),
        ("to_update", td_string!(locale, imports.to_update), r.to_update),
        ("to_skip", td_string!(locale, imports.to_skip), r.to_skip),
    ]
}

#[component]
pub fn ReportStep(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let status = Memo::new(move |_| w.job.with(|j| j.status));
    let report = Memo::new(move |_| w.job.with(|j| j.report.clone()));
    view! {
        <section class="card import-step" data-testid="report-step">
            <h2>{t!(i18n, imports.step_report)}</h2>
            <Show when=move || status.get() == ImportStatus::Analysing>
                <p class="notice" role="status" data-testid="analysing">{t!(i18n, imports.analysing)}</p>
            </Show>
            <Show when=move || status.get() == ImportStatus::Analysed>
                {move || report.get().map(|r| {
                    let locale = i18n.get_locale();
                    view! {
                        <dl class="report-figures" data-testid="import-report">
                            {figures(locale, &r).into_iter().map(|(key, label, n)| view! {
                                <div class=format!("figure figure-{key}") data-count=key>
                                    <dt>{label}</dt>
                                    <dd>{n.to_string()}</dd>
                                </div>
                            }).collect_view()}
                        </dl>
                    }
                })}
                <ValueMapping w=w />
                <h3>{t!(i18n, imports.problem_rows)}</h3>
                <ProblemRows w=w />
            </Show>
            <Policies w=w />
            <div class="button-row wizard-actions">
                <button type="button" on:click=move |_| w.step.set(Step::Mapping)
                    disabled=move || status.get() == ImportStatus::Analysing>{t!(i18n, imports.back)}</button>
                <button type="button" data-testid="rerun-dry-run"
                    disabled=move || w.busy.get() || status.get() == ImportStatus::Analysing
                    on:click=move |_| w.dry_run(i18n.get_locale_untracked())>
                    {t!(i18n, imports.rerun_dry_run)}
                </button>
                <button type="button" class="primary" data-testid="commit"
                    disabled=move || w.busy.get() || status.get() != ImportStatus::Analysed || w.policies_changed()
                    on:click=move |_| w.commit()>
                    {move || {
                        let n = report.get().map(|r| r.to_import + r.to_update).unwrap_or_default();
                        td_string!(i18n.get_locale(), imports.commit).replace("{n}", &n.to_string())
                    }}
                </button>
            </div>
            <Show when=move || w.policies_changed() && status.get() == ImportStatus::Analysed>
                <p class="muted" data-testid="policies-changed">{t!(i18n, imports.policies_changed)}</p>
            </Show>
        </section>
    }
}

/// What to do with each kind of duplicate.
#[component]
fn Policies(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let in_file = [InFilePolicy::Skip, InFilePolicy::Import];
    let database = [DatabasePolicy::Skip, DatabasePolicy::Update, DatabasePolicy::Import];
    view! {
        <fieldset class="policies" data-testid="policies">
            <legend>{t!(i18n, imports.policies)}</legend>
            <label class="check">
                <span>{t!(i18n, imports.in_file_policy)}</span>
                <select name="in_file_duplicates" on:change=move |e| {
                    w.in_file.set(if event_target_value(&e) == "import" { InFilePolicy::Import } else { InFilePolicy::Skip });
                }>
                    {in_file.into_iter().map(|policy| {
                        let value = if policy == InFilePolicy::Import { "import" } else { "skip" };
                        view! {
                            <option value=value selected=move || w.in_file.get() == policy>
                                {move || in_file_label(i18n.get_locale(), policy)}
                            </option>
                        }
                    }).collect_view()}
                </select>
                {move || w.error("in_file_duplicates").map(|m| view! { <small class="field-error">{m}</small> })}
            </label>
            <label class="check">
                <span>{t!(i18n, imports.database_policy)}</span>
                <select name="database_duplicates" on:change=move |e| {
                    w.database.set(match event_target_value(&e).as_str() {
                        "update" => DatabasePolicy::Update,
                        "import" => DatabasePolicy::Import,
                        _ => DatabasePolicy::Skip,
                    });
                    w.errors.update(|errors| { errors.remove("database_duplicates"); });
                }>
                    {database.into_iter().map(|policy| {
                        let value = match policy {
                            DatabasePolicy::Skip => "skip",
                            DatabasePolicy::Update => "update",
                            DatabasePolicy::Import => "import",
                        };
                        view! {
                            <option value=value selected=move || w.database.get() == policy>
                                {move || database_label(i18n.get_locale(), policy)}
                            </option>
                        }
                    }).collect_view()}
                </select>
                {move || w.error("database_duplicates").map(|m| view! { <small class="field-error" data-testid="policy-error">{m}</small> })}
            </label>
        </fieldset>
    }
}
