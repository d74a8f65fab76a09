//! The dictionaries every installation starts with: GB/T 4754-2017 industry sections and divisions,
//! customer types, grades, company sizes, source channels, decision roles, sales stages, lifecycle and
//! contact statuses, tags and follow-up types. Administrators rename, reorder, add and disable values afterwards.

/// A seeded value: kind, code, zh-CN label, English label, parent code.
pub type Seed = (&'static str, &'static str, &'static str, &'static str, Option<&'static str>);

/// Every seeded value, in display order within its kind.
pub fn seeds() -> Vec<Seed> {
    let mut seeds: Vec<Seed> = vec![
        ("industry", "A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery", None),
        ("industry", "B", "采矿业", "Mining", None),
        ("industry", "C", "制造业", "Manufacturing", None),
        (
            "industry",
            "D",
            "电力、热力、燃气及水生产和供应业",
            "Electricity, heat, gas and water production and supply",
            None,
        ),
        ("industry", "E", "建筑业", "Construction", None),
        ("industry", "F", "批发和零售业", "Wholesale and retail trade", None),
        ("industry", "G", "交通运输、仓储和邮政业", "Transport, storage and postal services", None),
        ("industry", "H", "住宿和餐饮业", "Accommodation and catering", None),
        (
            "industry",
            "I",
            "信息传输、软件和信息技术服务业",
            "Information transmission, software and information technology services",
            None,
        ),
        ("industry", "J", "金融业", "Finance", None),
        ("industry", "K", "房地产业", "Real estate", None),
        ("industry", "L", "租赁和商务服务业", "Leasing and business services", None),
        ("industry", "M", "科学研究和技术服务业", "Scientific research and technical services", None),
        (
            "industry",
            "N",
            "水利、环境和公共设施管理业",
            "Water conservancy, environment and public facilities management",
            None,
        ),
        ("industry", "O", "居民服务、修理和其他服务业", "Resident services, repair and other services", None),
        ("industry", "P", "教育", "Education", None),
        ("industry", "Q", "卫生和社会工作", "Health and social work", None),
        ("industry", "R", "文化、体育和娱乐业", "Culture, sports and entertainment", None),
        (
            "industry",
            "S",
            "公共管理、社会保障和社会组织",
            "Public administration, social security and social organisations",
            None,
        ),
        ("industry", "T", "国际组织", "International organisations", None),
        ("industry", "A01", "农业", "Agriculture", Some("A")),
        ("industry", "A02", "林业", "Forestry", Some("A")),
        ("industry", "A03", "畜牧业", "Animal husbandry", Some("A")),
        ("industry", "A04", "渔业", "Fishery", Some("A")),
        (
            "industry",
            "A05",
            "农、林、牧、渔专业及辅助性活动",
            "Support activities for agriculture, forestry, animal husbandry and fishery",
            Some("A"),
        ),
        ("industry", "B06", "煤炭开采和洗选业", "Coal mining and washing", Some("B")),
        ("industry", "B07", "石油和天然气开采业", "Oil and natural gas extraction", Some("B")),
        ("industry", "B08", "黑色金属矿采选业", "Ferrous metal ore mining", Some("B")),
        ("industry", "B09", "有色金属矿采选业", "Non-ferrous metal ore mining", Some("B")),
        ("industry", "B10", "非金属矿采选业", "Non-metallic mineral mining", Some("B")),
        ("industry", "B11", "开采专业及辅助性活动", "Mining support activities", Some("B")),
        ("industry", "B12", "其他采矿业", "Other mining", Some("B")),
        ("industry", "C13", "农副食品加工业", "Agricultural and sideline food processing", Some("C")),
        ("industry", "C14", "食品制造业", "Food manufacturing", Some("C")),
        ("industry", "C15", "酒、饮料和精制茶制造业", "Liquor, beverage and refined tea manufacturing", Some("C")),
        ("industry", "C16", "烟草制品业", "Tobacco products", Some("C")),
        ("industry", "C17", "纺织业", "Textiles", Some("C")),
        ("industry", "C18", "纺织服装、服饰业", "Textile garments and apparel", Some("C")),
        (
            "industry",
            "C19",
            "皮革、毛皮、羽毛及其制品和制鞋业",
            "Leather, fur, feather products and footwear",
            Some("C"),
        ),
        (
            "industry",
            "C20",
            "木材加工和木、竹、藤、棕、草制品业",
            "Wood processing and wood, bamboo, rattan, palm and straw products",
            Some("C"),
        ),
        ("industry", "C21", "家具制造业", "Furniture manufacturing", Some("C")),
        ("industry", "C22", "造纸和纸制品业", "Paper and paper products", Some("C")),
        ("industry", "C23", "印刷和记录媒介复制业", "Printing and reproduction of recording media", Some("C")),
        (
            "industry",
            "C24",
            "文教、工美、体育和娱乐用品制造业",
            "Cultural, educational, arts and crafts, sports and entertainment goods",
            Some("C"),
        ),
        ("industry", "C25", "石油、煤炭及其他燃料加工业", "Petroleum, coal and other fuel processing", Some("C")),
        ("industry", "C26", "化学原料和化学制品制造业", "Chemical raw materials and chemical products", Some("C")),
        ("industry", "C27", "医药制造业", "Pharmaceutical manufacturing", Some("C")),
        ("industry", "C28", "化学纤维制造业", "Chemical fibre manufacturing", Some("C")),
        ("industry", "C29", "橡胶和塑料制品业", "Rubber and plastic products", Some("C")),
        ("industry", "C30", "非金属矿物制品业", "Non-metallic mineral products", Some("C")),
        ("industry", "C31", "黑色金属冶炼和压延加工业", "Ferrous metal smelting and rolling", Some("C")),
        ("industry", "C32", "有色金属冶炼和压延加工业", "Non-ferrous metal smelting and rolling", Some("C")),
        ("industry", "C33", "金属制品业", "Metal products", Some("C")),
        ("industry", "C34", "通用设备制造业", "General-purpose equipment manufacturing", Some("C")),
        ("industry", "C35", "专用设备制造业", "Special-purpose equipment manufacturing", Some("C")),
        ("industry", "C36", "汽车制造业", "Automobile manufacturing", Some("C")),
        (
            "industry",
            "C37",
            "铁路、船舶、航空航天和其他运输设备制造业",
            "Railway, ship, aerospace and other transport equipment",
            Some("C"),
        ),
        ("industry", "C38", "电气机械和器材制造业", "Electrical machinery and equipment", Some("C")),
        (
            "industry",
            "C39",
            "计算机、通信和其他电子设备制造业",
            "Computers, communication and other electronic equipment",
            Some("C"),
        ),
        ("industry", "C40", "仪器仪表制造业", "Instruments and meters", Some("C")),
        ("industry", "C41", "其他制造业", "Other manufacturing", Some("C")),
        ("industry", "C42", "废弃资源综合利用业", "Comprehensive utilisation of waste resources", Some("C")),
        (
            "industry",
            "C43",
            "金属制品、机械和设备修理业",
            "Repair of metal products, machinery and equipment",
            Some("C"),
        ),
        ("industry", "D44", "电力、热力生产和供应业", "Electricity and heat production and supply", Some("D")),
        ("industry", "D45", "燃气生产和供应业", "Gas production and supply", Some("D")),
        ("industry", "D46", "水的生产和供应业", "Water production and supply", Some("D")),
        ("industry", "E47", "房屋建筑业", "Building construction", Some("E")),
        ("industry", "E48", "土木工程建筑业", "Civil engineering", Some("E")),
        ("industry", "E49", "建筑安装业", "Building installation", Some("E")),
        (
            "industry",
            "E50",
            "建筑装饰、装修和其他建筑业",
            "Building decoration, renovation and other construction",
            Some("E"),
        ),
        ("industry", "F51", "批发业", "Wholesale trade", Some("F")),
        ("industry", "F52", "零售业", "Retail trade", Some("F")),
        ("industry", "G53", "铁路运输业", "Railway transport", Some("G")),
        ("industry", "G54", "道路运输业", "Road transport", Some("G")),
        ("industry", "G55", "水上运输业", "Water transport", Some("G")),
        ("industry", "G56", "航空运输业", "Air transport", Some("G")),
        ("industry", "G57", "管道运输业", "Pipeline transport", Some("G")),
        ("industry", "G58", "多式联运和运输代理业", "Multimodal transport and transport agency", Some("G")),
        ("industry", "G59", "装卸搬运和仓储业", "Loading, unloading and warehousing", Some("G")),
        ("industry", "G60", "邮政业", "Postal services", Some("G")),
        ("industry", "H61", "住宿业", "Accommodation", Some("H")),
        ("industry", "H62", "餐饮业", "Catering", Some("H")),
        (
            "industry",
            "I63",
            "电信、广播电视和卫星传输服务",
            "Telecommunications, broadcasting and satellite transmission",
            Some("I"),
        ),
        ("industry", "I64", "互联网和相关服务", "Internet and related services", Some("I")),
        ("industry", "I65", "软件和信息技术服务业", "Software and information technology services", Some("I")),
        ("industry", "J66", "货币金融服务", "Monetary and financial services", Some("J")),
        ("industry", "J67", "资本市场服务", "Capital market services", Some("J")),
        ("industry", "J68", "保险业", "Insurance", Some("J")),
        ("industry", "J69", "其他金融业", "Other financial services", Some("J")),
        ("industry", "K70", "房地产业", "Real estate", Some("K")),
        ("industry", "L71", "租赁业", "Leasing", Some("L")),
        ("industry", "L72", "商务服务业", "Business services", Some("L")),
        ("industry", "M73", "研究和试验发展", "Research and experimental development", Some("M")),
        ("industry", "M74", "专业技术服务业", "Professional technical services", Some("M")),
        ("industry", "M75", "科技推广和应用服务业", "Technology promotion and application services", Some("M")),
        ("industry", "N76", "水利管理业", "Water conservancy management", Some("N")),
        ("industry", "N77", "生态保护和环境治理业", "Ecological protection and environmental governance", Some("N")),
        ("industry", "N78", "公共设施管理业", "Public facilities management", Some("N")),
        ("industry", "N79", "土地管理业", "Land management", Some("N")),
        ("industry", "O80", "居民服务业", "Resident services", Some("O")),
        (
            "industry",
            "O81",
            "机动车、电子产品和日用产品修理业",
            "Repair of motor vehicles, electronics and household goods",
            Some("O"),
        ),
        ("industry", "O82", "其他服务业", "Other services", Some("O")),
        ("industry", "P83", "教育", "Education", Some("P")),
        ("industry", "Q84", "卫生", "Health", Some("Q")),
        ("industry", "Q85", "社会工作", "Social work", Some("Q")),
        ("industry", "R86", "新闻和出版业", "News and publishing", Some("R")),
        ("industry", "R87", "广播、电视、电影和录音制作业", "Radio, television, film and sound recording", Some("R")),
        ("industry", "R88", "文化艺术业", "Culture and arts", Some("R")),
        ("industry", "R89", "体育", "Sports", Some("R")),
        ("industry", "R90", "娱乐业", "Entertainment", Some("R")),
        ("industry", "S91", "中国共产党机关", "Organs of the Communist Party of China", Some("S")),
        ("industry", "S92", "国家机构", "State organs", Some("S")),
        ("industry", "S93", "人民政协、民主党派", "CPPCC and democratic parties", Some("S")),
        ("industry", "S94", "社会保障", "Social security", Some("S")),
        (
            "industry",
            "S95",
            "群众团体、社会团体和其他成员组织",
            "Mass organisations, social organisations and other membership organisations",
            Some("S"),
        ),
        (
            "industry",
            "S96",
            "基层群众自治组织及其他组织",
            "Grassroots self-governing and other organisations",
            Some("S"),
        ),
        ("industry", "T97", "国际组织", "International organisations", Some("T")),
    ];
    seeds.extend([
        ("customer_type", "potential", "潜在客户", "Potential", None),
        ("customer_type", "won", "成交客户", "Won", None),
        ("customer_type", "lost", "流失客户", "Lost", None),
    ]);
    seeds.extend([
        ("grade", "S", "S 战略客户", "S Strategic", None),
        ("grade", "A", "A 重点客户", "A Key", None),
        ("grade", "B", "B 潜力客户", "B Promising", None),
        ("grade", "C", "C 普通客户", "C Regular", None),
    ]);
    seeds.extend([
        ("company_size", "lt_50", "50 人以下", "Under 50", None),
        ("company_size", "50_200", "50–200 人", "50–200", None),
        ("company_size", "200_500", "200–500 人", "200–500", None),
        ("company_size", "gt_500", "500 人以上", "Over 500", None),
    ]);
    seeds.extend([
        ("source_channel", "exhibition", "展会推广", "Trade shows", None),
        ("source_channel", "online_ads", "线上广告", "Online ads", None),
        ("source_channel", "referral", "客户转介绍", "Referrals", None),
        ("source_channel", "cold_visit", "销售陌拜", "Cold visits", None),
        ("source_channel", "website", "官网咨询", "Website enquiries", None),
        ("source_channel", "telemarketing", "电话营销", "Telemarketing", None),
        ("source_channel", "other", "其他", "Other", None),
    ]);
    seeds.extend([
        ("decision_role", "decision_maker", "决策人", "Decision maker", None),
        ("decision_role", "influencer", "影响者", "Influencer", None),
        ("decision_role", "user", "使用者", "User", None),
        ("decision_role", "purchaser", "采购者", "Purchaser", None),
    ]);
    seeds.extend([
        ("sales_stage", "initial_contact", "初步接洽", "Initial contact", None),
        ("sales_stage", "needs_confirmed", "需求确认", "Needs confirmed", None),
        ("sales_stage", "proposal", "方案提交", "Proposal submitted", None),
        ("sales_stage", "negotiation", "商务谈判", "Negotiation", None),
        ("sales_stage", "won", "成交", "Won", None),
        ("sales_stage", "renewal", "续约沟通", "Renewal", None),
    ]);
    seeds.extend([
        ("lifecycle_status", "new", "新客户", "New", None),
        ("lifecycle_status", "cooperating", "合作中", "Cooperating", None),
        ("lifecycle_status", "active", "活跃客户", "Active", None),
        ("lifecycle_status", "silent", "沉默客户", "Silent", None),
    ]);
    seeds.extend([
        ("contact_status", "active", "在职", "Employed", None),
        ("contact_status", "left", "已离职", "Left", None),
    ]);
    seeds.extend([
        ("tag", "high_potential", "高潜力客户", "High potential", None),
        ("tag", "long_cycle", "决策周期长", "Long decision cycle", None),
        ("tag", "price_sensitive", "价格敏感", "Price-sensitive", None),
        ("tag", "churn_risk", "流失预警客户", "Churn risk", None),
    ]);
    seeds.extend([
        ("followup_type", "phone", "电话", "Phone call", None),
        ("followup_type", "visit", "拜访", "Visit", None),
        ("followup_type", "email", "邮件", "E-mail", None),
        ("followup_type", "online_meeting", "线上会议", "Online meeting", None),
        ("followup_type", "customer_event", "客户活动", "Customer event", None),
        ("followup_type", "holiday_care", "节日关怀", "Holiday greetings", None),
    ]);
    seeds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_industry_list_has_the_twenty_sections_and_ninety_seven_divisions_of_gb_t_4754_2017() {
        let industries: Vec<Seed> = seeds().into_iter().filter(|s| s.0 == "industry").collect();
        assert_eq!(industries.iter().filter(|s| s.4.is_none()).count(), 20);
        assert_eq!(industries.iter().filter(|s| s.4.is_some()).count(), 97);
        assert!(industries.iter().any(|s| s.1 == "I65" && s.2 == "软件和信息技术服务业" && s.4 == Some("I")));
        assert!(industries.iter().any(|s| s.1 == "C" && s.2 == "制造业"));
    }

    #[test]
    fn the_default_sales_stages_are_in_the_documented_order() {
        let stages: Vec<&str> = seeds().into_iter().filter(|s| s.0 == "sales_stage").map(|s| s.2).collect();
        assert_eq!(stages, ["初步接洽", "需求确认", "方案提交", "商务谈判", "成交", "续约沟通"]);
    }

    #[test]
    fn codes_are_unique_within_each_kind() {
        let mut keys: Vec<(&str, &str)> = seeds().into_iter().map(|s| (s.0, s.1)).collect();
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count);
    }
}
