//! The customer list's filters, kept as what the user entered: they become the `CustomerQuery` of a
//! page of the list and of the export, and the `filters` of a saved view.

use std::collections::BTreeMap;

use crm_types::api::{Endpoint, ListCustomers};
use crm_types::customer::CustomerQuery;

/// How many customers a page of the list holds.
const PAGE: u32 = 20;

/// The list's default order.
pub const DEFAULT_SORT: &str = "-created_at";

/// The list parameters the filters set, in the order they go into a query string.
pub const PARAMS: [&str; 20] = [
    "q",
    "industry",
    "stage",
    "grade",
    "customer_type",
    "tag",
    "no_followup_days",
    "owner_id",
    "department_id",
    "province",
    "city",
    "source_channel",
    "lifecycle_status",
    "company_size",
    "created_from",
    "created_to",
    "updated_from",
    "updated_to",
    "amount_min",
    "amount_max",
];

/// Filters kept in the "more filters" panel: every parameter after the first seven, which sit in the
/// filter bar.
const MORE: &[&str] = PARAMS.split_at(7).1;

/// What is wrong with the filters as entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// An amount is not a sum of money in yuan with at most two decimals.
    Amount,
    /// The lowest amount is above the highest.
    AmountRange,
    /// A "from" day is after its "to" day.
    DateRange,
}

/// The filters and order of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    values: BTreeMap<&'static str, String>,
    /// Custom-field filters: field key → option code, `true` or `false`.
    custom: BTreeMap<String, String>,
    /// The sort column, `-` for descending.
    pub sort: String,
}

impl Default for Filters {
    fn default() -> Self {
        Self { values: BTreeMap::new(), custom: BTreeMap::new(), sort: DEFAULT_SORT.to_owned() }
    }
}

impl Filters {
    /// What was entered for `name` (one of [`PARAMS`]).
    pub fn get(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    /// Sets `name` (one of [`PARAMS`]; other names are ignored).
    pub fn set(&mut self, name: &str, value: String) {
        if let Some(param) = PARAMS.into_iter().find(|p| *p == name) {
            self.values.insert(param, value);
        }
    }

    /// The value chosen for the custom field `key`.
    pub fn custom(&self, key: &str) -> String {
        self.custom.get(key).cloned().unwrap_or_default()
    }

    /// Chooses a value for the custom field `key` (empty: any).
    pub fn set_custom(&mut self, key: &str, value: String) {
        self.custom.insert(key.to_owned(), value);
    }

    /// No filter at all, in the same order.
    pub fn cleared(&self) -> Self {
        Self { sort: self.sort.clone(), ..Self::default() }
    }

    /// How many filters of the "more filters" panel are set.
    pub fn more_count(&self) -> usize {
        MORE.iter().filter(|name| !self.get(name).trim().is_empty()).count()
            + self.custom.values().filter(|v| !v.trim().is_empty()).count()
    }

    /// The `cf` parameter: `key:value` pairs separated by `;`.
    fn cf(&self) -> String {
        let pairs: Vec<String> = self
            .custom
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(key, value)| format!("{key}:{}", value.trim()))
            .collect();
        pairs.join(";")
    }

    /// The filters alone, as a saved view keeps them: the list's query string without its order and
    /// paging.
    pub fn view_string(&self) -> String {
        let query = CustomerQuery { sort: None, ..self.customer_query() };
        let url = ListCustomers::url(&(), &query);
        url.split_once('?').map(|(_, filters)| filters.to_owned()).unwrap_or_default()
    }

    /// The filters of a saved view.
    pub fn from_view(text: &str, sort: Option<String>) -> Self {
        let mut filters = Self { sort: sort.unwrap_or_else(|| DEFAULT_SORT.to_owned()), ..Self::default() };
        for pair in text.trim_start_matches('?').split('&') {
            let Some((name, value)) = pair.split_once('=') else { continue };
            let value = js_sys::decode_uri_component(&value.replace('+', " "))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            if name == "cf" {
                for (key, wanted) in value.split(';').filter_map(|p| p.split_once(':')) {
                    filters.set_custom(key.trim(), wanted.trim().to_owned());
                }
            } else {
                filters.set(name, value);
            }
        }
        filters
    }

