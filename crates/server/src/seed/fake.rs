//! Realistic-looking Chinese company data for the demo and the benchmark: company names, people,
//! mobiles and landlines, addresses and valid unified social credit codes. Deterministic for a given
//! seed, so two runs produce the same data.

use crm_domain::uscc;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

/// A city: province, city, landline area code, administrative division prefix, districts, roads.
struct City {
    province: &'static str,
    name: &'static str,
    area_code: &'static str,
    division: &'static str,
    districts: &'static [&'static str],
}

const CITIES: &[City] = &[
    City {
        province: "浙江省",
        name: "杭州市",
        area_code: "0571",
        division: "330106",
        districts: &["西湖区", "滨江区", "余杭区", "拱墅区", "上城区", "萧山区"],
    },
    City {
        province: "浙江省",
        name: "宁波市",
        area_code: "0574",
        division: "330212",
        districts: &["鄞州区", "海曙区", "江北区", "北仑区"],
    },
    City {
        province: "浙江省",
        name: "温州市",
        area_code: "0577",
        division: "330302",
        districts: &["鹿城区", "龙湾区", "瓯海区"],
    },
    City {
        province: "江苏省",
        name: "南京市",
        area_code: "025",
        division: "320104",
        districts: &["秦淮区", "鼓楼区", "建邺区", "江宁区", "栖霞区"],
    },
    City {
        province: "江苏省",
        name: "苏州市",
        area_code: "0512",
        division: "320505",
        districts: &["虎丘区", "吴中区", "姑苏区", "工业园区", "相城区"],
    },
    City {
        province: "江苏省",
        name: "无锡市",
        area_code: "0510",
        division: "320214",
        districts: &["新吴区", "梁溪区", "滨湖区", "锡山区"],
    },
    City {
        province: "上海市",
        name: "上海市",
        area_code: "021",
        division: "310115",
        districts: &["浦东新区", "徐汇区", "闵行区", "静安区", "长宁区", "嘉定区"],
    },
    City {
        province: "安徽省",
        name: "合肥市",
        area_code: "0551",
        division: "340104",
        districts: &["蜀山区", "包河区", "庐阳区", "瑶海区"],
    },
    City {
        province: "广东省",
        name: "广州市",
        area_code: "020",
        division: "440106",
        districts: &["天河区", "海珠区", "越秀区", "番禺区", "白云区"],
    },
    City {
        province: "广东省",
        name: "深圳市",
        area_code: "0755",
        division: "440305",
        districts: &["南山区", "福田区", "宝安区", "龙岗区", "罗湖区"],
    },
    City {
        province: "广东省",
        name: "东莞市",
        area_code: "0769",
        division: "441900",
        districts: &["松山湖", "长安镇", "虎门镇", "南城街道"],
    },
    City {
        province: "福建省",
        name: "厦门市",
        area_code: "0592",
        division: "350206",
        districts: &["思明区", "湖里区", "集美区"],
    },
    City {
        province: "北京市",
        name: "北京市",
        area_code: "010",
        division: "110108",
        districts: &["海淀区", "朝阳区", "东城区", "西城区", "丰台区", "大兴区"],
    },
    City {
        province: "天津市",
        name: "天津市",
        area_code: "022",
        division: "120116",
        districts: &["滨海新区", "南开区", "河西区"],
    },
    City {
        province: "山东省",
        name: "济南市",
        area_code: "0531",
        division: "370102",
        districts: &["历下区", "市中区", "槐荫区"],
    },
    City {
        province: "山东省",
        name: "青岛市",
        area_code: "0532",
        division: "370212",
        districts: &["崂山区", "市南区", "黄岛区", "城阳区"],
    },
    City {
        province: "四川省",
        name: "成都市",
        area_code: "028",
        division: "510107",
        districts: &["武侯区", "锦江区", "高新区", "青羊区", "成华区"],
    },
    City {
        province: "重庆市",
        name: "重庆市",
        area_code: "023",
        division: "500105",
        districts: &["渝北区", "江北区", "九龙坡区", "南岸区"],
    },
    City {
        province: "湖北省",
        name: "武汉市",
        area_code: "027",
        division: "420111",
        districts: &["洪山区", "江汉区", "武昌区", "东湖高新区"],
    },
    City {
        province: "湖南省",
        name: "长沙市",
        area_code: "0731",
        division: "430104",
        districts: &["岳麓区", "天心区", "开福区", "雨花区"],
    },
    City {
        province: "河南省",
        name: "郑州市",
        area_code: "0371",
        division: "410105",
        districts: &["金水区", "二七区", "郑东新区"],
    },
    City {
        province: "陕西省",
        name: "西安市",
        area_code: "029",
        division: "610113",
        districts: &["雁塔区", "碑林区", "未央区", "高新区"],
    },
];

