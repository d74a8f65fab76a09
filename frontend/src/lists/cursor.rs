//! The paged-list hook: a loader that reads the page after a cursor, and the signals a page renders.

use std::pin::Pin;

use crm_types::page::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;

/// One page of rows, or why it could not be read.
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, ApiError>>>>;

/// Reads the page after a cursor (`None`: the first page).
type Loader<T> = Box<dyn Fn(Option<String>) -> PageFuture<T>>;

/// A list read a page at a time by the server's cursor. Only the answer to the latest request fills
/// it, whatever order the answers come in; a failed request keeps the rows already shown.
pub struct CursorList<T: Send + Sync + 'static> {
    /// The rows read so far, in the list's order.
    pub items: RwSignal<Vec<T>>,
    /// Why the latest request failed.
    pub error: RwSignal<Option<ApiError>>,
    loading: RwSignal<bool>,
    next: RwSignal<Option<String>>,
    total: RwSignal<Option<u64>>,
    /// The number of the latest request.
    latest: StoredValue<u32>,
    loader: StoredValue<Loader<T>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for CursorList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for CursorList<T> {}

/// A paged list read by `loader`, whose first page is asked for at once. The loader reads what it
/// filters by when it is called, so [`CursorList::reload`] after a change of filters applies them.
pub fn use_cursor_list<T, F, Fut>(loader: F) -> CursorList<T>
where
    T: Send + Sync + 'static,
    F: Fn(Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
{
    let boxed: Loader<T> = Box::new(move |cursor| Box::pin(loader(cursor)));
    let list = CursorList {
        items: RwSignal::new(Vec::new()),
        error: RwSignal::new(None),
        loading: RwSignal::new(false),
        next: RwSignal::new(None),
        total: RwSignal::new(None),
        latest: StoredValue::new(0),
        loader: StoredValue::new_local(boxed),
    };
    list.reload();
    list
}

impl<T: Send + Sync + 'static> CursorList<T> {
    /// Reads the first page again (after a change of filters or of a row); the rows shown stay until
    /// the answer replaces them.
    pub fn reload(self) {
        self.fetch(None);
    }

    /// Reads the first page of a list that now lists other things (another tab): the old rows go at
    /// once rather than when the answer comes.
    pub fn restart(self) {
        self.items.set(Vec::new());
        self.next.set(None);
        self.total.set(None);
        self.fetch(None);
    }

    /// Reads the next page and appends it.
    pub fn load_more(self) {
        if let Some(cursor) = self.next.get_untracked() {
            self.fetch(Some(cursor));
        }
    }

    /// Whether a request is under way.
    pub fn loading(self) -> bool {
        self.loading.get()
    }

    /// Whether the server has more rows after those read.
    pub fn has_more(self) -> bool {
        self.next.with(Option::is_some)
    }

    /// Every row the filters match, when the loader asked for the count.
    pub fn total(self) -> Option<u64> {
        self.total.get()
    }

    /// Whether the list is known to be empty: read, without failure, and nothing in it.
    pub fn is_empty(self) -> bool {
        !self.loading.get() && self.error.with(Option::is_none) && self.items.with(Vec::is_empty)
    }

    fn fetch(self, cursor: Option<String>) {
        let Some(request) = self.latest.try_update_value(|n| {
            *n = n.wrapping_add(1);
            *n
        }) else {
            return;
        };
        let more = cursor.is_some();
        let Some(answer) = self.loader.try_with_value(|load| load(cursor)) else { return };
        self.loading.set(true);
        spawn_local(async move {
            let answer = answer.await;
            if self.latest.try_get_value() != Some(request) {
                return;
            }
            match answer {
                Ok(page) => {
                    if more {
                        self.items.update(|list| list.extend(page.items));
                    } else {
                        self.items.set(page.items);
                    }
                    self.next.set(page.next_cursor);
                    self.total.set(page.total);
                    self.error.set(None);
                }
                Err(error) => self.error.set(Some(error)),
            }
            self.loading.set(false);
        });
    }
}
