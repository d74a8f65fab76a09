//! A realistic customer spreadsheet as Chinese Excel saves it: GBK, Chinese headers, the mixed date,
//! amount and phone forms of real exports, ~1 % rows that cannot be imported and ~1 % rows that repeat
//! an earlier customer. Clean rows are unique by normalised name, phone and USCC, so the expected
//! cleaning report is known exactly.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use crm_domain::dedupe;
use crm_server::dictionaries::seed::seeds;
use crm_server::seed::fake::{self, Faker, Place};
use rand::Rng;

/// The header row (every column maps by the import's own synonyms).
pub const HEADERS: [&str; 16] = [
    "客户名称",
    "统一社会信用代码",
    "所属行业",
    "客户等级",
    "客户来源",
    "省份",
    "城市",
    "详细地址",
    "联系电话",
    "联系人",
    "职位",
    "手机",
    "成立日期",
    "累计合作金额",
    "负责人",
    "备注",
];

/// What the file holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Data rows.
    pub rows: u64,
    /// Rows with a problem (missing name, bad mobile, impossible date, unknown grade).
    pub bad: u64,
    /// Rows repeating an earlier clean row (the name written another way, the same phone).
    pub duplicates: u64,
    /// Bytes written.
    pub bytes: u64,
}

impl Counts {
    /// The rows the dry run should find importable.
    pub fn clean(&self) -> u64 {
        self.rows - self.bad - self.duplicates
    }
}

/// The share of bad rows and of repeated rows.
const BAD: f64 = 0.01;
const REPEATED: f64 = 0.01;

/// Writes `rows` data rows to `path`, owners taken in turn from `owners`.
pub fn write(path: &Path, rows: u64, owners: &[String], seed: u64) -> anyhow::Result<Counts> {
    let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut rows_out = Rows::new(seed);
    let mut counts = Counts { rows, ..Counts::default() };
    let mut csv = buffer();
    csv.write_record(HEADERS)?;
    for i in 0..rows {
        let owner = &owners[usize::try_from(i).unwrap_or(0) % owners.len()];
        let record = if rows_out.faker.chance(REPEATED) && !rows_out.recent.is_empty() {
            counts.duplicates += 1;
            rows_out.repeat()
        } else if rows_out.faker.chance(BAD) {
            counts.bad += 1;
            rows_out.bad(owner)
        } else {
            rows_out.clean(owner)
        };
        csv.write_record(&record)?;
        if csv.get_ref().len() > (1 << 20) - 4096 {
            counts.bytes += flush(&mut csv, &mut file)?;
        }
    }
    counts.bytes += flush(&mut csv, &mut file)?;
    file.flush()?;
    Ok(counts)
}

/// A CSV writer into memory.
fn buffer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().from_writer(Vec::with_capacity(1 << 20))
}

