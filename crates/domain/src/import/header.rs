//! Column mapping: which column of a file feeds which field of the import target, proposed from what the
//! headers say (`客户名称`, `公司全称`, `Company`, `联系人手机*`…).
//!
//! A target (customers now; contacts, follow-ups, leads and orders later) is described as data: a
//! [`TargetSpec`] listing its fields as [`FieldSpec`]s, each with a stable key, labels, the kind of value
//! it takes and the header synonyms seen in real exports. Adding a target is writing its table (see
//! [`super::customer::CUSTOMER`]); the matching code is shared.
//!
//! Headers are compared [normalised](normalise_header): full-width folded, lower case, required markers
//! (`*`, `✱`, `(必填)`) and punctuation removed. A header equal to a synonym, a label or the key matches
//! exactly; failing that, one equal to a synonym once its bracketed note is dropped (`注册资本(万元)`);
//! failing that, one that ends with a synonym (`联系人手机` ends with `手机`), or contains a synonym of four
//! characters or more. Each field is proposed for one column at most, and each column gets one field:
//! the best match wins, then the leftmost column.

use super::text;

/// What kind of value a field takes: it says which transform reads the field's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// One line of text ([`text::clean`]).
    Text,
    /// A company or person name ([`text::clean_name`]).
    Name,
    /// Text that may span lines ([`text::clean_multiline`]).
    LongText,
    /// Enterprise or individual (`企业`/`个人`).
    CustomerKind,
    /// A unified social credit code ([`crate::Uscc`]).
    Uscc,
    /// A resident ID number ([`crate::IdCardNo`]).
    IdCardNo,
    /// A mobile or a landline ([`super::phone::parse_phone`]).
    Phone,
    /// A mobile ([`super::phone::parse_mobile`]).
    Mobile,
    /// An e-mail address ([`crate::Email`]).
    Email,
    /// A web address.
    Url,
    /// A day ([`super::date::parse_date`]).
    Date,
    /// An amount in yuan ([`super::amount::parse`]).
    Amount,
    /// One value of the dictionary with this name (`industry`, `grade`…; [`super::dictionary::lookup`]).
    Dictionary(&'static str),
    /// Several values of the dictionary with this name ([`text::split_list`], then each looked up).
    DictionaryList(&'static str),
    /// A user, by username or display name.
    User,
}

/// One field of an import target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The stable key, the field's wire name where it has one (`name`, `address.city`, `contact.mobile`).
    pub key: &'static str,
    /// The zh-CN label, also the header of the import template.
    pub label_zh: &'static str,
    /// The English label.
    pub label_en: &'static str,
    /// The kind of value.
    pub kind: FieldKind,
    /// Headers that mean this field, Chinese and English, in any case and width.
    pub synonyms: &'static [&'static str],
}

/// An import target: the fields one row of the file fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetSpec {
    /// The stable key (`customer`).
    pub key: &'static str,
    /// The zh-CN name.
    pub label_zh: &'static str,
    /// The fields, in template order.
    pub fields: &'static [FieldSpec],
    /// What a row needs: each group lists keys of which at least one must be mapped and filled (a group
    /// of one is a required field).
    pub required: &'static [&'static [&'static str]],
}

/// What a header is compared with for one field: its key, labels and synonyms. A field that is not in
/// a static table (a custom field, named by an administrator) is matched through these alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Names<'a> {
    /// The key.
    pub key: &'a str,
    /// The zh-CN label.
    pub label_zh: &'a str,
    /// The English label.
    pub label_en: &'a str,
    /// Other headers that mean the field.
    pub synonyms: &'a [&'a str],
}

impl FieldSpec {
    /// What headers are compared with.
    pub fn names(&self) -> Names<'static> {
        Names { key: self.key, label_zh: self.label_zh, label_en: self.label_en, synonyms: self.synonyms }
    }
}

/// How a header matched its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchQuality {
    /// The header contains a synonym: a guess to confirm.
    Contains,
    /// The header is a synonym once its bracketed note is dropped (`注册资本(万元)`).
    ExactWithoutNote,
    /// The header is a synonym, a label or the key.
    Exact,
}

