/// Finds a digest's full date. Hugging Face prints dates of the page's own year without the
/// year and earlier years with it, so the year follows from the entries when nothing pins it.
///
/// In order: `digest_dates` in the config; a `YYYY-MM-DD` prefix of the file name; inference
/// from the header's month and day and the entries' dates.
enum DigestDating {
    struct Result {
        var date: Day?
        var source: DigestDateSource
        var diagnostics: [Diagnostic] = []
    }

    static func date(path: String, fileName: String, headerDate: MonthDay?, headerLine: Int?, entries: [DigestEntry],
                     pinned: Day?) -> Result {
        let location = SourceLocation(path: path, line: headerLine)
        if let pinned {
            var result = Result(date: pinned, source: .config)
            if let headerDate, headerDate != MonthDay(month: pinned.month, day: pinned.day) {
                result.diagnostics.append(.warning(location, "digest_dates pins \(pinned) but the digest's header says \(headerDate); using \(pinned)"))
            }
            return result
        }
        if let fromName = Day(iso: fileName.prefix(10)) {
            var result = Result(date: fromName, source: .fileName)
            if let headerDate, headerDate != MonthDay(month: fromName.month, day: fromName.day) {
                result.diagnostics.append(.warning(location, "the file name says \(fromName) but the digest's header says \(headerDate); using \(fromName)"))
            }
            return result
        }
        guard let headerDate else { return Result(date: nil, source: .unknown) }
        return infer(headerDate: headerDate, entries: entries, location: location)
    }

    static func infer(headerDate: MonthDay, entries: [DigestEntry], location: SourceLocation) -> Result {
        let explicit = entries.compactMap { entry -> Day? in
            guard let date = entry.date, let year = date.year else { return nil }
            return date.monthDay.inYear(year)
        }
        let hasYearless = entries.contains { $0.date != nil && $0.date?.year == nil }
        let undatable = Result(date: nil, source: .unknown, diagnostics: [
            .warning(location, "the year of this digest (\(headerDate)) cannot be known: \(hasYearless ? "its entries print no year" : "no entry has a date"); pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"),
        ])
        guard let latest = explicit.max() else { return undatable }
        if hasYearless {
            // Entries of the page's own year print no year, so that year follows the latest printed one.
            let year = latest.year + 1
            guard let date = headerDate.inYear(year) else { return undatable }
            return Result(date: date, source: .inferred(reason: "the year after \(latest.year), the latest year its entries print, since some entries print none"))
        }
        for year in latest.year...(latest.year + 4) {
            if let date = headerDate.inYear(year), date >= latest {
                return Result(date: date, source: .inferred(reason: "the first year that puts \(headerDate) on or after its latest entry, \(latest)"))
            }
        }
        return undatable
    }
}
