//! Masking (脱敏): a value shown in part, for roles that may know a customer is reachable without
//! reading the whole number — a mobile as `138****8000`, an e-mail address as `z***@example.com`.

/// A mainland mobile (`13800138000` → `138****8000`), a landline (`0571-88886666` → `0571-****6666`,
/// the extension dropped), or any other number with its middle hidden.
pub fn phone(value: &str) -> String {
    let value = value.trim();
    let number = value.split(['-', ' ']).collect::<Vec<_>>();
    match number.as_slice() {
        [area, local, ..] if area.starts_with('0') && local.len() >= 4 => {
            format!("{area}-{}{}", "*".repeat(local.chars().count() - 4), tail(local, 4))
        }
        _ => middle(value, 3, 4),
    }
}

/// An e-mail address with the local part reduced to its first character (`zhangwei@example.com` →
/// `z***@example.com`).
pub fn email(value: &str) -> String {
    match value.trim().split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => middle(value, 1, 0),
    }
}

/// A code or ID number with only its first and last four characters shown (`91350100M000100Y43` →
/// `9135**********0Y43`).
pub fn code(value: &str) -> String {
    middle(value.trim(), 4, 4)
}

/// `value` with all but its first `head` and last `keep` characters replaced by `*` (everything when it
/// is too short to keep both).
fn middle(value: &str, head: usize, keep: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= head + keep {
        return "*".repeat(chars.len().max(1));
    }
    let hidden = chars.len() - head - keep;
    chars[..head].iter().chain(std::iter::repeat_n(&'*', hidden)).chain(&chars[chars.len() - keep..]).collect()
}

fn tail(value: &str, keep: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    chars[chars.len().saturating_sub(keep)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_mobile_keeps_its_first_three_and_last_four_digits() {
        assert_eq!(phone("13800138000"), "138****8000");
        assert_eq!(phone("0571-88886666"), "0571-****6666");
        assert_eq!(phone("010-6512345-801"), "010-***2345");
        assert_eq!(phone("123"), "***");
    }

    #[test]
    fn an_email_keeps_its_first_character_and_its_domain() {
        assert_eq!(email("zhangwei@example.com"), "z***@example.com");
        assert_eq!(email("x@qq.com"), "x***@qq.com");
    }

    #[test]
    fn a_code_keeps_its_first_and_last_four_characters() {
        assert_eq!(code("91350100M000100Y43"), "9135**********0Y43");
        assert_eq!(code("11010519491231002X"), "1101**********002X");
    }

    proptest! {
        #[test]
        fn a_masked_value_never_shows_the_whole_value(digits in "1[3-9][0-9]{9}") {
            let masked = phone(&digits);
            prop_assert_ne!(&masked, &digits);
            prop_assert_eq!(masked.chars().count(), digits.chars().count());
            prop_assert!(masked.contains("****"));
        }
    }
}
