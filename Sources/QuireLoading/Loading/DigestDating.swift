import QuireCore

/// Finds a text digest's full date. Hugging Face prints dates of the page's own year without the
/// year and earlier years with it, so the year follows from the papers' dates when nothing pins it.
///
/// In order: `digest_dates` in the config; a `YYYY-MM-DD` prefix of the file name; inference
/// from the header's month and day and the dates its papers have anywhere in the site. Pinned
/// dates are found as each file is read (`pinnedDate`); inference needs every file (`dateSite`).
enum DigestDating {
    struct Result {
        var date: Day?
        var source: DigestDateSource
        var diagnostics: [Diagnostic] = []
    }

    /// The date the configuration or the file name pins, with a warning when the header disagrees;
    /// nil when neither pins one.
    static func pinnedDate(path: String, fileName: String, headerDate: MonthDay?, headerLine: Int?, pinned: Day?)
        -> Result?
    {
        let location = SourceLocation(path: path, line: headerLine)
        if let pinned {
            var result = Result(date: pinned, source: .config)
            if let headerDate, headerDate != MonthDay(month: pinned.month, day: pinned.day) {
                result.diagnostics.append(
                    .warning(
                        location,
                        "digest_dates pins \(pinned) but the digest's header says \(headerDate); using \(pinned)"))
            }
            return result
        }
        if let fromName = Day(iso: fileName.prefix(10)) {
            var result = Result(date: fromName, source: .fileName)
            if let headerDate, headerDate != MonthDay(month: fromName.month, day: fromName.day) {
                result.diagnostics.append(
                    .warning(
                        location,
                        "the file name says \(fromName) but the digest's header says \(headerDate); using \(fromName)"))
            }
            return result
        }
        return nil
    }

    /// Dates every text digest nothing pinned, from its header and the latest date any of its
    /// papers has anywhere in the site, then dates its entries that print no year. Only dates
    /// that stand on their own count as evidence (a printed year, a structured source's date, a
    /// pinned digest's year), so that no inferred year props up another.
    static func dateSite(_ digests: inout [DigestLoader.LoadedDigest]) {
        var latestByKey: [String: Day] = [:]
        for digest in digests {
            let digestIsPinned = digest.date != nil
            for entry in digest.entries where !entry.key.isEmpty {
                let evidence =
                    digest.format == .hfText
                    ? entry.printed?.resolved(digestYear: digestIsPinned ? digest.date?.year : nil) : entry.date
                if let evidence, latestByKey[entry.key].map({ evidence > $0 }) ?? true {
                    latestByKey[entry.key] = evidence
                }
            }
        }
        for index in digests.indices where digests[index].format == .hfText && !digests[index].entries.isEmpty {
            if digests[index].date == nil, let headerDate = digests[index].headerDate {
                let siteLatest = digests[index].entries.compactMap { latestByKey[$0.key] }.max()
                let result = infer(
                    headerDate: headerDate, entries: digests[index].entries, siteLatest: siteLatest,
                    location: SourceLocation(path: digests[index].source.path, line: digests[index].headerLine))
                digests[index].date = result.date
                digests[index].dateSource = result.source
                digests[index].diagnostics += result.diagnostics
            }
            resolveEntryDates(&digests[index])
        }
    }

    static func infer(
        headerDate: MonthDay, entries: [DigestLoader.NormalizedEntry], siteLatest: Day?, location: SourceLocation
    ) -> Result {
        let explicit = entries.compactMap { entry -> Day? in
            guard let printed = entry.printed, let year = printed.year else { return nil }
            return printed.monthDay.inYear(year)
        }
        let hasYearless = entries.contains { $0.printed != nil && $0.printed?.year == nil }
        let ownLatest = explicit.max()
        let undatable = Result(
            date: nil, source: .unknown,
            diagnostics: [
                .warning(
                    location,
                    "the year of this digest (\(headerDate)) cannot be known: \(hasYearless ? "its entries print no year" : "no entry has a date"), and none of its papers has a date elsewhere in the site; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"
                )
            ])
        guard let latest = [ownLatest, siteLatest].compactMap({ $0 }).max() else { return undatable }
        // Entries of the page's own year print no year, so that year follows the latest printed one.
        let firstYear = hasYearless && ownLatest != nil ? ownLatest!.year + 1 : latest.year
        for year in firstYear...(max(firstYear, latest.year) + 4) {
            guard let date = headerDate.inYear(year), date >= latest else { continue }
            let reason: String
            if hasYearless, let ownLatest, latest == ownLatest, year == ownLatest.year + 1 {
                reason =
                    "the year after \(ownLatest.year), the latest year its entries print, since some entries print none"
            } else if latest == ownLatest {
                reason = "the first year that puts \(headerDate) on or after its latest entry, \(latest)"
            } else {
                reason =
                    "the first year that puts \(headerDate) on or after the latest date its papers have in the site, \(latest)"
            }
            return Result(date: date, source: .inferred(reason: reason))
        }
        return undatable
    }

    /// Gives the digest's entries their full dates, taking the digest's year for those that print
    /// none; reports dates that do not exist in that year and dates after the digest's own.
    static func resolveEntryDates(_ digest: inout DigestLoader.LoadedDigest) {
        let path = digest.source.path
        for index in digest.entries.indices {
            guard let printed = digest.entries[index].printed else { continue }
            let line = SourceLocation(path: path, line: digest.entries[index].dateLine)
            let date = printed.resolved(digestYear: digest.date?.year)
            if date == nil, printed.year == nil, let year = digest.date?.year {
                digest.diagnostics.append(
                    .warning(line, "'\(printed.monthDay)' does not exist in \(year); the entry is undated"))
            }
            if let date, let digestDate = digest.date, date > digestDate {
                digest.diagnostics.append(
                    .warning(line, "entry dated \(date), after the digest's own date \(digestDate)"))
            }
            digest.entries[index].date = date
        }
    }
}
