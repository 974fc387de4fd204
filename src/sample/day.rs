//! The synthetic days: a small simulation of 34 provinces moving towards XANH, written as the
//! YAML staff would type.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::rng::Rng;
use super::{CORRECTION_EVERY, briefing_dates};
use crate::vn;

/// A file of the sample archive, relative to `content/`.
pub struct SampleFile {
    /// "2024/01/02.yaml" or "2024/01/02.2.yaml".
    pub path: String,
    /// The YAML.
    pub text: String,
}

const PROVINCES: &[&str] = &[
    "Lai Châu",
    "Lào Cai",
    "Tuyên Quang",
    "Cao Bằng",
    "Điện Biên",
    "Sơn La",
    "Phú Thọ",
    "Thái Nguyên",
    "Lạng Sơn",
    "TP. Hà Nội",
    "Bắc Ninh",
    "Quảng Ninh",
    "Ninh Bình",
    "Hưng Yên",
    "TP. Hải Phòng",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "TP. Huế",
    "TP. Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Tây Ninh",
    "TP. Hồ Chí Minh",
    "Đồng Nai",
    "An Giang",
    "Đồng Tháp",
    "Vĩnh Long",
    "TP. Cần Thơ",
    "Cà Mau",
];

const TASKS: &[&str] = &[
    "Hoàn thành kết nối hệ thống một cửa điện tử với Cổng Dịch vụ công quốc gia",
    "Công bố danh mục thủ tục hành chính thực hiện trực tuyến toàn trình",
    "Bố trí nhân sự hỗ trợ tại Trung tâm Phục vụ hành chính công cấp xã",
    "Triển khai hệ thống họp trực tuyến đến cấp xã",
    "Cấp chữ ký số công vụ cho cán bộ cấp xã",
    "Rà soát, làm sạch dữ liệu dân cư phục vụ giải quyết thủ tục",
];

const OBSTACLES: &[&str] = &[
    "Hệ thống phần mềm một cửa bị lỗi",
    "Đường truyền chậm, mất kết nối",
    "Thiếu thiết bị đầu cuối tại bộ phận một cửa",
    "Chưa được cấp tài khoản trên hệ thống",
    "Cán bộ chưa thành thạo quy trình mới",
];

const TASK_TOTAL: i64 = 17;

struct Province {
    communes: i64,
    green: i64,
    yellow: i64,
    done: i64,
    direct: i64,
    online: i64,
    green_pct: f64,
}

/// Every day file (and correction) of an archive of `count` briefings.
pub fn days(count: usize) -> Vec<SampleFile> {
    let mut rng = Rng::new(0x0da7_b01e_f000_0002);
    let mut provinces: Vec<Province> = PROVINCES
        .iter()
        .map(|_| {
            let communes = 40 + rng.below(130) as i64;
            let green = rng.below(communes as u64 / 4) as i64;
            let yellow = (communes - green) / 2;
            Province {
                communes,
                green,
                yellow,
                done: 8 + rng.below(6) as i64,
                direct: 0,
                online: 0,
                green_pct: pct(green, communes),
            }
        })
        .collect();
    let mut overdue: Vec<(usize, usize)> = (0..6)
        .map(|i| (i % TASKS.len(), (i * 7) % PROVINCES.len()))
        .collect();
    let mut files = Vec::new();
    for (index, date) in briefing_dates(count).into_iter().enumerate() {
        let previous_pct: Vec<f64> = provinces.iter().map(|p| p.green_pct).collect();
        step(&mut provinces, &mut rng);
        step_overdue(&mut overdue, &mut rng);
        let obstacles: Vec<(usize, usize)> = (0..4)
            .map(|_| {
                (
                    rng.below(PROVINCES.len() as u64) as usize,
                    rng.below(OBSTACLES.len() as u64) as usize,
                )
            })
            .collect();
        let text = day_text(
            date,
            index,
            &provinces,
            &previous_pct,
            &overdue,
            &obstacles,
            None,
        );
        files.push(SampleFile {
            path: format!("{}.yaml", date.format("%Y/%m/%d")),
            text,
        });
        if index % CORRECTION_EVERY == CORRECTION_EVERY - 1 {
            // The correction fixes one province's online-dossier count and says so.
            let fixed = index % PROVINCES.len();
            let note = format!("sửa số hồ sơ trực tuyến của {}", PROVINCES[fixed]);
            let text = day_text(
                date,
                index,
                &provinces,
                &previous_pct,
                &overdue,
                &obstacles,
                Some((fixed, note)),
            );
            files.push(SampleFile {
                path: format!("{}.2.yaml", date.format("%Y/%m/%d")),
                text,
            });
        }
    }
    files
}

