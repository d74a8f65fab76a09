//! Amounts in imported cells, read as exact decimal yuan (never through a float).
//!
//! Accepted: digits with thousands separators (`1,234,567.89`, full-width `１，２３４`), the marks of CNY
//! (`¥`, `￥`, `RMB`, `CNY`, `人民币`, `元`, `圆`, `块`, `整`), a multiplier after the number (`万`, `亿`, `千`,
//! `十万`, `百万`, `千万`, `万亿`, `k`, `w` for 万: `12.5万` is 125000), a unit given once in the header
//! (`注册资本(万元)`, see [`Unit::from_header`]) for cells that are bare numbers, scientific notation
//! (`1.5E+06`), and a sign or accounting brackets (`(1,234.00)`) where the amount may be negative.
//!
//! Refused rather than guessed: estimates and ranges (`约10万`, `10多万`, `10-20万`, `100万以上`, `面议`),
//! other currencies (`$`, `USD`, `美元`, `港币`…), amounts in Chinese numerals (`壹万元`), decimal commas
//! (`1,5`) and misplaced separators (`12,34`).
//!
//! The value is exact as written (`12.50` keeps its two places); whether it fits the money rules (at
//! most two decimal places, the largest amount) is [`crate::money::to_fen`]'s to say.

use rust_decimal::Decimal;

use super::error::{CellError, ErrorCode};
use super::text;

/// The unit of bare numbers in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Unit {
    /// 元.
    #[default]
    Yuan,
    /// 千元.
    ThousandYuan,
    /// 万元.
    TenThousandYuan,
    /// 亿元.
    HundredMillionYuan,
}

impl Unit {
    /// The power of ten of one unit in yuan.
    fn exponent(self) -> i64 {
        match self {
            Self::Yuan => 0,
            Self::ThousandYuan => 3,
            Self::TenThousandYuan => 4,
            Self::HundredMillionYuan => 8,
        }
    }

    /// The unit a header gives its column at its end, usually in brackets: `注册资本(万元)`,
    /// `年营业额（亿元）`, `金额/千元`, `Revenue (k)`; yuan when it names none. A header naming another
    /// currency (`注册资本(万美元)`, `Revenue (USD)`) is `foreign_currency`.
    pub fn from_header(header: &str) -> Result<Self, CellError> {
        let lowered = text::normalise(header).to_lowercase();
        if let Some(currency) = foreign_currency(&lowered) {
            return Err(CellError::new(
                ErrorCode::ForeignCurrency,
                format!("the column {header} is in {currency}: amounts are imported in CNY only"),
            ));
        }
        let mut tail: String = lowered.chars().filter(|c| !c.is_whitespace() && !"()[]【】/:：".contains(*c)).collect();
        for currency in ["人民币", "rmb", "cny"] {
            if let Some(rest) = tail.strip_suffix(currency) {
                tail = rest.to_owned();
            }
        }
        let unit = [
            ("亿元", Self::HundredMillionYuan),
            ("亿", Self::HundredMillionYuan),
            ("万元", Self::TenThousandYuan),
            ("万", Self::TenThousandYuan),
            ("千元", Self::ThousandYuan),
            ("千", Self::ThousandYuan),
        ]
        .into_iter()
        .find_map(|(suffix, unit)| tail.ends_with(suffix).then_some(unit));
        let thousands = lowered.contains("(k)") || lowered.contains("[k]");
        Ok(unit.unwrap_or(if thousands { Self::ThousandYuan } else { Self::Yuan }))
    }
}

/// What a column accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rules {
    /// The unit of cells that are bare numbers; a unit in the cell (`12万`, `500元`) wins.
    pub unit: Unit,
    /// Whether amounts below zero are accepted (refunds, adjustments); cumulative and annual amounts,
    /// capital and revenue are not.
    pub allow_negative: bool,
}

/// Words that make a figure an estimate or a range.
const NOT_EXACT: [&str; 27] = [
    "约", "大约", "大概", "左右", "以上", "以下", "以内", "多", "余", "来", "几", "近", "超", "不到", "上下", "~", "≈",
    "<", ">", "≥", "≤", "至", "到", "面议", "待定", "未定", "估",
];

