import QuireCore

/// Reads the RFC 3339 / ISO 8601 timestamps the APIs write (`2023-06-06T17:59:03.000Z`,
/// `2003-07-07T13:46:39-04:00`), YAML's (`2023-06-06 10:00:00 -5`) and plain dates
/// (`2023-06-06`) into the UTC day they fall on, and the UTC time of day when they give one,
/// so that sources writing the same instant in different zones agree on the paper's date.
///
/// Hand-written rather than ISO8601DateFormatter: only the day is needed, and the formatter
/// rejects the fraction-less and fraction-ful forms unless configured for exactly one of them.
enum Timestamp {
    static func utcDay(_ text: some StringProtocol) -> Day? {
        utcTime(text)?.day
    }

    /// The UTC day and, when the text has a time, the time of day (a plain date has none).
    static func utcTime(_ text: some StringProtocol) -> ListingTime? {
        let bytes = Array(text.trimmingSpaces.utf8)
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let dayOfMonth = number(bytes, 8, 2),
            let date = Day(year: year, month: month, day: dayOfMonth)
        else { return nil }
        if bytes.count == 10 { return ListingTime(day: date) }
        guard bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20, bytes.count >= 16,  // T, t or a space
            let hour = number(bytes, 11, 2), bytes[13] == 0x3A, let minute = number(bytes, 14, 2),
            hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            guard let value = number(bytes, index + 1, 2), value <= 60 else { return nil }
            second = min(value, 59)  // a leap second is kept in its minute
            index += 3
            if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x2C {
                index += 1
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index > start else { return nil }
            }
        }
        // YAML timestamps may put spaces before the zone and give its hour in one digit: `… 10:00:00 -5`.
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        var offsetMinutes = 0
        guard index < bytes.count else {  // no zone: taken as UTC
            return utc(date, seconds: (hour * 60 + minute) * 60 + second)
        }
        switch bytes[index] {
        case 0x5A, 0x7A:  // Z
            guard index + 1 == bytes.count else { return nil }
        case 0x2B, 0x2D:  // + or -
            let sign = bytes[index] == 0x2D ? -1 : 1
            if index + 2 == bytes.count, let zoneHour = number(bytes, index + 1, 1) {
                offsetMinutes = sign * zoneHour * 60
                break
            }
            guard let zoneHour = number(bytes, index + 1, 2) else { return nil }
            var zoneMinute = 0
            if index + 3 < bytes.count {
                let minuteStart = bytes[index + 3] == 0x3A ? index + 4 : index + 3
                guard let value = number(bytes, minuteStart, 2), minuteStart + 2 == bytes.count else { return nil }
                zoneMinute = value
            } else {
                guard index + 3 == bytes.count else { return nil }
            }
            guard zoneHour < 24, zoneMinute < 60 else { return nil }
            offsetMinutes = sign * (zoneHour * 60 + zoneMinute)
        default:
            return nil
        }
        return utc(date, seconds: (hour * 60 + minute - offsetMinutes) * 60 + second)
    }

    /// The calendar day an RFC 822 date names in its own zone (`Mon, 22 Sep 2025 00:00:00 -0400`
    /// is 22 September), as RSS writes `pubDate`: arXiv's announcement day is its own calendar's.
    /// The weekday is optional; a two-digit year is taken in 19xx or 20xx as RFC 2822 says.
    static func rfc822Day(_ text: some StringProtocol) -> Day? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })[...]
        if let first = words.first, first.hasSuffix(",") { words = words.dropFirst() }
        guard words.count >= 3, let dayOfMonth = Int(words[words.startIndex]),
            let month = MonthNames.number(ofShortName: words[words.startIndex + 1]),
            case let yearText = words[words.startIndex + 2], yearText.allSatisfy(\.isASCIIDigit),
            var year = Int(yearText)
        else { return nil }
        switch yearText.count {
        case 2: year += year < 50 ? 2000 : 1900
        case 4: break
        default: return nil
        }
        return Day(year: year, month: month, day: dayOfMonth)
    }

    /// A local day and a time of day shifted by a zone offset, brought back into one UTC day.
    private static func utc(_ date: Day, seconds: Int) -> ListingTime? {
        let secondsPerDay = 24 * 60 * 60
        if seconds < 0 {
            return date.adding(days: -1).map { ListingTime(day: $0, secondsOfDay: seconds + secondsPerDay) }
        }
        if seconds >= secondsPerDay {
            return date.adding(days: 1).map { ListingTime(day: $0, secondsOfDay: seconds - secondsPerDay) }
        }
        return ListingTime(day: date, secondsOfDay: seconds)
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}

extension Day {
    /// The day before (-1) or after (+1) this one.
    func adding(days: Int) -> Day? {
        precondition(days == 1 || days == -1)
        if days == 1 {
            if let next = Day(year: year, month: month, day: day + 1) { return next }
            if let next = Day(year: year, month: month + 1, day: 1) { return next }
            return Day(year: year + 1, month: 1, day: 1)
        }
        if let previous = Day(year: year, month: month, day: day - 1) { return previous }
        if month > 1 { return Day(year: year, month: month - 1, day: Day.daysIn(month: month - 1, year: year)) }
        return Day(year: year - 1, month: 12, day: 31)
    }
}