const ROADS: &[&str] = &[
    "文三路",
    "学院路",
    "人民路",
    "中山路",
    "解放路",
    "建设路",
    "科技路",
    "创新大道",
    "长江路",
    "黄河路",
    "世纪大道",
    "滨江大道",
    "东方路",
    "南京路",
    "延安路",
    "和平路",
    "新华路",
    "高新大道",
    "天府大道",
    "江南大道",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段",
    "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "欧阳", "司马", "诸葛",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂", "英", "华", "建", "国", "文", "辉", "鹏", "宇", "浩", "婷", "雪", "琳", "晨", "欣", "佳", "俊",
    "峰", "博", "瑞", "凯", "志", "斌", "慧", "颖", "倩", "晓", "海", "波", "丹", "萍", "红", "亮", "子", "梓", "涵",
    "轩", "睿", "思", "雨", "嘉", "一", "天", "泽", "昊", "铭", "悦", "彤", "可", "鑫", "诚",
];

const TRADE: &[&str] = &[
    "恒", "信", "达", "华", "鑫", "瑞", "丰", "通", "泰", "安", "盛", "源", "宏", "远", "创", "新", "智", "联", "金",
    "正", "诚", "德", "隆", "利", "嘉", "汇", "兴", "中", "天", "科", "宇", "东", "方", "明", "海", "星", "辰", "领",
    "航", "博", "卓", "越", "精", "工", "永", "昌", "易", "云", "睿", "捷", "晟", "昊", "明", "锐", "威", "腾", "驰",
    "途", "启", "凯", "龙", "凤", "和", "合", "佳", "禾", "旭", "阳", "光",
];

const LEGAL_FORMS: &[&str] = &["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司"];

const POSITIONS: &[&str] = &[
    "总经理",
    "副总经理",
    "采购经理",
    "采购专员",
    "技术总监",
    "IT 经理",
    "财务总监",
    "行政主管",
    "项目经理",
    "运营总监",
    "生产经理",
    "董事长助理",
    "信息部主任",
];

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "158",
    "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199",
];

/// Industries customers are spread over (GB/T 4754 divisions) with a business word for the name,
/// most common first.
pub const INDUSTRIES: &[(&str, &[&str])] = &[
    ("I65", &["软件", "信息技术", "数据科技", "网络科技"]),
    ("C39", &["电子", "通信设备", "智能科技", "半导体"]),
    ("F51", &["贸易", "商贸", "供应链", "进出口"]),
    ("C34", &["机械", "设备制造", "动力设备"]),
    ("C35", &["精密机械", "医疗器械", "专用设备"]),
    ("C38", &["电气", "电力设备", "新能源"]),
    ("I64", &["互联网科技", "电子商务", "网络信息"]),
    ("M74", &["工程咨询", "检测技术", "设计"]),
    ("L72", &["企业管理咨询", "商务服务", "人力资源"]),
    ("E48", &["建设工程", "市政工程", "路桥建设"]),
    ("G59", &["物流", "仓储", "供应链管理"]),
    ("C27", &["生物医药", "制药", "药业"]),
    ("C36", &["汽车零部件", "汽车配件"]),
    ("C26", &["化工", "新材料"]),
    ("F52", &["百货", "连锁超市", "商业"]),
    ("K70", &["置业", "房地产开发", "物业管理"]),
    ("H62", &["餐饮管理", "食品"]),
    ("C14", &["食品", "乳业"]),
    ("J66", &["融资租赁", "金融服务"]),
    ("P83", &["教育科技", "培训"]),
    ("Q84", &["医疗管理", "健康科技"]),
    ("C17", &["纺织", "服饰"]),
    ("C29", &["塑胶", "橡塑制品"]),
    ("C33", &["五金", "金属制品"]),
    ("R86", &["文化传媒", "广告"]),
];

/// A company address.
#[derive(Debug, Clone)]
pub struct Place {
    pub province: &'static str,
    pub city: &'static str,
    pub district: &'static str,
    pub detail: String,
    pub area_code: &'static str,
    pub division: &'static str,
}

