//! Duplicate-check keys (查重): two customers are the same when their normalised names, phones or
//! USCCs are equal, however they were typed.

/// Full-width forms (Ａ１（) to their ASCII twins, the ideographic space to a space.
pub(crate) fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        other => other,
    }
}

/// The name's key: half-width, lower case, without spaces and punctuation, with the legal-form
/// variants folded (有限责任公司 → 有限公司, 股份有限公司 kept apart).
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"·、，。（）【】《》“”‘’".contains(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded.replace("有限责任公司", "有限公司").replace("(有限公司)", "有限公司")
}

/// The phone's key: its digits, without the +86 / 0086 country prefix.
pub fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().map(half_width).filter(char::is_ascii_digit).collect();
    let national =
        digits.strip_prefix("0086").or_else(|| (digits.len() == 13).then(|| digits.strip_prefix("86")).flatten());
    national.unwrap_or(&digits).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_company_share_a_key() {
        let key = name_key("华为技术有限公司");
        for spelling in ["华为技术有限责任公司", " 华为 技术 有限公司 ", "华为技术（有限公司）", "华为技术有限公司。"]
        {
            assert_eq!(name_key(spelling), key, "{spelling}");
        }
        assert_eq!(name_key("ＡＢＣ　Trading Co., Ltd."), name_key("abc trading co ltd"));
        assert_ne!(name_key("华为技术股份有限公司"), key);
    }

    #[test]
    fn spellings_of_one_phone_share_a_key() {
        for spelling in ["+86 138-0013-8000", "0086 13800138000", "８６１３８００１３８０００", "(138) 0013 8000"]
        {
            assert_eq!(phone_key(spelling), "13800138000", "{spelling}");
        }
        assert_eq!(phone_key("010-8888 6666"), "01088886666");
    }
}
