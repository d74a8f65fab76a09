//! The customer import target: the fields of `NewCustomer` and of its primary contact (`contacts[0]`,
//! keys `contact.*`), with the headers that Chinese Excel sheets and other CRMs' exports (销售易, 纷享销客,
//! Salesforce, HubSpot) use for them.
//!
//! Keys are the wire names of `NewCustomer` and `NewContact` where those have the field. These keys have
//! no `NewCustomer` field and are for the server to place: `short_name` (客户简称), `legacy_code` (the
//! customer's number in the old system, never our `code`), `registered_capital`, `annual_revenue`,
//! `established_date`, `address.region` (省市区 in one cell, to be split) and `contact.phone` (a contact's
//! landline, which fills the customer's `phone` when that is missing). `owner` is a username or display
//! name, resolved to `owner_id`.

use super::header::{FieldKind, FieldSpec, TargetSpec};

/// The customer import target.
pub static CUSTOMER: TargetSpec = TargetSpec {
    key: "customer",
    label_zh: "客户",
    fields: &CUSTOMER_FIELDS,
    required: &[&["name"], &["industry"], &["contact.name"], &["phone", "contact.mobile", "contact.phone"]],
};

const fn field(
    key: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    kind: FieldKind,
    synonyms: &'static [&'static str],
) -> FieldSpec {
    FieldSpec { key, label_zh, label_en, kind, synonyms }
}