fn pct(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 10000.0 / whole as f64).round() / 100.0
    }
}

/// One day of progress: communes turn VÀNG → XANH and ĐỎ → VÀNG, sometimes back.
fn step(provinces: &mut [Province], rng: &mut Rng) {
    for p in provinces.iter_mut() {
        let red = p.communes - p.green - p.yellow;
        let up = rng.below(p.yellow as u64 / 8 + 2) as i64;
        let fixed = rng.below(red as u64 / 6 + 2) as i64;
        p.green += up.min(p.yellow);
        p.yellow += fixed.min(red) - up.min(p.yellow);
        if rng.chance(8) && p.green > 0 {
            p.green -= 1;
            p.yellow += 1;
        }
        if rng.chance(12) && p.done < TASK_TOTAL {
            p.done += 1;
        } else if rng.chance(2) && p.done > 8 {
            p.done -= 1;
        }
        p.direct = 200 + rng.below(900) as i64;
        p.online = (p.direct as f64 * (0.5 + p.green as f64 / p.communes as f64)) as i64
            + rng.below(50) as i64;
        p.green_pct = pct(p.green, p.communes);
    }
}

/// Overdue tasks: some close, some open.
fn step_overdue(overdue: &mut Vec<(usize, usize)>, rng: &mut Rng) {
    if !overdue.is_empty() && rng.chance(20) {
        let i = rng.below(overdue.len() as u64) as usize;
        overdue.remove(i);
    }
    if overdue.len() < 12 && rng.chance(22) {
        let task = (
            rng.below(TASKS.len() as u64) as usize,
            rng.below(PROVINCES.len() as u64) as usize,
        );
        if !overdue.contains(&task) {
            overdue.push(task);
        }
    }
}

fn status(done: i64) -> &'static str {
    match done {
        TASK_TOTAL => "XANH",
        d if d >= 13 => "VÀNG",
        _ => "ĐỎ",
    }
}