    /// The filters and order: the export's `filter`, and the list's query without its paging.
    pub fn customer_query(&self) -> CustomerQuery {
        let text = |name: &str| Some(self.get(name).trim().to_owned()).filter(|v| !v.is_empty());
        CustomerQuery {
            q: text("q"),
            industry: text("industry"),
            stage: text("stage"),
            grade: text("grade"),
            customer_type: text("customer_type"),
            tag: text("tag"),
            no_followup_days: self.parsed("no_followup_days"),
            owner_id: text("owner_id"),
            department_id: self.parsed("department_id"),
            province: text("province"),
            city: text("city"),
            source_channel: text("source_channel"),
            lifecycle_status: text("lifecycle_status"),
            company_size: text("company_size"),
            created_from: self.parsed("created_from"),
            created_to: self.parsed("created_to"),
            updated_from: self.parsed("updated_from"),
            updated_to: self.parsed("updated_to"),
            amount_min: self.parsed("amount_min"),
            amount_max: self.parsed("amount_max"),
            cf: Some(self.cf()).filter(|cf| !cf.is_empty()),
            sort: Some(self.sort.clone()).filter(|s| !s.is_empty()),
            ..CustomerQuery::default()
        }
    }

    /// The value of `name`, if it reads as a `T`.
    fn parsed<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        self.get(name).trim().parse().ok()
    }

    /// The query of the page of the list after `cursor`, with the count of every match.
    pub fn page_query(&self, cursor: Option<String>) -> CustomerQuery {
        CustomerQuery { limit: Some(PAGE), with_total: Some(true), cursor, ..self.customer_query() }
    }

    /// What the server would refuse, by the filter it concerns.
    pub fn problems(&self) -> Vec<(&'static str, Problem)> {
        let mut found = Vec::new();
        let mut amounts = Vec::new();
        for name in ["amount_min", "amount_max"] {
            let value = self.get(name);
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match yuan(value) {
                Some(amount) => amounts.push(amount),
                None => found.push((name, Problem::Amount)),
            }
        }
        if let [min, max] = amounts[..]
            && min > max
        {
            found.push(("amount_max", Problem::AmountRange));
        }
        for (from, to) in [("created_from", "created_to"), ("updated_from", "updated_to")] {
            let (start, end) = (self.get(from), self.get(to));
            // ISO days compare as text.
            if !start.is_empty() && !end.is_empty() && start > end {
                found.push((to, Problem::DateRange));
            }
        }
        found
    }
}

/// A sum in yuan as the list accepts it: up to 12 digits and at most 2 decimals.
fn yuan(text: &str) -> Option<rust_decimal::Decimal> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let fits = (1..=12).contains(&whole.len())
        && digits(whole)
        && digits(fraction)
        && fraction.len() <= 2
        && (fraction.is_empty() != text.contains('.'));
    if fits { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_the_list_and_a_saved_view_carry_the_filters() {
        let mut filters = Filters::default();
        filters.set("owner_id", "5".into());
        filters.set("amount_max", " 100000 ".into());
        filters.set_custom("region", "north".into());
        let page = filters.page_query(Some("next".into()));
        assert_eq!((page.limit, page.with_total, page.cursor.as_deref()), (Some(PAGE), Some(true), Some("next")));
        assert_eq!((page.owner_id.as_deref(), page.sort.as_deref()), (Some("5"), Some(DEFAULT_SORT)));
        assert_eq!(page.amount_max, "100000".parse().ok());
        assert_eq!(filters.view_string(), "owner_id=5&amount_max=100000&cf=region%3Anorth");
        assert_eq!(Filters::default().view_string(), "");
    }
}