// Kept as a table: rustfmt would put every synonym on a line of its own.
#[rustfmt::skip]
static CUSTOMER_FIELDS: [FieldSpec; 37] = [
    field("name", "客户名称", "Customer name", FieldKind::Name, &[
        "客户全称", "客户", "客户名", "公司名称", "公司全称", "公司", "公司名", "企业名称", "企业全称", "企业", "单位名称",
        "单位全称", "单位", "机构名称", "组织名称", "名称", "工商注册名称", "注册名称", "Company", "Company Name", "Account",
        "Account Name", "Customer", "Client", "Client Name", "Organization", "Organisation", "Organization Name",
    ]),
    field("short_name", "客户简称", "Short name", FieldKind::Text, &[
        "简称", "公司简称", "企业简称", "单位简称", "Short Name", "Abbreviation", "Alias",
    ]),
    field("kind", "客户性质", "Customer kind", FieldKind::CustomerKind, &[
        "客户属性", "主体类型", "客户主体", "企业/个人", "企业或个人", "个人/企业", "Kind", "Entity Type",
    ]),
    field("uscc", "统一社会信用代码", "USCC", FieldKind::Uscc, &[
        "社会信用代码", "信用代码", "统一信用代码", "统一代码", "税号", "纳税人识别号", "纳税识别号", "营业执照号",
        "营业执照号码", "营业执照注册号", "工商注册号", "Tax ID", "Tax Number", "Credit Code",
        "Unified Social Credit Code",
    ]),
    field("id_card_no", "身份证号", "ID card number", FieldKind::IdCardNo, &[
        "身份证", "身份证号码", "证件号码", "证件号", "ID Card", "ID Number", "ID Card No",
    ]),
    field("customer_type", "客户类型", "Customer type", FieldKind::Dictionary("customer_type"), &[
        "客户类别", "类型", "客户分类", "成交状态", "Type", "Account Type",
    ]),
    field("industry", "所属行业", "Industry", FieldKind::Dictionary("industry"), &[
        "行业", "行业分类", "行业类型", "行业类别", "所在行业", "客户行业", "Sector",
    ]),
    field("grade", "客户等级", "Grade", FieldKind::Dictionary("grade"), &[
        "等级", "客户级别", "级别", "客户评级", "评级", "客户分级", "Level", "Rating", "Tier", "Customer Level",
        "Customer Grade",
    ]),
    field("company_size", "企业规模", "Company size", FieldKind::Dictionary("company_size"), &[
        "公司规模", "规模", "人员规模", "员工人数", "员工规模", "人数", "员工数", "Size", "Employees",
        "Number of Employees", "Headcount",
    ]),
    field("source_channel", "客户来源", "Source channel", FieldKind::Dictionary("source_channel"), &[
        "来源", "来源渠道", "客户渠道", "获客渠道", "渠道", "线索来源", "Source", "Lead Source", "Account Source",
        "Channel",
    ]),
    field("lifecycle_status", "客户状态", "Lifecycle status", FieldKind::Dictionary("lifecycle_status"), &[
        "状态", "生命周期", "生命周期状态", "生命周期阶段", "Status", "Lifecycle Stage", "Lifecycle",
    ]),
    field("address.region", "所在地区", "Region", FieldKind::Text, &[
        "地区", "省市区", "所在地", "省市", "省/市/区", "Location",
    ]),
    field("address.province", "省份", "Province", FieldKind::Text, &[
        "省", "所在省份", "所在省", "省/直辖市", "省/自治区/直辖市", "State", "State/Province", "State/Region",
    ]),
    field("address.city", "城市", "City", FieldKind::Text, &["市", "所在城市", "所在市", "地级市"]),
    field("address.district", "区县", "District", FieldKind::Text, &[
        "区/县", "县区", "区", "县", "所在区县", "County",
    ]),
    field("address.detail", "详细地址", "Address", FieldKind::Text, &[
        "地址", "街道地址", "公司地址", "办公地址", "通讯地址", "注册地址", "经营地址", "联系地址", "Street",
        "Street Address", "Address Line 1",
    ]),
    field("phone", "联系电话", "Phone", FieldKind::Phone, &[
        "电话", "联系方式", "电话号码", "公司电话", "办公电话", "固定电话", "固话", "座机", "总机", "Telephone", "Tel",
        "Phone Number", "Office Phone", "Company Phone", "Business Phone",
    ]),
    field("email", "电子邮箱", "Email", FieldKind::Email, &[
        "邮箱", "电子邮件", "邮件", "邮箱地址", "公司邮箱", "企业邮箱", "E-mail", "Mail", "Email Address",
    ]),
    field("website", "网址", "Website", FieldKind::Url, &[
        "公司网址", "官网", "公司官网", "网站", "公司网站", "主页", "Web", "URL", "Homepage", "Site",
    ]),
    field("registered_capital", "注册资本", "Registered capital", FieldKind::Amount, &[
        "注册资金", "注册资本金",
    ]),
    field("annual_revenue", "年营业额", "Annual revenue", FieldKind::Amount, &[
        "年营收", "营业收入", "年销售额", "年收入", "营业额", "年营业收入", "Revenue",
    ]),
    field("established_date", "成立日期", "Established", FieldKind::Date, &[
        "成立时间", "注册日期", "注册时间", "创立日期", "创立时间", "Founded", "Date Founded", "Established Date",
        "Incorporation Date",
    ]),
    field("first_coop_date", "首次合作日期", "First cooperation date", FieldKind::Date, &[
        "首次合作时间", "首次成交日期", "首次成交时间", "合作开始日期", "开始合作日期", "First Deal Date",
    ]),
    field("last_coop_date", "最近合作日期", "Last cooperation date", FieldKind::Date, &[
        "最近合作时间", "最后合作日期", "最后合作时间", "最近成交日期", "最近成交时间", "最后成交日期", "Last Deal Date",
    ]),
    field("cumulative_amount", "累计合作金额", "Cumulative amount", FieldKind::Amount, &[
        "累计金额", "累计成交金额", "累计交易额", "累计交易金额", "成交总额", "历史成交金额", "合作总金额", "Total Amount",
        "Lifetime Value",
    ]),
    field("annual_amount", "年度合作金额", "Annual amount", FieldKind::Amount, &[
        "年度金额", "年度成交金额", "本年成交金额", "年合作金额", "年度交易额",
    ]),
    field("tags", "标签", "Tags", FieldKind::DictionaryList("tag"), &["客户标签", "Tag", "Labels"]),
    field("owner", "负责人", "Owner", FieldKind::User, &[
        "客户负责人", "销售负责人", "归属人", "所属销售", "归属销售", "跟进人", "跟进销售", "客户经理", "销售", "销售代表",
        "销售人员", "业务员", "所有人", "客户所有人", "Account Owner", "Company Owner", "Sales Rep", "Salesperson",
    ]),
    field("notes", "备注", "Notes", FieldKind::LongText, &[
        "备注信息", "说明", "描述", "客户描述", "客户备注", "其他", "Remark", "Remarks", "Note", "Description", "Comment",
        "Comments",
    ]),
    field("initial_need", "初步需求", "Initial need", FieldKind::LongText, &[
        "客户需求", "需求", "需求描述", "意向", "客户意向", "Needs", "Requirements",
    ]),
    field("legacy_code", "原客户编号", "Legacy code", FieldKind::Text, &[
        "客户编号", "客户编码", "客户代码", "编号", "编码", "客户ID", "Customer Code", "Customer ID", "Customer No",
        "Account Number", "Account ID", "ID", "Code",
    ]),
    field("contact.name", "联系人", "Contact", FieldKind::Name, &[
        "联系人姓名", "联系人名称", "姓名", "主联系人", "首要联系人", "主要联系人", "Contact Name", "Contact Person",
        "Primary Contact",
    ]),
    field("contact.position", "职位", "Title", FieldKind::Text, &[
        "职务", "岗位", "联系人职位", "联系人职务", "Job Title", "Position", "Contact Title",
    ]),
    field("contact.mobile", "手机", "Mobile", FieldKind::Mobile, &[
        "手机号", "手机号码", "移动电话", "联系人手机", "联系人手机号", "联系手机", "Mobile Phone", "Cell", "Cell Phone",
        "Cellphone", "Contact Mobile",
    ]),
    field("contact.phone", "联系人电话", "Contact phone", FieldKind::Phone, &[
        "联系人座机", "联系人固话", "联系人电话号码",
    ]),
    field("contact.email", "联系人邮箱", "Contact email", FieldKind::Email, &[
        "联系人电子邮箱", "联系人Email", "联系人邮件",
    ]),
    field("contact.decision_role", "决策角色", "Decision role", FieldKind::Dictionary("decision_role"), &[
        "决策链角色", "角色", "联系人角色", "决策关系", "Role",
    ]),
];

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;
    use crate::import::header::{MatchQuality, normalise_header};

    fn keys(headers: &[&str]) -> Vec<Option<&'static str>> {
        CUSTOMER.suggest(headers).into_iter().map(|s| s.map(|s| s.field.key)).collect()
    }

    #[test]
    fn no_header_means_two_fields() {
        let mut owners: HashMap<String, &str> = HashMap::new();
        for field in CUSTOMER.fields {
            let names = field.synonyms.iter().chain([&field.label_zh, &field.label_en, &field.key]);
            for name in names {
                let normal = normalise_header(name);
                assert!(!normal.is_empty(), "{name} normalises to nothing");
                if let Some(other) = owners.insert(normal.clone(), field.key) {
                    assert_eq!(other, field.key, "{name} ({normal}) means both {other} and {}", field.key);
                }
            }
        }
    }

    #[test]
    fn keys_are_unique_and_requirements_name_real_fields() {
        let mut keys: Vec<&str> = CUSTOMER.fields.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), CUSTOMER.fields.len());
        for key in CUSTOMER.required.iter().flat_map(|group| group.iter()) {
            assert!(CUSTOMER.field(key).is_some(), "{key}");
        }
    }

    #[test]
    fn a_chinese_crm_export_maps_column_by_column() {
        let headers = [
            "客户编号",
            "*客户全称",
            "客户级别",
            "客户来源",
            "所属行业",
            "负责人",
            "电话",
            "网址",
            "省份",
            "城市",
            "区县",
            "详细地址",
            "备注",
            "联系人",
            "联系人手机",
            "职务",
            "创建时间",
            "注册资本(万元)",
        ];
        assert_eq!(
            keys(&headers),
            [
                Some("legacy_code"),
                Some("name"),
                Some("grade"),
                Some("source_channel"),
                Some("industry"),
                Some("owner"),
                Some("phone"),
                Some("website"),
                Some("address.province"),
                Some("address.city"),
                Some("address.district"),
                Some("address.detail"),
                Some("notes"),
                Some("contact.name"),
                Some("contact.mobile"),
                Some("contact.position"),
                None,
                Some("registered_capital"),
            ]
        );
    }

    #[test]
    fn an_english_export_maps_too() {
        let headers = [
            "Account Name",
            "Account Owner",
            "Billing City",
            "Billing State/Province",
            "Phone",
            "Website",
            "Industry",
            "Annual Revenue",
            "Employees",
            "Description",
            "Contact Name",
            "Mobile",
            "Email",
        ];
        assert_eq!(
            keys(&headers),
            [
                Some("name"),
                Some("owner"),
                Some("address.city"),
                Some("address.province"),
                Some("phone"),
                Some("website"),
                Some("industry"),
                Some("annual_revenue"),
                Some("company_size"),
                Some("notes"),
                Some("contact.name"),
                Some("contact.mobile"),
                Some("email"),
            ]
        );
    }

    #[test]
    fn markers_width_and_case_do_not_matter() {
        assert_eq!(
            keys(&["✱公司名称（必填）", "ＵＳＣＣ", "联系人 *", "手机号码(必填)"]),
            [Some("name"), Some("uscc"), Some("contact.name"), Some("contact.mobile")]
        );
    }

    #[test]
    fn a_header_ending_with_a_synonym_is_a_guess() {
        let suggestions = CUSTOMER.suggest(&["客户电话", "主要联系人手机号", "客户生日"]);
        let phone = suggestions[0].unwrap();
        assert_eq!((phone.field.key, phone.quality), ("phone", MatchQuality::Contains));
        assert_eq!(suggestions[1].map(|s| s.field.key), Some("contact.mobile"));
        assert_eq!(suggestions[2], None);
    }

    #[test]
    fn the_best_match_wins_a_field_claimed_by_two_columns() {
        // 客户电话 only contains a synonym of phone; 联系电话 is one, so it takes phone.
        assert_eq!(keys(&["客户电话", "联系电话"]), [None, Some("phone")]);
        // Two exact matches: the leftmost column wins.
        assert_eq!(keys(&["公司名称", "客户名称"]), [Some("name"), None]);
    }

    #[test]
    fn a_template_made_of_our_labels_maps_back_exactly() {
        let labels: Vec<&str> = CUSTOMER.fields.iter().map(|f| f.label_zh).collect();
        let suggestions = CUSTOMER.suggest(&labels);
        for (field, suggestion) in CUSTOMER.fields.iter().zip(suggestions) {
            let suggestion = suggestion.unwrap();
            assert_eq!((suggestion.field.key, suggestion.quality), (field.key, MatchQuality::Exact));
        }
    }

    #[test]
    fn a_mapping_without_a_phone_column_lacks_one_of_the_phones() {
        let unmet = CUSTOMER.unmet_requirements(["name", "industry", "contact.name"]);
        assert_eq!(unmet, vec![&["phone", "contact.mobile", "contact.phone"][..]]);
    }

    #[test]
    fn a_sales_ledger_kept_in_excel_maps_too() {
        let headers = [
            "序号",
            "单位名称",
            "统一社会信用代码",
            "客户类别",
            "行业",
            "客户级别",
            "所在地区",
            "联系人",
            "职务",
            "手机号",
            "座机",
            "邮箱",
            "成立日期",
            "注册资本（万元）",
            "累计成交金额(元)",
            "标签",
            "业务员",
            "备注",
            "",
        ];
        assert_eq!(
            keys(&headers),
            [
                None,
                Some("name"),
                Some("uscc"),
                Some("customer_type"),
                Some("industry"),
                Some("grade"),
                Some("address.region"),
                Some("contact.name"),
                Some("contact.position"),
                Some("contact.mobile"),
                Some("phone"),
                Some("email"),
                Some("established_date"),
                Some("registered_capital"),
                Some("cumulative_amount"),
                Some("tags"),
                Some("owner"),
                Some("notes"),
                None,
            ]
        );
    }

    proptest! {
        #[test]
        fn any_headers_get_at_most_one_column_per_field(headers in proptest::collection::vec(any::<String>(), 0..12)) {
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            let suggestions = CUSTOMER.suggest(&headers);
            prop_assert_eq!(suggestions.len(), headers.len());
            let mut keys: Vec<&str> = suggestions.iter().flatten().map(|s| s.field.key).collect();
            let count = keys.len();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(keys.len(), count);
        }

        #[test]
        fn header_like_text_gets_at_most_one_column_per_field(
            headers in proptest::collection::vec("[客户名称联系人手机电话*()（） a-zA-Z]{0,8}", 0..12),
        ) {
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            let mut keys: Vec<&str> = CUSTOMER.suggest(&headers).into_iter().flatten().map(|s| s.field.key).collect();
            let count = keys.len();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(keys.len(), count);
        }
    }
}