/// Currencies other than CNY, as they appear in cells and headers (lower case).
const FOREIGN: [(&str, &str); 18] = [
    ("us$", "US dollars"),
    ("usd", "US dollars"),
    ("美元", "US dollars"),
    ("美金", "US dollars"),
    ("hk$", "Hong Kong dollars"),
    ("hkd", "Hong Kong dollars"),
    ("港币", "Hong Kong dollars"),
    ("港元", "Hong Kong dollars"),
    ("$", "dollars"),
    ("eur", "euros"),
    ("€", "euros"),
    ("欧元", "euros"),
    ("gbp", "pounds"),
    ("£", "pounds"),
    ("英镑", "pounds"),
    ("jpy", "yen"),
    ("日元", "yen"),
    ("円", "yen"),
];

/// Multipliers after the number, longest first, as powers of ten.
const MULTIPLIERS: [(&str, i64); 10] = [
    ("万亿", 12),
    ("千万", 7),
    ("百万", 6),
    ("十万", 5),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
    ("k", 3),
    ("w", 4),
];

/// Marks of CNY that may stand before or after the number.
const CNY: [&str; 8] = ["人民币", "rmb", "cny", "¥", "元", "圆", "块", "整"];

fn foreign_currency(lowered: &str) -> Option<&'static str> {
    FOREIGN.iter().find(|(mark, _)| lowered.contains(mark)).map(|(_, name)| *name)
}

fn invalid(value: &str) -> CellError {
    CellError::new(
        ErrorCode::InvalidFormat,
        format!("{value} is not an amount: write digits such as 1234.56 or 12.5万"),
    )
}

/// The amount in `cell`, in yuan, under `rules`.
pub fn parse(cell: &str, rules: Rules) -> Result<Decimal, CellError> {
    let value = text::value(cell)?;
    let lowered: String = value.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    if let Some(word) = NOT_EXACT.iter().find(|word| lowered.contains(*word)).or(lowered.ends_with('+').then_some(&"+"))
    {
        return Err(CellError::new(
            ErrorCode::NotExact,
            format!("{value} is not an exact amount ({word}): write the amount itself"),
        ));
    }
    if let Some(currency) = foreign_currency(&lowered) {
        return Err(CellError::new(
            ErrorCode::ForeignCurrency,
            format!("{value} is in {currency}: amounts are imported in CNY only"),
        ));
    }
    let (negative, rest) = sign(&lowered);
    let (rest, multiplier) = strip_marks(rest);
    let before_exponent = rest.split('e').next().unwrap_or(rest);
    if before_exponent.contains(['-', '+']) {
        let range = before_exponent.trim_start_matches(['-', '+']).contains('-');
        return Err(if range {
            CellError::new(ErrorCode::NotExact, format!("{value} is a range, not an amount: write the amount itself"))
        } else {
            invalid(&value)
        });
    }
    let (digits, written_scale) = number(rest).ok_or_else(|| invalid(&value))?;
    let exponent = multiplier.unwrap_or(rules.unit.exponent());
    let amount = exact(&digits, written_scale - exponent).ok_or_else(|| {
        CellError::new(ErrorCode::TooLarge, format!("{value} has more digits than an amount can hold exactly"))
    })?;
    if !negative || amount.is_zero() {
        Ok(amount)
    } else if rules.allow_negative {
        Ok(-amount)
    } else {
        Err(CellError::new(ErrorCode::Negative, format!("{value} is negative: this amount cannot be")))
    }
}

/// Whether the text is negative (`-`, `−`, or accounting brackets), and the text without the sign.
fn sign(text: &str) -> (bool, &str) {
    let (bracketed, text) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, text),
    };
    let text = strip_prefixes(text);
    match (text.strip_prefix('-'), text.strip_prefix('+')) {
        (Some(rest), _) => (!bracketed, strip_prefixes(rest)),
        (None, Some(rest)) => (bracketed, strip_prefixes(rest)),
        (None, None) => (bracketed, text),
    }
}

fn strip_suffixes(mut text: &str) -> &str {
    while let Some(rest) = CNY.iter().find_map(|mark| text.strip_suffix(mark)) {
        text = rest;
    }
    text
}

fn strip_prefixes(mut text: &str) -> &str {
    while let Some(rest) = CNY.iter().find_map(|mark| text.strip_prefix(mark)) {
        text = rest;
    }
    text
}

/// The number without its CNY marks and multiplier, and the power of ten the cell states: its multiplier's,
/// or 0 when it ends in `元`, `圆` or `块` without one (`500元` is yuan whatever the header says).
fn strip_marks(text: &str) -> (&str, Option<i64>) {
    let stripped = strip_suffixes(text);
    match MULTIPLIERS.iter().find_map(|(word, power)| stripped.strip_suffix(word).map(|rest| (rest, *power))) {
        Some((rest, power)) => (strip_suffixes(rest), Some(power)),
        None => {
            let says_yuan = text[stripped.len()..].contains(['元', '圆', '块']);
            (stripped, says_yuan.then_some(0))
        }
    }
}