/// A proposed field for one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion<'a> {
    /// The field.
    pub field: &'a FieldSpec,
    /// How sure the proposal is.
    pub quality: MatchQuality,
}

impl TargetSpec {
    /// The field with key `key`.
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// For each header, the field proposed for its column, or `None`.
    pub fn suggest(&self, headers: &[&str]) -> Vec<Option<Suggestion<'_>>> {
        suggest(self, headers)
    }

    /// The requirement groups that none of `mapped_keys` satisfies: what the mapping still lacks.
    pub fn unmet_requirements<'k>(
        &self,
        mapped_keys: impl IntoIterator<Item = &'k str> + Clone,
    ) -> Vec<&'static [&'static str]> {
        self.required
            .iter()
            .copied()
            .filter(|group| !mapped_keys.clone().into_iter().any(|key| group.contains(&key)))
            .collect()
    }
}

/// `header` as compared with synonyms: full-width folded, lower case, without required markers (`*`,
/// `✱`, `※`, `(必填)`, `必填`, `(选填)`, `required`), leading numbering (`1.`, `2、`), whitespace and
/// punctuation. Bracketed notes are kept, without their brackets.
pub fn normalise_header(header: &str) -> String {
    forms(header).0
}

/// The normalised header, and the same without its bracketed notes.
fn forms(header: &str) -> (String, String) {
    let mut lowered = text::normalise(header).to_lowercase();
    for marker in
        ["(必填)", "(选填)", "(可选)", "(非必填)", "(required)", "(optional)", "非必填", "必填", "选填", "required"]
    {
        lowered = lowered.replace(marker, "");
    }
    let numbered = lowered.trim_start_matches(|c: char| c.is_ascii_digit());
    if numbered.len() < lowered.len()
        && let Some(rest) = numbered.strip_prefix(['.', '、', ')'])
    {
        lowered = rest.to_owned();
    }
    let mut bare = String::new();
    let mut depth = 0_usize;
    for c in lowered.chars() {
        match c {
            '(' | '[' | '{' | '<' | '【' | '《' | '〈' | '「' | '『' => depth += 1,
            ')' | ']' | '}' | '>' | '】' | '》' | '〉' | '」' | '』' => depth = depth.saturating_sub(1),
            _ if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    (strip(&lowered), strip(&bare))
}

/// Without whitespace, punctuation and marker symbols.
fn strip(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_ascii_punctuation()
                && !"✱✲✳※★☆＊·・、，。：；！？“”‘’（）【】《》〈〉「」『』…—～".contains(*c)
        })
        .collect()
}

/// Whether a match of `synonym` inside a longer header counts: two characters or more at the end of the
/// header (three for Latin), four or more anywhere.
fn containment_rank(header: &str, synonym: &str) -> Option<(bool, usize, usize)> {
    let length = synonym.chars().count();
    let minimum = if synonym.is_ascii() { 3 } else { 2 };
    if length < minimum || header == synonym {
        return None;
    }
    let start = header.rfind(synonym)?;
    let end = header[..start].chars().count() + length;
    let suffix = start + synonym.len() == header.len();
    (suffix || length >= 4).then_some((suffix, end, length))
}

/// How well a normalised header (`full`, `bare`) matches `field`: higher is better.
type Score = (MatchQuality, bool, usize, usize);

fn score(full: &str, bare: &str, field: &Names<'_>) -> Option<Score> {
    let names = field.synonyms.iter().chain([&field.label_zh, &field.label_en, &field.key]);
    let mut best: Option<Score> = None;
    for name in names {
        let synonym = normalise_header(name);
        let candidate = if synonym.is_empty() {
            None
        } else if full == synonym {
            Some((MatchQuality::Exact, true, 0, 0))
        } else if !bare.is_empty() && bare == synonym {
            Some((MatchQuality::ExactWithoutNote, true, 0, 0))
        } else {
            containment_rank(full, &synonym).map(|(suffix, end, length)| (MatchQuality::Contains, suffix, end, length))
        };
        best = best.max(candidate);
    }
    best
}

