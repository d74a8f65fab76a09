//! Import: turning the cells of a spreadsheet into customer fields — header synonyms, and transforms for
//! dates, phones, amounts and dictionary values.
