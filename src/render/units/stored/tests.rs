use super::*;

fn unit(key: &str, block: &str) -> UnitRecord {
    UnitRecord {
        key: key.into(),
        files: Vec::new(),
        search: SearchEntries::made(vec![PageEntries {
            page: 0,
            entries: vec![Entry {
                anchor: "".into(),
                title: "Tình hình".into(),
                blocks: vec![block.into()],
            }],
        }]),
        printed: BTreeMap::new(),
        moved: Default::default(),
    }
}

/// A sealed state file of one block, filed under `year`: a unit at `folder` whose search
/// entries are stored as those of a unit at `search_folder`.
fn one_block(year: &str, folder: &str, search_folder: &str) -> Vec<u8> {
    let record = unit("b", "đầu năm");
    let search = year_section(&[(search_folder, &record)], Vec::new()).unwrap_or_default();
    let units = units_block(&[(folder, &record)], Vec::new()).unwrap_or_default();
    let header = Header {
        year_files: YearFiles::new(),
        years: vec![(year.into(), units.len() as u64, search.len() as u64)],
    };
    let header = postcard::to_allocvec(&header).unwrap_or_default();
    let length = (header.len() as u64).to_le_bytes();
    crate::sealed::seal(
        STATE_MAGIC,
        &[&units, &search, &header, &length[..]].concat(),
    )
}

fn section_of(state: &BuildState, folder: &str) -> Arc<Section> {
    match &state.units[folder].search.0 {
        Source::Stored { section, .. } => Arc::clone(section),
        Source::Made(_) => panic!("{folder} was not read from a state"),
    }
}

/// Equal texts of two days end up as one allocation, and the entries read the same.
#[test]
fn shared_texts_are_held_once() {
    let mut shared = rustc_hash::FxHashSet::default();
    let first = unit("a", "Tình hình chung").search.sharing(&mut shared);
    let second = unit("b", "Tình hình chung").search.sharing(&mut shared);
    assert_eq!(first, unit("a", "Tình hình chung").search);
    let text = |entries: &SearchEntries| match entries.pages() {
        Ok(pages) => Arc::clone(&pages[0].entries[0].blocks[0]),
        Err(e) => panic!("{e}"),
    };
    assert!(Arc::ptr_eq(&text(&first), &text(&second)));
    assert_eq!(shared.len(), 3, "{shared:?}");
}

/// Adding a day to 2025 writes 2024's block back as it was read, without decoding its
/// search entries.
#[test]
fn a_year_whose_units_did_not_change_is_written_back_undecoded() {
    let state = BuildState {
        units: BTreeMap::from([
            ("2024/12/31/".into(), Arc::new(unit("a", "cuối năm"))),
            ("2025/01/02/".into(), Arc::new(unit("b", "đầu năm"))),
        ]),
        year_files: YearFiles::new(),
    };
    let written = state.to_bytes(None).unwrap_or_else(|e| panic!("{e}"));
    let before = BuildState::from_bytes(written).expect("reads back");
    let mut read = before.clone();
    let last_year = section_of(&read, "2024/12/31/");
    assert!(last_year.decoded.get().is_none());
    (read.units).insert("2025/01/03/".into(), Arc::new(unit("c", "ngày mới")));
    let again = read
        .to_bytes(Some(&before))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(last_year.decoded.get().is_none(), "2024 was decoded");
    assert!(section_of(&read, "2025/01/02/").decoded.get().is_some());

    let reread = BuildState::from_bytes(again).expect("reads back");
    assert_eq!(reread, read);
    let block = |section: &Section| {
        let read = |block| section.origin.read(block).map(|b| b.to_vec());
        (read(&section.units), read(&section.search))
    };
    assert_eq!(
        block(&section_of(&reread, "2024/12/31/")),
        block(&last_year)
    );
    assert_eq!(
        reread.units["2025/01/03/"].search,
        unit("c", "ngày mới").search
    );
}