/// Encodes the buffered CSV text as GBK into the file.
fn flush(csv: &mut csv::Writer<Vec<u8>>, file: &mut impl Write) -> anyhow::Result<u64> {
    let full = std::mem::replace(csv, buffer());
    let text = String::from_utf8(full.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    anyhow::ensure!(!unmappable, "a generated text has a character GBK cannot hold");
    file.write_all(&bytes)?;
    Ok(bytes.len() as u64)
}

/// The row generator: the faker, the labels, and the keys already used.
struct Rows {
    faker: Faker,
    labels: HashMap<(&'static str, &'static str), &'static str>,
    grades: Vec<(&'static str, &'static str)>,
    sources: Vec<&'static str>,
    used: HashSet<String>,
    /// The last clean rows, for repeats.
    recent: Vec<Vec<String>>,
    next_recent: usize,
}

impl Rows {
    fn new(seed: u64) -> Self {
        let seeds = seeds();
        let labels = seeds.iter().map(|(kind, code, zh, _, _)| ((*kind, *code), *zh)).collect();
        let grades = seeds.iter().filter(|s| s.0 == "grade").map(|s| (s.1, s.2)).collect();
        let sources = seeds.iter().filter(|s| s.0 == "source_channel").map(|s| s.2).collect();
        Self {
            faker: Faker::new(seed),
            labels,
            grades,
            sources,
            used: HashSet::new(),
            recent: Vec::new(),
            next_recent: 0,
        }
    }

    /// A key not used before (`kind:key`); `false` when taken.
    fn claim(&mut self, kind: &str, key: &str) -> bool {
        key.is_empty() || self.used.insert(format!("{kind}:{key}"))
    }

    fn unique_name(&mut self, place: &Place, words: &[&str]) -> String {
        for _ in 0..50 {
            let name = self.faker.company(place, words);
            if self.claim("name", &dedupe::name_key(&name)) {
                return name;
            }
        }
        // Branches are how real lists tell same-named companies apart.
        let mut branch = 2;
        let base = self.faker.company(place, words);
        loop {
            let name = format!("{base}{}第{branch}分公司", place.city.trim_end_matches('市'));
            if self.claim("name", &dedupe::name_key(&name)) {
                return name;
            }
            branch += 1;
        }
    }

    fn unique_phone(&mut self, place: &Place, landline: bool) -> String {
        loop {
            let phone = if landline { self.faker.landline(place) } else { self.faker.mobile() };
            if self.claim("phone", &dedupe::phone_key(&phone)) {
                return phone;
            }
        }
    }

    /// A phone as people type it: `0571-88886666`, `(0571)88886666`, `+86 138 1234 5678`, `138-1234-5678`.
    fn typed_phone(&mut self, phone: &str) -> String {
        if let Some((area, number)) = phone.split_once('-') {
            return if self.faker.chance(0.3) { format!("({area}){number}") } else { phone.to_owned() };
        }
        match self.faker.rng().random_range(0..4) {
            0 => format!("+86 {} {} {}", &phone[..3], &phone[3..7], &phone[7..]),
            1 => format!("{}-{}-{}", &phone[..3], &phone[3..7], &phone[7..]),
            _ => phone.to_owned(),
        }
    }

    fn date(&mut self) -> String {
        let rng = self.faker.rng();
        let (y, m, d) = (rng.random_range(1995..=2023), rng.random_range(1..=12), rng.random_range(1..=28));
        match rng.random_range(0..3) {
            0 => format!("{y}-{m:02}-{d:02}"),
            1 => format!("{y}/{m}/{d}"),
            _ => format!("{y}年{m}月{d}日"),
        }
    }

    fn amount(&mut self) -> String {
        let rng = self.faker.rng();
        let yuan: u64 = rng.random_range(0..5_000_000);
        match rng.random_range(0..4) {
            0 => format!("{:.1}万", yuan as f64 / 10_000.0),
            1 => thousands(yuan),
            2 => String::new(),
            _ => format!("{yuan}.00"),
        }
    }

    fn clean(&mut self, owner: &str) -> Vec<String> {
        let row = self.row(owner);
        self.remember(&row);
        row
    }

    fn row(&mut self, owner: &str) -> Vec<String> {
        let place = self.faker.place();
        let (industry, words) = self.faker.pick(fake::INDUSTRIES);
        let name = self.unique_name(&place, words);
        let landline = self.faker.chance(0.6);
        let phone = self.unique_phone(&place, landline);
        let phone = self.typed_phone(&phone);
        let uscc = match self.faker.chance(0.85).then(|| self.faker.uscc(&place)).flatten() {
            Some(code) if self.claim("uscc", &code) => code,
            _ => String::new(),
        };
        let industry = match self.labels.get(&("industry", industry)) {
            Some(label) if self.faker.chance(0.7) => (*label).to_owned(),
            _ => industry.to_owned(),
        };
        let (grade_code, grade_label) = self.faker.pick(&self.grades.clone());
        let grade = if self.faker.chance(0.5) { grade_label } else { grade_code };
        let source = self.faker.pick(&self.sources.clone());
        let contact = self.faker.person();
        let position = self.faker.position();
        // Unique too: the duplicate check matches a phone against contacts' mobiles.
        let mobile = self.unique_phone(&place, false);
        let mobile = self.typed_phone(&mobile);
        let established = self.date();
        let amount = self.amount();
        let notes = if self.faker.chance(0.3) {
            format!("{}年起合作，年度框架协议，联系人：{contact}", self.faker.rng().random_range(2010..=2023))
        } else {
            String::new()
        };
        vec![
            name,
            uscc,
            industry,
            grade.to_owned(),
            source.to_owned(),
            place.province.to_owned(),
            place.city.to_owned(),
            format!("{}{}", place.district, place.detail),
            phone,
            contact,
            position.to_owned(),
            mobile,
            established,
            amount,
            owner.to_owned(),
            notes,
        ]
    }

    fn remember(&mut self, row: &[String]) {
        const KEEP: usize = 10_000;
        if self.recent.len() < KEEP {
            self.recent.push(row.to_vec());
        } else {
            self.recent[self.next_recent] = row.to_vec();
            self.next_recent = (self.next_recent + 1) % KEEP;
        }
    }

    /// An earlier clean row again, its name written another way (spaces, full-width brackets, the
    /// longer legal form), as happens when two sales reps kept the same customer.
    fn repeat(&mut self) -> Vec<String> {
        let index = self.faker.rng().random_range(0..self.recent.len());
        let mut row = self.recent[index].clone();
        row[0] = match self.faker.rng().random_range(0..3) {
            0 => format!(" {} ", row[0]),
            1 if row[0].ends_with("有限公司") && !row[0].ends_with("责任有限公司") => {
                format!("{}有限责任公司", row[0].trim_end_matches("有限公司"))
            }
            _ => row[0].replace('(', "（").replace(')', "）") + " ",
        };
        row
    }

    /// A row with one problem.
    fn bad(&mut self, owner: &str) -> Vec<String> {
        let mut row = self.row(owner);
        match self.faker.rng().random_range(0..4) {
            0 => row[0] = String::new(),
            1 => row[11] = format!("1{}", self.faker.rng().random_range(100_000_000..999_999_999_u64)),
            2 => row[12] = "2019-02-30".to_owned(),
            _ => row[3] = "Z级".to_owned(),
        }
        row
    }
}

/// `1234567` as `1,234,567.00`.
fn thousands(yuan: u64) -> String {
    let digits = yuan.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out + ".00"
}
