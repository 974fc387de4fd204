//! Build progress, reported through a trait so that the library draws nothing itself: the
//! command line turns it into a terminal progress bar, everything else passes [`Silent`].

/// A step of the build pipeline, in the order the build runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing content, templates and theme.
    Load,
    /// Checking tables, charts and references.
    Check,
    /// Table summaries, previous/next days, calendar.
    Derive,
    /// Rendering the days that changed, with their charts, each written as soon as it is made
    /// (when building).
    Render,
    /// The entities' histories and the charts of their pages, which only the site-wide pages
    /// read: worked out once the changed days are rendered (`serve` shows those first).
    Chart,
    /// Rendering the site-wide pages (home, archive, entities, search, feed, manifest).
    SiteWide,
    /// Writing the site-wide pages and swapping the new site in.
    Publish,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 7] = [
        Stage::Load,
        Stage::Check,
        Stage::Derive,
        Stage::Render,
        Stage::Chart,
        Stage::SiteWide,
        Stage::Publish,
    ];

    /// 1-based position among [`Stage::ALL`].
    pub fn number(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    /// What the stage is doing, for a status line.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Load => "reading content",
            Stage::Check => "checking",
            Stage::Derive => "deriving figures",
            Stage::Render => "rendering days",
            Stage::Chart => "drawing entity charts",
            Stage::SiteWide => "rendering site-wide pages",
            Stage::Publish => "publishing the site",
        }
    }
}

/// Receives progress from a build. `Sync` because stages may work on several threads.
pub trait Progress: Sync {
    /// `stage` starts; `days` is the number of days in the archive (0 before it is known).
    fn stage(&self, stage: Stage, days: usize);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _stage: Stage, _days: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_numbered_in_pipeline_order() {
        let numbers: Vec<usize> = Stage::ALL.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(Stage::Publish.number(), Stage::ALL.len());
    }
}