/// A unit kept with its search entries but another record (a PDF file added) makes its
/// year's units written anew, not copied from the state it was read from.
#[test]
fn a_year_whose_records_changed_is_written_anew() {
    let state = BuildState {
        units: BTreeMap::from([("2024/12/31/".into(), Arc::new(unit("a", "cuối năm")))]),
        year_files: YearFiles::new(),
    };
    let written = state.to_bytes(None).unwrap_or_else(|e| panic!("{e}"));
    let before = BuildState::from_bytes(written).expect("reads back");
    let mut read = before.clone();
    if let Some(unit) = read.units.get_mut("2024/12/31/") {
        Arc::make_mut(unit)
            .printed
            .insert("bao-cao.pdf".into(), "khóa".into());
    }
    let again = read
        .to_bytes(Some(&before))
        .unwrap_or_else(|e| panic!("{e}"));
    let reread = BuildState::from_bytes(again).expect("reads back");
    assert_eq!(reread, read);
    assert_eq!(
        reread.units["2024/12/31/"].printed,
        BTreeMap::from([("bao-cao.pdf".to_owned(), "khóa".to_owned())])
    );
}

/// A year's search entries that are not its units' are refused when read, not shown as
/// empty.
#[test]
fn a_section_that_does_not_match_its_header_is_an_error() {
    let sealed = one_block("2025", "2025/01/05/", "2025/01/02/");
    let read = BuildState::from_bytes(sealed).expect("reads back");
    let message = match read.units["2025/01/05/"].search.pages() {
        Err(e) => e.to_string(),
        Ok(pages) => panic!("read {pages:?}"),
    };
    assert_eq!(
        message,
        "internal error: the search entries of 2025 in the build state cannot be read (its units are not those of the header); delete `.daybrief-state.bin` in the site and build again"
    );
}

/// A unit stored under another year's block is refused: the state is not read.
#[test]
fn a_unit_in_another_years_block_is_refused() {
    let sealed = one_block("2025", "2024/01/02/", "2024/01/02/");
    assert_eq!(BuildState::from_bytes(sealed), None);
}

/// A state read from its file copies an unchanged year's blocks from that file, unread. The
/// file changed after it was read leaves a next state that is not read, and the year's search
/// entries are refused, never read as changed.
#[test]
fn a_state_read_from_its_file_copies_unchanged_years_from_it() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = folder.path().join("state.bin");
    let state = BuildState {
        units: BTreeMap::from([
            ("2024/12/31/".into(), Arc::new(unit("a", "cuối năm"))),
            ("2025/01/02/".into(), Arc::new(unit("b", "đầu năm"))),
        ]),
        year_files: YearFiles::new(),
    };
    let bytes = state.to_bytes(None).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(BuildState::read(&path).as_ref(), Some(&state));
    let before = BuildState::read(&path).expect("reads back");
    let mut next = before.clone();
    (next.units).insert("2025/01/03/".into(), Arc::new(unit("c", "ngày mới")));
    let write = |name: &str| {
        let pieces = next
            .to_pieces(Some(&before))
            .unwrap_or_else(|e| panic!("{e}"));
        // The seal, then 2024's units and search entries, copied from the file.
        assert!(matches!(pieces[1], Piece::Copied { .. }), "2024's units");
        assert!(
            matches!(pieces[2], Piece::Copied { .. }),
            "2024's search entries"
        );
        let written = folder.path().join(name);
        crate::fsutil::write_pieces(&written, &pieces).unwrap_or_else(|e| panic!("{e}"));
        BuildState::read(&written)
    };
    assert_eq!(write("next.bin").as_ref(), Some(&next));

    // Read again, its search entries not decoded yet, then changed in place.
    let before = BuildState::read(&path).expect("reads back");
    let search = section_of(&before, "2024/12/31/").search.range.clone();
    let mut changed = bytes.clone();
    changed[search.start] ^= 1;
    std::fs::write(&path, &changed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(write("after-a-change.bin"), None);
    let message = match before.units["2024/12/31/"].search.pages() {
        Err(e) => e.to_string(),
        Ok(pages) => panic!("read {pages:?}"),
    };
    assert!(
        message.contains("(the file changed since it was read)"),
        "{message}"
    );
}