/// For each header, the field of `target` proposed for its column, or `None`; no field is proposed twice.
pub fn suggest<'a>(target: &'a TargetSpec, headers: &[&str]) -> Vec<Option<Suggestion<'a>>> {
    let names: Vec<Names<'_>> = target.fields.iter().map(FieldSpec::names).collect();
    suggest_among(&names, headers)
        .into_iter()
        .map(|found| found.and_then(|(index, quality)| Some(Suggestion { field: target.fields.get(index)?, quality })))
        .collect()
}

/// For each header, the index in `fields` of the field proposed for its column and how well it matched,
/// or `None`; no field is proposed twice. The best match wins, then the leftmost column, then the
/// earlier field.
pub fn suggest_among(fields: &[Names<'_>], headers: &[&str]) -> Vec<Option<(usize, MatchQuality)>> {
    let mut candidates: Vec<(Score, usize, usize)> = Vec::new();
    for (column, header) in headers.iter().enumerate() {
        let (full, bare) = forms(header);
        if full.is_empty() {
            continue;
        }
        for (index, field) in fields.iter().enumerate() {
            if let Some(score) = score(&full, &bare, field) {
                candidates.push((score, column, index));
            }
        }
    }
    // Best score first; among equals the leftmost column, then the earlier field.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut proposed: Vec<Option<(usize, MatchQuality)>> = vec![None; headers.len()];
    let mut taken = vec![false; fields.len()];
    for ((quality, ..), column, index) in candidates {
        let (Some(slot), Some(used)) = (proposed.get_mut(column), taken.get_mut(index)) else {
            continue;
        };
        if slot.is_none() && !*used {
            *slot = Some((index, quality));
            *used = true;
        }
    }
    proposed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalised_before_comparing() {
        assert_eq!(normalise_header(" *客户名称（必填）"), "客户名称");
        assert_eq!(normalise_header("✱ 联系人 手机"), "联系人手机");
        assert_eq!(normalise_header("Ｃｏｍｐａｎｙ　Ｎａｍｅ"), "companyname");
        assert_eq!(normalise_header("E-mail"), "email");
        assert_eq!(normalise_header("1、客户名称"), "客户名称");
        assert_eq!(normalise_header("注册资本(万元)"), "注册资本万元");
        assert_eq!(forms("注册资本【万元】").1, "注册资本");
    }

    #[test]
    fn containment_prefers_a_synonym_ending_the_header() {
        assert_eq!(containment_rank("联系人手机", "手机"), Some((true, 5, 2)));
        assert_eq!(containment_rank("客户生日", "客户"), None);
        assert_eq!(containment_rank("统一社会信用代码号", "统一社会信用代码"), Some((false, 8, 8)));
        assert_eq!(containment_rank("customerid", "id"), None);
        assert_eq!(containment_rank("billingcity", "city"), Some((true, 11, 4)));
    }

    #[test]
    fn fields_named_at_run_time_match_by_label_in_any_width_and_case() {
        let fields = [
            Names { key: "name", label_zh: "客户名称", label_en: "Name", synonyms: &["公司名称"] },
            Names { key: "custom_fields.budget", label_zh: "预算年度", label_en: "Budget Year", synonyms: &[] },
        ];
        let found = suggest_among(&fields, &["公司名称", "ＢＵＤＧＥＴ　ｙｅａｒ", "*预算年度"]);
        assert_eq!(found, [Some((0, MatchQuality::Exact)), Some((1, MatchQuality::Exact)), None]);
    }

    #[test]
    fn unmet_requirements_name_what_the_mapping_lacks() {
        static FIELDS: [FieldSpec; 0] = [];
        static TARGET: TargetSpec =
            TargetSpec { key: "t", label_zh: "测试", fields: &FIELDS, required: &[&["a"], &["b", "c"]] };
        assert_eq!(TARGET.unmet_requirements(["c"]), vec![&["a"][..]]);
        assert!(TARGET.unmet_requirements(["a", "b"]).is_empty());
    }
}