/// The generator: a seeded random source and the word lists above.
#[derive(Debug)]
pub struct Faker {
    rng: StdRng,
}

impl Faker {
    /// A generator whose output depends only on `seed`.
    pub fn new(seed: u64) -> Self {
        Self { rng: StdRng::seed_from_u64(seed) }
    }

    /// The random source.
    pub fn rng(&mut self) -> &mut StdRng {
        &mut self.rng
    }

    /// One of `items` (the first when empty is impossible: callers pass non-empty lists).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items.choose(&mut self.rng).unwrap_or(&items[0])
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    /// A place in one of the cities.
    pub fn place(&mut self) -> Place {
        let city = CITIES.choose(&mut self.rng).unwrap_or(&CITIES[0]);
        let road = self.pick(ROADS);
        let number = self.rng.random_range(1..=999);
        let detail = if self.chance(0.5) {
            format!("{road}{number}号{}幢{}室", self.rng.random_range(1..=12), self.rng.random_range(101..=2208))
        } else {
            format!("{road}{number}号")
        };
        Place {
            province: city.province,
            city: city.name,
            district: self.pick(city.districts),
            detail,
            area_code: city.area_code,
            division: city.division,
        }
    }

    /// A person's name: a surname and one or two given characters.
    pub fn person(&mut self) -> String {
        let surname = self.pick(SURNAMES);
        if self.chance(0.7) {
            format!("{surname}{}{}", self.pick(GIVEN), self.pick(GIVEN))
        } else {
            format!("{surname}{}", self.pick(GIVEN))
        }
    }

    /// A company name such as 杭州恒信达智能科技有限公司, for an industry of [`INDUSTRIES`].
    pub fn company(&mut self, place: &Place, words: &[&str]) -> String {
        let mut trade = String::new();
        let length = if self.chance(0.35) { 3 } else { 2 };
        while trade.chars().count() < length {
            let c = self.pick(TRADE);
            if c.chars().count() == 1 && !trade.contains(c) {
                trade.push_str(c);
            }
        }
        let city = place.city.trim_end_matches('市');
        let word = self.pick(words);
        let form = self.pick(LEGAL_FORMS);
        if self.chance(0.8) { format!("{city}{trade}{word}{form}") } else { format!("{trade}{word}{form}") }
    }

    /// A position in a company.
    pub fn position(&mut self) -> &'static str {
        self.pick(POSITIONS)
    }

    /// A mainland mobile number (11 digits).
    pub fn mobile(&mut self) -> String {
        format!("{}{:08}", self.pick(MOBILE_PREFIXES), self.rng.random_range(0..100_000_000))
    }

    /// A landline in the place's area code, stored form `0571-88886666`.
    pub fn landline(&mut self, place: &Place) -> String {
        let digits = if place.area_code.len() == 3 { 8 } else { 7 + usize::from(self.chance(0.6)) };
        let first = self.rng.random_range(2..=8);
        let rest = self.rng.random_range(0..10_u32.pow(u32::try_from(digits - 1).unwrap_or(6)));
        format!("{}-{first}{rest:0width$}", place.area_code, width = digits - 1)
    }

    /// A valid unified social credit code of a company registered in the place.
    pub fn uscc(&mut self, place: &Place) -> Option<String> {
        const BODY: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        let mut code = format!("91{}", place.division);
        for _ in 0..9 {
            code.push(char::from(self.pick(BODY)));
        }
        let check = uscc::check_character(code.as_bytes())?;
        code.push(check);
        Some(code)
    }
}

#[cfg(test)]
mod tests {
    use crm_domain::{Mobile, Phone, Uscc};

    use super::*;

    #[test]
    fn generated_numbers_and_codes_pass_the_domain_validators() {
        let mut faker = Faker::new(7);
        for _ in 0..2_000 {
            let place = faker.place();
            let uscc = faker.uscc(&place).unwrap();
            assert_eq!(Uscc::parse(&uscc).unwrap().as_str(), uscc);
            let mobile = faker.mobile();
            assert_eq!(Mobile::parse(&mobile).unwrap().as_str(), mobile);
            let landline = faker.landline(&place);
            assert_eq!(Phone::parse(&landline).unwrap().as_str(), landline, "{landline}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let (mut a, mut b) = (Faker::new(1), Faker::new(1));
        let (pa, pb) = (a.place(), b.place());
        assert_eq!(a.company(&pa, &["软件"]), b.company(&pb, &["软件"]));
        assert_eq!(a.person(), b.person());
    }
}
