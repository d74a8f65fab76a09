//! `/customers/import/:id`: one import job through the wizard. The job is loaded with a fresh preview
//! of its file; its status picks the step to show; while the server works (dry run, commit) the job
//! is polled twice a second.

use crm_types::ImportId;
use crm_types::api::{GetImport, Nothing, PreviewImport};
use crm_types::import::{ImportJob, ImportPreview, ImportStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use super::mapping::MappingStep;
use super::preview::PreviewStep;
use super::progress::{ResultStep, RunStep};
use super::report::ReportStep;
pub use super::state::{ReadChoice, Wizard};
use super::{failure_text, may_import};
use crate::api::{self, ApiError};
use crate::files;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::route_id::with_route_id;
use crate::shell::{Forbidden, use_me};

/// A step of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Encoding, separator and sheet, with the first rows.
    Preview,
    /// Columns onto fields.
    Mapping,
    /// The dry run's cleaning report and the duplicate policies.
    Report,
    /// The commit in progress.
    Run,
    /// What the commit did.
    Result,
}

impl Step {
    const ALL: [Self; 5] = [Self::Preview, Self::Mapping, Self::Report, Self::Run, Self::Result];

    fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Preview => td_string!(locale, imports.step_preview),
            Self::Mapping => td_string!(locale, imports.step_mapping),
            Self::Report => td_string!(locale, imports.step_report),
            Self::Run => td_string!(locale, imports.step_run),
            Self::Result => td_string!(locale, imports.step_result),
        }
    }

    /// The step a job in `status` stands at.
    pub(super) fn of(job: &ImportJob) -> Self {
        match job.status {
            ImportStatus::Uploaded if job.options.is_some() => Self::Mapping,
            ImportStatus::Uploaded => Self::Preview,
            ImportStatus::Analysing | ImportStatus::Analysed => Self::Report,
            ImportStatus::Running => Self::Run,
            ImportStatus::Completed | ImportStatus::Cancelled | ImportStatus::Failed => Self::Result,
        }
    }
}

/// The wizard's steps as a strip, the current one marked (`None`: the upload, before any job).
#[component]
pub fn Steps(current: Option<RwSignal<Step>>) -> impl IntoView {
    let i18n = use_i18n();
    let is = move |step: Option<Step>| current.map(|c| c.get()) == step;
    view! {
        <ol class="flow import-steps" data-testid="import-steps">
            <li class:current=move || is(None)>{t!(i18n, imports.step_upload)}</li>
            {Step::ALL.into_iter().map(|step| view! {
                <li class:current=move || is(Some(step))>{move || step.label(i18n.get_locale())}</li>
            }).collect_view()}
        </ol>
    }
}

/// `/customers/import/:id`.
#[component]
pub fn ImportJobPage() -> impl IntoView {
    if !use_me().is_some_and(|me| may_import(&me)) {
        return view! { <Forbidden /> }.into_any();
    }
    with_route_id(|id: ImportId| view! { <ImportJobView id=id /> }).into_any()
}

/// Import `id` in the wizard, loaded with a fresh preview of its file.
#[component]
fn ImportJobView(id: ImportId) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(move || async move {
        let job = api::get::<GetImport>(&id, &Nothing {}).await?;
        let read = job.options.as_ref().map(|o| ReadChoice {
            encoding: o.encoding.clone().unwrap_or_default(),
            delimiter: o.delimiter.clone().unwrap_or_default(),
            sheet: o.sheet.clone().unwrap_or_default(),
        });
        let preview = api::get::<PreviewImport>(&id, &read.unwrap_or_default().query()).await?;
        Ok::<_, ApiError>((job, preview))
    });
    view! {
        <section class="page import-page" data-testid="import-page">
            <div class="page-head">
                <h1>{t!(i18n, imports.title)}</h1>
                <span class="spacer"></span>
                <A href="/customers/import">{t!(i18n, imports.all_imports)}</A>
                <A href="/customers">{t!(i18n, imports.back_to_customers)}</A>
            </div>
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || loaded.get().map(|answer| match answer {
                    Ok((job, preview)) => view! { <JobWizard job=job preview=preview /> }.into_any(),
                    Err(e) => {
                        let (general, _) = failure_text(i18n.get_locale(), &e);
                        view! { <p class="form-error" role="alert">{general}</p> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn JobWizard(job: ImportJob, preview: ImportPreview) -> impl IntoView {
    let i18n = use_i18n();
    let working = matches!(job.status, ImportStatus::Analysing | ImportStatus::Running);
    let w = Wizard::new(job, preview);
    if working {
        w.poll();
    }
    let step = w.step;
    view! {
        <Steps current=Some(step) />
        <p class="muted import-file" data-testid="import-file">
            {move || w.job.with(|j| format!("{} · {}", j.file_name, files::human_size(j.size_bytes)))}
        </p>
        {move || w.failure.get().map(|e| {
            let (general, detail) = failure_text(i18n.get_locale(), &e);
            view! {
                <div class="form-error" role="alert" data-testid="import-error">
                    {general}{detail.map(|d| view! { <small class="problem-detail">{d}</small> })}
                </div>
            }
        })}
        {move || match step.get() {
            Step::Preview => view! { <PreviewStep w=w /> }.into_any(),
            Step::Mapping => view! { <MappingStep w=w /> }.into_any(),
            Step::Report => view! { <ReportStep w=w /> }.into_any(),
            Step::Run => view! { <RunStep w=w /> }.into_any(),
            Step::Result => view! { <ResultStep w=w /> }.into_any(),
        }}
    }
}