/// The digits of a decimal number and the power of ten they are divided by: `1,234.5` is (`12345`, 1),
/// `1.5e+06` is (`15`, -5). `None` unless it is digits with well-placed separators.
fn number(text: &str) -> Option<(String, i64)> {
    let (mantissa, exponent) = match text.split_once('e') {
        Some((mantissa, exponent)) => {
            let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
            let valid = (1..=4).contains(&exponent.trim_start_matches('-').len())
                && exponent.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit())
                && exponent.matches('-').count() <= 1;
            (mantissa, if valid { exponent.parse::<i64>().ok()? } else { return None })
        }
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(fraction) {
        return None;
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = whole.contains(',');
    if !digits(first) || (grouped && !(1..=3).contains(&first.len())) {
        return None;
    }
    let mut all = first.to_owned();
    for group in groups {
        if group.len() != 3 || !digits(group) {
            return None;
        }
        all.push_str(group);
    }
    all.push_str(fraction);
    let scale = i64::try_from(fraction.len()).ok()? - exponent;
    Some((all, scale))
}

/// `digits` × 10^-`scale` exactly, or `None` if a decimal cannot hold it.
fn exact(digits: &str, scale: i64) -> Option<Decimal> {
    let mut digits = digits.trim_start_matches('0').to_owned();
    let mut scale = scale;
    if digits.is_empty() {
        return Some(Decimal::ZERO);
    }
    while scale > i64::from(Decimal::MAX_SCALE) && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if scale < 0 {
        let zeros = usize::try_from(-scale).ok().filter(|zeros| digits.len() + zeros <= 38)?;
        digits.push_str(&"0".repeat(zeros));
        scale = 0;
    }
    let mantissa: i128 = digits.parse().ok()?;
    Decimal::try_from_i128_with_scale(mantissa, u32::try_from(scale).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proptest::prelude::*;

    use super::*;

    fn yuan(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn read(cell: &str) -> Result<Decimal, CellError> {
        parse(cell, Rules::default())
    }

    fn code(cell: &str) -> ErrorCode {
        read(cell).unwrap_err().code
    }

    #[test]
    fn plain_and_grouped_numbers_are_exact() {
        for (cell, amount) in [
            ("1234567.89", "1234567.89"),
            ("1,234,567.89", "1234567.89"),
            ("１，２３４，５６７．８９", "1234567.89"),
            (" 12.50 ", "12.50"),
            ("0", "0"),
            (".5", "0.5"),
            ("1 234 567", "1234567"),
            ("'500000", "500000"),
        ] {
            assert_eq!(read(cell), Ok(yuan(amount)), "{cell}");
        }
        assert_eq!(read("12.50").unwrap().to_string(), "12.50");
    }

    #[test]
    fn currency_marks_of_cny_are_dropped() {
        for cell in
            ["¥1,234", "￥1234", "RMB 1234", "rmb1234", "CNY 1,234", "1234元", "1234 元整", "人民币1234元", "1234块"]
        {
            assert_eq!(read(cell), Ok(yuan("1234")), "{cell}");
        }
    }

    #[test]
    fn chinese_multipliers_scale_exactly() {
        for (cell, amount) in [
            ("12.5万", "125000"),
            ("12.5万元", "125000"),
            ("¥12.5万", "125000"),
            ("1.2亿", "120000000"),
            ("3亿元人民币", "300000000"),
            ("0.5万", "5000"),
            ("8千", "8000"),
            ("2百万", "2000000"),
            ("1.5k", "1500"),
            ("10w", "100000"),
            ("12.3456万", "123456"),
            ("1.23456万", "12345.6"),
        ] {
            assert_eq!(read(cell), Ok(yuan(amount)), "{cell}");
        }
    }

    #[test]
    fn a_unit_in_the_header_scales_bare_numbers_only() {
        let wan = Rules { unit: Unit::from_header("注册资本（万元）").unwrap(), ..Rules::default() };
        assert_eq!(wan.unit, Unit::TenThousandYuan);
        assert_eq!(parse("500", wan), Ok(yuan("5000000")));
        assert_eq!(parse("500元", wan), Ok(yuan("500")));
        assert_eq!(parse("1亿", wan), Ok(yuan("100000000")));
        assert_eq!(Unit::from_header("年营业额(亿元人民币)"), Ok(Unit::HundredMillionYuan));
        assert_eq!(Unit::from_header("金额/千元"), Ok(Unit::ThousandYuan));
        assert_eq!(Unit::from_header("Revenue (k)"), Ok(Unit::ThousandYuan));
        assert_eq!(Unit::from_header("Bank"), Ok(Unit::Yuan));
        assert_eq!(Unit::from_header("累计合作金额"), Ok(Unit::Yuan));
        assert_eq!(Unit::from_header("注册资本(万美元)").unwrap_err().code, ErrorCode::ForeignCurrency);
    }

    #[test]
    fn scientific_notation_is_read_exactly() {
        assert_eq!(read("1.5E+06"), Ok(yuan("1500000")));
        assert_eq!(read("1.23456789012E+11"), Ok(yuan("123456789012")));
        assert_eq!(read("2.5e-2"), Ok(yuan("0.025")));
        assert_eq!(code("1.5E"), ErrorCode::InvalidFormat);
        assert_eq!(code("1e99999"), ErrorCode::InvalidFormat);
        assert_eq!(code("1e999"), ErrorCode::TooLarge);
    }

    #[test]
    fn negatives_are_refused_unless_the_column_allows_them() {
        assert_eq!(code("-1,234"), ErrorCode::Negative);
        assert_eq!(code("(1,234.00)"), ErrorCode::Negative);
        assert_eq!(code("−5万"), ErrorCode::Negative);
        let signed = Rules { allow_negative: true, ..Rules::default() };
        assert_eq!(parse("-1,234", signed), Ok(yuan("-1234")));
        assert_eq!(parse("(1,234.00)", signed), Ok(yuan("-1234.00")));
        assert_eq!(parse("¥-12.5万", signed), Ok(yuan("-125000")));
        assert_eq!(parse("+12", signed), Ok(yuan("12")));
        assert_eq!(read("-0"), Ok(Decimal::ZERO));
        assert!(!read("-0.00").unwrap().is_sign_negative());
    }

    #[test]
    fn estimates_and_ranges_are_refused_rather_than_guessed() {
        for cell in
            ["约10万", "10万左右", "10多万", "10余万", "100万以上", "10-20万", "10~20万", "面议", "大概5000", "100万+"]
        {
            assert_eq!(code(cell), ErrorCode::NotExact, "{cell}");
        }
    }

    #[test]
    fn other_currencies_and_malformed_numbers_are_refused() {
        for cell in ["$1,000", "USD 1000", "1000美元", "HK$500", "€20", "1000港币"] {
            assert_eq!(code(cell), ErrorCode::ForeignCurrency, "{cell}");
        }
        for cell in
            ["壹万元", "十二万", "1,5", "12,34", "1,2345", "1.2.3", "12%", "abc", "1 2e", "--5", "万", "¥", "1,234.5,6"]
        {
            assert_eq!(code(cell), ErrorCode::InvalidFormat, "{cell}");
        }
        assert_eq!(code(""), ErrorCode::Empty);
        assert_eq!(code("-"), ErrorCode::Empty);
    }

    #[test]
    fn digits_beyond_what_a_decimal_holds_are_too_large() {
        assert_eq!(code("123456789012345678901234567890123456789"), ErrorCode::TooLarge);
        assert_eq!(code("0.00000000000000000000000000001"), ErrorCode::TooLarge);
        assert_eq!(read("0.1000000000000000000000000000000"), Ok(yuan("0.1")));
    }

    proptest! {
        #[test]
        fn any_text_gives_an_amount_or_an_error(cell in any::<String>(), negative in any::<bool>()) {
            let _ = parse(&cell, Rules { unit: Unit::TenThousandYuan, allow_negative: negative });
            let _ = Unit::from_header(&cell);
        }

        #[test]
        fn number_like_text_gives_an_amount_or_an_error(cell in "[-+(),.0-9eE万亿千k¥元 ]{0,30}") {
            let _ = parse(&cell, Rules { unit: Unit::Yuan, allow_negative: true });
        }

        #[test]
        fn grouped_amounts_read_back(fen in 0_i64..=99_999_999_999_999) {
            let amount = Decimal::new(fen, 2);
            let whole = (fen / 100).to_string();
            let mut grouped = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let cell = format!("¥{grouped}.{:02}", fen % 100);
            prop_assert_eq!(read(&cell), Ok(amount));
        }
    }
}
