//! Export safety for spreadsheets (CSV and XLSX): a text cell that starts with `=`, `+`, `-` or `@`, or
//! with a tab or carriage return, is taken by Excel and other spreadsheet programs as a formula and run
//! when the file is opened (CSV injection, OWASP). Such a cell is written with a leading `'`, which
//! Excel shows as text and does not display.
//!
//! This is for text: names, notes, addresses, phones, codes, anything a user typed. Amounts, counts and
//! dates are written by the export writer as numbers and dates in their own right (a numeric XLSX cell,
//! a bare decimal in CSV), not through this function; a negative amount is therefore exported as
//! `-1234.50`, while a text cell typed as `-1234.50` comes out as `'-1234.50`. That is the safe side:
//! `-1+cmd|…` would otherwise run, and whether text "looks like a number" is the kind of guess this rule
//! is there to avoid.

use std::borrow::Cow;

/// The characters that make a cell a formula when they come first.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as it may be written to a spreadsheet: unchanged, or with a `'` in front when it would start a
/// formula, also after leading spaces (` =1+1`), which some programs skip. Borrowed when nothing changes.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches(' ').starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn cells_that_start_a_formula_get_a_leading_quote() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://evil\",\"click\")", "'=HYPERLINK(\"http://evil\",\"click\")"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-1234.50", "'-1234.50"),
            ("  =1+1", "'  =1+1"),
        ] {
            assert_eq!(neutralise(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_left_as_they_are() {
        for cell in ["华为技术有限公司", "13800138000", "0571-88886666", "a=b", "", "  ", "'quoted", "1234.50"]
        {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell:?}");
        }
    }

    proptest! {
        #[test]
        fn no_neutralised_cell_starts_a_formula(cell in any::<String>()) {
            let safe = neutralise(&cell);
            prop_assert!(!safe.trim_start_matches(' ').starts_with(FORMULA_STARTS));
            prop_assert!(safe.ends_with(cell.as_str()));
        }
    }
}
