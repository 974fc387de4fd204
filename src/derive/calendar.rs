//! Month grids of the archive calendar.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::Month;

/// Month grids for every month that has at least one briefing.
pub fn calendar(dates: &[NaiveDate]) -> Vec<Month> {
    let mut months: BTreeMap<(i32, u32), Vec<u32>> = BTreeMap::new();
    for d in dates {
        months
            .entry((d.year(), d.month()))
            .or_default()
            .push(d.day());
    }
    months
        .into_iter()
        .filter_map(|((year, month), briefing_days)| {
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let length = days_in_month(year, month);
            let offset = first.weekday().num_days_from_monday() as usize;
            let mut weeks = Vec::new();
            let mut week = [None; 7];
            for day in 1..=length {
                let slot = (offset + day as usize - 1) % 7;
                week[slot] = Some(day);
                if slot == 6 {
                    weeks.push(week);
                    week = [None; 7];
                }
            }
            if week.iter().any(Option::is_some) {
                weeks.push(week);
            }
            Some(Month {
                year,
                month,
                weeks,
                briefing_days,
            })
        })
        .collect()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn august_2025_starts_on_a_friday() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 9).unwrap();
        let months = calendar(&[d]);
        assert_eq!(months.len(), 1);
        let m = &months[0];
        assert_eq!(
            m.weeks[0],
            [None, None, None, None, Some(1), Some(2), Some(3)]
        );
        assert_eq!(m.weeks.last().unwrap()[6], Some(31));
        assert_eq!(m.briefing_days, vec![9]);
    }
}