#[allow(clippy::too_many_arguments)]
fn day_text(
    date: NaiveDate,
    index: usize,
    provinces: &[Province],
    previous_pct: &[f64],
    overdue: &[(usize, usize)],
    obstacles: &[(usize, usize)],
    correction: Option<(usize, String)>,
) -> String {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# DỮ LIỆU MẪU — written by `daybrief sample`; not a real briefing."
    );
    let _ = writeln!(y, "date: {}", date.format("%Y-%m-%d"));
    if let Some((_, note)) = &correction {
        let next = date.succ_opt().unwrap_or(date);
        let _ = writeln!(y, "published: {} 09:00", next.format("%Y-%m-%d"));
        let _ = writeln!(y, "correction: \"{note}\"");
    }
    let _ = writeln!(y, "number: \"{}-BCMAU\"", index + 1);
    let _ = writeln!(y, "title: \"Về tình hình triển khai (DỮ LIỆU MẪU)\"");
    let _ = writeln!(y, "data_time: \"16h00\"");
    let _ = writeln!(y, "recipients: [\"Các đồng chí lãnh đạo (dữ liệu mẫu)\"]");
    let _ = writeln!(
        y,
        "intro: |\n  Báo cáo mẫu ngày {}, {{{{ changes.label }}}}. Số liệu là dữ liệu mẫu để trình diễn.",
        vn::date(date)
    );
    y.push_str(concat!(
        "sections:\n",
        "  - number: \"I.\"\n",
        "    title: \"TỔNG QUAN TIẾN ĐỘ\"\n",
        "    charts: [ban_do_nhiet, trang_thai_tinh]\n",
        "    body: |\n",
        "      **{{ tables.tien_do_tinh.status_count.XANH | default(value=0) }}/{{ tables.tien_do_tinh.count }}** tỉnh, thành phố đạt trạng thái **XANH**; ",
        "**{{ tables.phu_xanh_xa.sum.xanh | vn_number }}/{{ tables.phu_xanh_xa.sum.so_xa | vn_number }}** xã phủ XANH (Phụ lục 3).\n",
        "    sections:\n",
        "      - number: \"1.\"\n",
        "        title: \"Điểm khác {{ changes.label }}\"\n",
        "        body: |\n",
        "          {% if changes.previous %}Số xã XANH thay đổi {{ changes.tables.phu_xanh_xa.sums.xanh.delta | vn_number }}; ",
        "{{ changes.status_shifts | length }} tỉnh, thành phố thay đổi trạng thái.{% else %}Đây là báo cáo đầu tiên của lưu trữ.{% endif %}\n",
        "      - number: \"2.\"\n",
        "        title: \"Phủ XANH theo tỉnh\"\n",
        "        charts: [phu_xanh_xa, xu_huong_phu_xanh]\n",
        "closing: \"Kính báo cáo (dữ liệu mẫu).\"\n",
        "distribution: [\"Lưu: VT (dữ liệu mẫu)\"]\n",
        "signature: { authority: \"T/L CƠ QUAN MẪU\", position: \"TRƯỞNG BỘ PHẬN\", name: \"Nguyễn Văn Mẫu\" }\n",
        "tables:\n",
        "  tien_do_tinh:\n    rows:\n",
    ));
    for (i, (name, p)) in PROVINCES.iter().zip(provinces).enumerate() {
        let _ = writeln!(
            y,
            "      - [{}, \"{name}\", \"{}/{TASK_TOTAL}\", \"{}\"]",
            i + 1,
            p.done,
            status(p.done)
        );
    }
    y.push_str("  phu_xanh_xa:\n    rows:\n");
    for (i, ((name, p), before)) in PROVINCES
        .iter()
        .zip(provinces)
        .zip(previous_pct)
        .enumerate()
    {
        let red = p.communes - p.green - p.yellow;
        let change = if index == 0 {
            0.0
        } else {
            p.green_pct - before
        };
        let _ = writeln!(
            y,
            "      - [{}, \"{name}\", {}, {}, {}, {red}, \"{}\", \"{}\"]",
            i + 1,
            p.communes,
            p.green,
            p.yellow,
            vn::decimal(p.green_pct, 2),
            vn::decimal(change, 2)
        );
    }
    y.push_str("  ho_so_truc_tuyen:\n    rows:\n");
    for (i, (name, p)) in PROVINCES.iter().zip(provinces).enumerate() {
        let online = match &correction {
            Some((fixed, _)) if *fixed == i => p.online + 10,
            _ => p.online,
        };
        let total = p.direct + online;
        let _ = writeln!(
            y,
            "      - [{}, \"{name}\", {}, {online}, {total}, \"{}%\"]",
            i + 1,
            p.direct,
            vn::decimal(pct(online, total), 2)
        );
    }
    y.push_str(if overdue.is_empty() {
        "  nhiem_vu_qua_han:\n    rows: []\n"
    } else {
        "  nhiem_vu_qua_han:\n    rows:\n"
    });
    for (i, (task, unit)) in overdue.iter().enumerate() {
        let _ = writeln!(
            y,
            "      - [{}, \"{}\", \"UBND {}\"]",
            i + 1,
            TASKS[*task],
            PROVINCES[*unit]
        );
    }
    y.push_str("  vuong_mac_xa:\n    rows:\n");
    for (i, (province, obstacle)) in obstacles.iter().enumerate() {
        let _ = writeln!(
            y,
            "      - [{}, \"{}\", \"{}\"]",
            i + 1,
            PROVINCES[*province],
            OBSTACLES[*obstacle]
        );
    }
    y
}
